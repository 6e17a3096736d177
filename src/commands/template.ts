// An empty submission for data collectors: every input column, optionally one row per division.

import { PlanmetricsError, type Diagnostic } from '../core/diagnostics.js';
import { divisionsAt } from '../core/divisions.js';
import { assertFiltersMatch, filterError } from '../core/filters.js';
import { levelDepth } from '../core/regions.js';
import type { Level, Plan } from '../core/types.js';
import { toCsv } from '../format/csv.js';
import { loadPlan } from '../io/read-plan.js';
import { parseLevels, parseYears, splitList, usageError, type CommonOptions } from './options.js';
import type { CommandResult } from './result.js';

export interface TemplateOptions extends CommonOptions {
  labels?: boolean;
}

/** The template's level when --level is not given. */
export const TEMPLATE_LEVELS: Level[] = ['city'];

/** The header, and with a year one row per division at `levels` that year (within `regions`, when given). */
export function templateRows(plan: Plan, options: { labels: boolean; year?: number; levels: Level[]; regions?: readonly string[] }): string[][] {
  const header = options.labels
    ? ['行政区划代码', '地区名称', '年份', ...plan.inputs.map((input) => input.label)]
    : ['region_code', 'region_name', 'year', ...plan.inputs.map((input) => input.id)];
  const blanks = plan.inputs.map(() => '');
  const year = options.year;
  if (year === undefined) return [header];
  // Shallow levels first, each in code order (the order of the division lists).
  const levels = [...options.levels].sort((a, b) => levelDepth(a) - levelDepth(b));
  const divisions = levels.flatMap((level) => divisionsAt(plan, level, year, options.regions));
  return [header, ...divisions.map((d) => [d.code, d.name, String(year), ...blanks])];
}

export async function runTemplate(options: TemplateOptions): Promise<CommandResult> {
  if (!['csv', 'xlsx'].includes(options.format)) throw usageError('format_choice', { command: 'template', formats: 'csv, xlsx', value: options.format });
  const plan = options.loadedPlan ?? (await loadPlan(options.plan));
  const years = parseYears(options.year);
  if (years === 'all' || years.length > 1) throw usageError('template_one_year');
  const regions = splitList(options.region);
  // Rows need a year: without one, --level and --region would be ignored.
  if (years.length === 0 && (options.level !== undefined || regions !== undefined)) throw usageError('template_needs_year');
  assertFiltersMatch({ plan }, { regions, years });
  const xlsx = options.format === 'xlsx';
  // The xlsx sheet always has Chinese labels: it is filled in by people, and read back by label.
  const rows = templateRows(plan, { labels: xlsx || (options.labels ?? false), year: years[0], levels: parseLevels(options.level, TEMPLATE_LEVELS), regions });
  // A region with nothing at the levels asked (a county for --level city, a code not yet or no longer in force that year) is not an empty template.
  if (regions !== undefined && rows.length === 1) throw new PlanmetricsError([filterError('--region', regions.join(','), 'nothing_at_level', [])]);
  if (xlsx) {
    const { templateWorkbook } = await import('../format/xlsx-template.js');
    const warnings: Diagnostic[] = [];
    return { output: await templateWorkbook(plan, rows, options.lang, warnings), exitCode: 0, warnings };
  }
  return { output: toCsv(rows[0]!, rows.slice(1)), exitCode: 0, warnings: [] };
}
