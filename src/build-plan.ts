// Build step (after scripts/transpile.mjs): compiles the bundled plan (its YAML and division list) to
// dist/bundled-plan.json, so commands on the bundled plan start without loading yaml and zod.
// Reading the YAML here also validates it: a plan with any problem fails the build with every
// problem listed.

import { writeFileSync } from 'node:fs';
import { PlanmetricsError } from './core/diagnostics.js';
import { formatDiagnosticLine } from './format/messages.js';
import { BUNDLED_PLAN, COMPILED_PLAN, compilePlan } from './io/compiled-plan.js';
import { loadPlanFile } from './io/plan-yaml.js';

try {
  writeFileSync(COMPILED_PLAN, compilePlan(loadPlanFile(BUNDLED_PLAN), BUNDLED_PLAN));
} catch (error) {
  if (!(error instanceof PlanmetricsError)) throw error;
  for (const d of error.diagnostics) process.stderr.write(`${formatDiagnosticLine(d, 'en')}\n`);
  process.exitCode = 1;
}
