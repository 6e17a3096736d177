// Reads a plan: the bundled one from its compiled JSON when that is up to date (a fast start),
// any other plan from its compiled copy in the plan cache, when the user turned that on and the
// copy is up to date; otherwise from its YAML and division list, through plan-yaml.ts, which is
// loaded (with yaml and zod) only then, and cached if the cache is on (see
// compiled-plan.ts).

import type { Plan } from '../core/types.js';
import { BUNDLED_PLAN, cachePlan, readCachedPlan, readCompiledPlan } from './compiled-plan.js';

export { BUNDLED_PLAN } from './compiled-plan.js';
export { locator, MAX_PLAN_BYTES } from './plan-locate.js';

/** Loads and validates a plan; throws PlanmetricsError (exit 2) with every problem if it is unusable. */
export async function loadPlan(file: string = BUNDLED_PLAN): Promise<Plan> {
  const bundled = file === BUNDLED_PLAN;
  const compiled = bundled ? readCompiledPlan() : readCachedPlan(file);
  if (compiled) return compiled;
  const plan = (await import('./plan-yaml.js')).loadPlanFile(file);
  if (!bundled) cachePlan(plan, file);
  return plan;
}
