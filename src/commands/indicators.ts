import type { Diagnostic } from '../core/diagnostics.js';
import { render } from '../format/render.js';
import { describeSources } from '../io/provenance.js';
import { loadPlan } from '../io/read-plan.js';
import type { CommonOptions } from './options.js';
import type { CommandResult } from './result.js';

export async function runIndicators(options: CommonOptions): Promise<CommandResult> {
  const plan = await loadPlan(options.plan);
  const warnings: Diagnostic[] = [];
  const output = await render(options.format, 'indicators', plan, { lang: options.lang, color: options.color, plan, provenance: describeSources(options.plan, []) }, warnings);
  return { output, exitCode: 0, warnings };
}
