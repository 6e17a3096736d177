// `explain INDICATOR --region CODE`: how one value was computed, for a reviewer to redo by hand.

import { PlanmetricsError } from '../core/diagnostics.js';
import { explain } from '../core/explain.js';
import { planExamples } from '../core/plan-lookup.js';
import { assertFiltersMatch, filterError } from '../core/filters.js';
import { painterFor } from '../format/paint.js';
import { projectFormatter } from '../format/project/index.js';
import { loadPlan } from '../io/read-plan.js';
import { loadData } from './load.js';
import { splitList, usageError, type CommonOptions } from './options.js';
import { parseOneYear } from './project.js';
import type { CommandResult } from './result.js';

export interface ExplainOptions extends CommonOptions {
  stdin?: NodeJS.ReadableStream;
  sheet?: string;
}

export async function runExplain(indicator: string, files: string[], options: ExplainOptions): Promise<CommandResult> {
  const formatter = projectFormatter(options.format);
  if (!formatter) throw usageError('format_choice', { command: 'explain', formats: 'table, csv, json, markdown', value: options.format });
  const regions = splitList(options.region) ?? [];
  if (regions.length !== 1) {
    const example = planExamples(options.loadedPlan ?? (await loadPlan(options.plan)));
    throw usageError('explain_one_region', { indicator: example.indicator, region: example.region || 'CODE' });
  }
  const year = parseOneYear(options.year, 'explain');
  const data = await loadData(files, { ...options, engine: { keepContributors: true } });
  const { plan, engine } = data;
  assertFiltersMatch({ plan, engine, indicatorOption: 'INDICATOR' }, { indicators: [indicator], regions, years: year === undefined ? undefined : [year] });
  const asOf = year ?? engine.years.at(-1);
  // Known, but without a row (or children) in the year looked at: name the years it has.
  if (asOf === undefined || !engine.get(regions[0]!, asOf)) {
    const has = engine.years.filter((y) => engine.get(regions[0]!, y) !== undefined);
    throw new PlanmetricsError([filterError('--region', regions[0]!, 'no_data_for_region', has.map(String))]);
  }
  const result = explain(plan, engine, { indicator, region: regions[0]!, year: asOf });
  // Unreachable after the checks above; kept so a new refusal in explain() is never silent.
  if ('error' in result) throw usageError('refused', { command: 'explain', detail: result.error });
  return { output: formatter.explain(result, { lang: options.lang, color: options.color, plan, painter: await painterFor(options.color), width: options.width }), exitCode: 0, warnings: data.warnings };
}
