// An empty submission for data collectors: every input column, optionally one row per division.

import type { Diagnostic } from '../core/diagnostics.js';
import type { Plan } from '../core/types.js';
import { toCsv } from '../format/csv.js';
import { asOutput } from '../format/formatter.js';
import { loadPlan } from '../io/read-plan.js';
import { parseLevels, parseYears, usageError, type CommonOptions } from './options.js';
import type { CommandResult } from './result.js';

export interface TemplateOptions extends CommonOptions {
  labels?: boolean;
}

export function templateRows(plan: Plan, options: { labels: boolean; year?: number; levels: string[] }): string[][] {
  const header = options.labels
    ? ['行政区划代码', '地区名称', '年份', ...plan.inputs.map((input) => input.label)]
    : ['region_code', 'region_name', 'year', ...plan.inputs.map((input) => input.id)];
  const blanks = plan.inputs.map(() => '');
  const divisions = options.year === undefined ? [] : (plan.divisions ?? []).filter((d) => options.levels.includes(d.level));
  return [header, ...divisions.map((d) => [d.code, d.name, String(options.year), ...blanks])];
}

export async function runTemplate(options: TemplateOptions): Promise<CommandResult> {
  if (!['csv', 'table', 'xlsx'].includes(options.format)) throw usageError(`template writes csv or xlsx; got --format ${options.format}`);
  const plan = await loadPlan(options.plan);
  const years = parseYears(options.year);
  if (years === 'all' || years.length > 1) throw usageError('template takes one --year');
  const xlsx = options.format === 'xlsx';
  // The xlsx sheet always has Chinese labels: it is filled in by people, and read back by label.
  const rows = templateRows(plan, { labels: xlsx || (options.labels ?? false), year: years[0], levels: parseLevels(options.level, ['city']) });
  if (xlsx) {
    const { templateWorkbook } = await import('../format/xlsx-template.js');
    const warnings: Diagnostic[] = [];
    return { output: await templateWorkbook(plan, rows, options.lang, warnings), exitCode: 0, warnings };
  }
  return { output: asOutput(toCsv(rows[0]!, rows.slice(1))), exitCode: 0, warnings: [] };
}
