import { formatters, type FormatName } from '../format/index.js';
import { loadPlan } from '../io/read-plan.js';
import type { CommonOptions } from './options.js';
import type { CommandResult } from './result.js';

export async function runIndicators(options: CommonOptions): Promise<CommandResult> {
  const plan = loadPlan(options.plan);
  const output = formatters[options.format as FormatName].indicators(plan, { lang: options.lang, color: options.color, plan });
  return { output, exitCode: 0, warnings: [] };
}
