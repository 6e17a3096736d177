import { computeReport } from '../core/compute.js';
import { formatters, type FormatName } from '../format/index.js';
import { loadData } from './load.js';
import { parseLevels, parseYears, splitList, type CommonOptions } from './options.js';
import type { CommandResult } from './result.js';

export async function runCompute(files: string[], options: CommonOptions & { stdin?: NodeJS.ReadableStream }): Promise<CommandResult> {
  const data = await loadData(files, options);
  const report = computeReport(data.plan, data.engine, {
    years: parseYears(options.year ?? 'all'),
    levels: parseLevels(options.level, ['province', 'city']),
    regions: splitList(options.region),
    indicators: splitList(options.indicator),
  });
  const output = formatters[options.format as FormatName].compute(report, { lang: options.lang, color: options.color, plan: data.plan });
  return { output, exitCode: 0, warnings: data.warnings };
}
