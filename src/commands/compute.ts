import { computeReport } from '../core/compute.js';
import { assertFiltersMatch } from '../core/filters.js';
import { render } from '../format/render.js';
import { describeSources } from '../io/provenance.js';
import { loadData } from './load.js';
import { parseLevels, parseYears, splitList, type CommonOptions } from './options.js';
import type { CommandResult } from './result.js';

export async function runCompute(files: string[], options: CommonOptions & { stdin?: NodeJS.ReadableStream }): Promise<CommandResult> {
  const levels = parseLevels(options.level, ['province', 'city']);
  // Only these levels are reported: the engine need not keep the others' regions once folded.
  const years = parseYears(options.year ?? 'all');
  const regions = splitList(options.region);
  const indicators = splitList(options.indicator);
  const data = await loadData(files, { ...options, levels: new Set(levels) });
  assertFiltersMatch({ plan: data.plan, engine: data.engine, levels }, { indicators, regions, years });
  const report = computeReport(data.plan, data.engine, { years, levels, regions, indicators });
  const provenance = describeSources(options.plan, data.files);
  const output = await render(options.format, 'compute', report, { lang: options.lang, color: options.color, plan: data.plan, provenance, width: options.width }, data.warnings);
  return { output, exitCode: 0, warnings: data.warnings };
}
