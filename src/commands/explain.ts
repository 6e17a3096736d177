// `explain INDICATOR --region CODE`: how one value was computed, for a reviewer to redo by hand.

import { explain } from '../core/explain.js';
import { planExamples } from '../core/plan-lookup.js';
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
  if (!formatter) throw usageError(`explain writes table, csv, json or markdown; got --format ${options.format}`);
  const regions = splitList(options.region) ?? [];
  if (regions.length !== 1) {
    const example = planExamples(await loadPlan(options.plan));
    throw usageError(`explain needs exactly one --region CODE (e.g. explain ${example.indicator} --region ${example.region || 'CODE'})`);
  }
  const year = parseOneYear(options.year, 'explain');
  const data = await loadData(files, { ...options, engine: { keepContributors: true } });
  const result = explain(data.plan, data.engine, { indicator, region: regions[0]!, year });
  if ('error' in result) throw usageError(`explain: ${result.error}`);
  return { output: formatter.explain(result, { lang: options.lang, color: options.color, plan: data.plan, painter: await painterFor(options.color) }), exitCode: 0, warnings: data.warnings };
}
