import type { Diagnostic } from '../core/diagnostics.js';
import { assertFiltersMatch } from '../core/filters.js';
import { selectIndicators } from '../core/judge.js';
import type { Plan } from '../core/types.js';
import { render } from '../format/render.js';
import { describeSources } from '../io/provenance.js';
import { loadPlan } from '../io/read-plan.js';
import { splitList, type CommonOptions } from './options.js';
import type { CommandResult } from './result.js';

/** The plan cut down to the indicators asked for and the inputs they read (all, when none is asked for). */
export function planFor(plan: Plan, indicators: string[] | undefined): Plan {
  if (!indicators || indicators.length === 0) return plan;
  const chosen = selectIndicators(plan, indicators).map((i) => plan.indicators[i]!);
  const read = new Set(chosen.flatMap((indicator) => indicator.requires));
  return { ...plan, indicators: chosen, inputs: plan.inputs.filter((input) => read.has(input.index)) };
}

export async function runIndicators(options: CommonOptions): Promise<CommandResult> {
  const plan = options.loadedPlan ?? (await loadPlan(options.plan));
  const warnings: Diagnostic[] = [];
  const indicators = splitList(options.indicator);
  assertFiltersMatch({ plan }, { indicators });
  const shown = planFor(plan, indicators);
  const output = await render(options.format, 'indicators', shown, { lang: options.lang, color: options.color, plan: shown, provenance: describeSources(options.plan, []), width: options.width }, warnings);
  return { output, exitCode: 0, warnings };
}
