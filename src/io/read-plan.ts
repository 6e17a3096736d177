// Reads a plan: the bundled one from its compiled JSON when that is up to date (a fast start),
// any other plan (or a stale compile) from its YAML and division list, through plan-yaml.ts.

import type { Diagnostic } from '../core/diagnostics.js';
import type { Plan } from '../core/types.js';
import { BUNDLED_PLAN, planLoading, readCompiledPlan } from './compiled-plan.js';

export { BUNDLED_PLAN } from './compiled-plan.js';
export { locator, MAX_PLAN_BYTES } from './plan-locate.js';

// The YAML reader (yaml, zod, csv-parse) is loaded with this module, unless the CLI has found
// that this run needs only the compiled bundled plan.
const yamlReader = planLoading.compiledOnly ? null : await import('./plan-yaml.js');

function reader(): typeof import('./plan-yaml.js') {
  if (!yamlReader) throw new Error('the YAML plan reader was not loaded: this run was set up for the compiled bundled plan only');
  return yamlReader;
}

/** Parses plan text; every problem comes back as a diagnostic, never as an exception. */
export function parsePlanText(text: string, file: string): { plan: Plan | null; diagnostics: Diagnostic[] } {
  return reader().parsePlanText(text, file);
}

/** Loads and validates a plan; throws PlanmetricsError (exit 2) with every problem if it is unusable. */
export function loadPlan(file: string = BUNDLED_PLAN): Plan {
  const compiled = file === BUNDLED_PLAN ? readCompiledPlan() : null;
  return compiled ?? reader().loadPlanFile(file);
}
