#!/usr/bin/env node
// Compiles the bundled plan (data/*.yaml + its division list) to dist/bundled-plan.json after
// `tsc`, so that commands on the bundled plan start without loading yaml and zod. Reading the
// YAML here also validates it: a plan with any problem fails the build with every problem listed.

import { writeFileSync } from 'node:fs';
import { BUNDLED_PLAN, COMPILED_PLAN, compilePlan } from '../dist/io/compiled-plan.js';
import { formatDiagnosticLine } from '../dist/format/messages.js';
import { loadPlanFile } from '../dist/io/plan-yaml.js';

try {
  writeFileSync(COMPILED_PLAN, compilePlan(loadPlanFile(BUNDLED_PLAN), BUNDLED_PLAN));
} catch (error) {
  if (!error.diagnostics) throw error;
  for (const d of error.diagnostics) process.stderr.write(`${formatDiagnosticLine(d, 'en')}\n`);
  process.exit(1);
}
