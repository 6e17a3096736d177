// Spreadsheet output. Column names are ids (stable for scripts); names and reasons follow --lang.
// Numbers are rounded by roundForCsv (at most 4 decimals) and written as numbers; text that a
// spreadsheet would run as a formula is neutralised with a leading apostrophe.

import { stringify } from 'csv-stringify/sync';
import type { CheckReport, ComputeReport, Coverage, IndicatorInfo, Plan, Verdict } from '../core/types.js';
import type { FormatOptions, Formatter } from './formatter.js';
import { indicatorName } from './labels.js';
import { describeReason } from './messages.js';
import { roundForCsv } from './numbers.js';

/** A spreadsheet cell: text, a number, or empty. */
export type Cell = string | number | null;

/** OWASP's list: a cell starting with one of these is a formula to Excel, LibreOffice and Sheets. */
const FORMULA_START = /^[=+\-@\t\r]/;

/** Neutralises formula injection in text cells; numbers are never touched, so -3.5 stays a number. */
export function neutralise(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}

/** Text csv-stringify would quote (a comma, a quote, a line break) or that neutralise() changes. */
const NEEDS_CARE = /[",\r\n]|^[=+\-@\t\r]/;

/**
 * A row as csv-stringify writes it, when that is its cells joined by commas: numbers (never
 * quoted or neutralised), empty cells and plain text. null for a row with text that needs care.
 * A county table has 150,000 cells, a county check 3 million: csv-stringify's general path
 * costs ~1.5 µs a cell, this ~0.05 µs. A property test holds the two equal.
 */
function plainLine(cells: readonly Cell[]): string | null {
  let line = '';
  for (let i = 0; i < cells.length; i++) {
    const cell = cells[i]!;
    let text: string;
    if (typeof cell === 'number') text = `${cell}`;
    else if (cell === null) text = '';
    else if (NEEDS_CARE.test(cell)) return null;
    else text = cell;
    line += i === 0 ? text : `,${text}`;
  }
  return line;
}

const STRINGIFY_OPTIONS = { cast: { string: (value: string) => neutralise(value) } };

function csvLine(row: readonly Cell[]): string {
  const plain = plainLine(row);
  return plain === null ? stringify([row], STRINGIFY_OPTIONS) : `${plain}\n`;
}

/**
 * Header and rows as CSV, every text cell neutralised. Shared by the project formats. Rows may
 * come one at a time (a generator): a county check's 145,000 rows of cells then never all live
 * at once, only their lines.
 */
export function toCsv(header: string[], rows: Iterable<Cell[]>): string {
  const lines = [csvLine(header)];
  for (const row of rows) lines.push(csvLine(row));
  return lines.join('');
}

/** "9/11" when the value is built from children; blank for a region's own reported row. */
function coverageCell(coverage: Coverage | null): string {
  return coverage && coverage.from === 'children' ? `${coverage.used}/${coverage.expected}` : '';
}

const CHECK_COLUMNS = [
  'region_code',
  'region_name',
  'level',
  'year',
  'indicator',
  'no',
  'name',
  'value',
  'unit',
  'baseline',
  'target',
  'comparator',
  'target_year',
  'attribute',
  'status',
  'gap',
  'needed_field',
  'needed_amount',
  'coverage',
  'reason',
];

function checkRow(verdict: Verdict, info: IndicatorInfo | undefined, options: FormatOptions): Cell[] {
  return [
    verdict.region_code,
    verdict.region_name,
    verdict.level,
    verdict.year,
    verdict.indicator,
    verdict.no,
    info ? indicatorName(info, options.lang) : verdict.indicator,
    roundForCsv(verdict.value),
    info?.unit ?? '',
    roundForCsv(verdict.baseline),
    roundForCsv(verdict.target),
    verdict.comparator,
    verdict.target_year,
    verdict.attribute,
    verdict.status,
    roundForCsv(verdict.gap),
    verdict.needed?.field ?? '',
    roundForCsv(verdict.needed?.amount),
    coverageCell(verdict.coverage),
    verdict.reason ? describeReason(verdict.reason, options.lang, options.plan) : '',
  ];
}

function check(report: CheckReport, options: FormatOptions): string {
  const infos = new Map(report.indicators.map((info) => [info.id, info]));
  function* rows(): Generator<Cell[]> {
    for (const verdict of report.results) yield checkRow(verdict, infos.get(verdict.indicator), options);
  }
  return toCsv(CHECK_COLUMNS, rows());
}

function compute(report: ComputeReport): string {
  const ids = report.indicators.map((info) => info.id);
  function* rows(): Generator<Cell[]> {
    for (const row of report.rows) yield [row.region_code, row.region_name, row.level, row.year, ...ids.map((id) => roundForCsv(row.values[id]))];
  }
  return toCsv(['region_code', 'region_name', 'level', 'year', ...ids], rows());
}

function indicators(plan: Plan): string {
  const header = [
    'id', 'no', 'name', 'name_en', 'unit', 'formula', 'baseline', 'comparator', 'target', 'tolerance', 'target_year', 'attribute', 'levels',
  ];
  const rows = plan.indicators.map((indicator): Cell[] => [
    indicator.id,
    indicator.no,
    indicator.name,
    indicator.name_en,
    indicator.unit,
    indicator.formula.source,
    roundForCsv(indicator.baseline),
    indicator.target.comparator,
    roundForCsv(indicator.target.value),
    roundForCsv(indicator.target.tolerance),
    indicator.target_year,
    indicator.attribute,
    indicator.levels.join(' '),
  ]);
  return toCsv(header, rows);
}

export const csv: Formatter = { check, compute, indicators };
