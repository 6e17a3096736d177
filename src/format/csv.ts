// Spreadsheet output. Column names are ids (stable for scripts); names and reasons follow --lang.
// Numbers are rounded by roundForCsv (at most 4 decimals) and written as numbers; text that a
// spreadsheet would run as a formula is neutralised with a leading apostrophe.

import type { CheckStream } from '../core/judge.js';
import type { ComputeReport, Coverage, Plan } from '../core/types.js';
import type { FormatOptions, Formatter, Text } from './formatter.js';
import { indicatorName } from './labels.js';
import { describeReason } from './messages.js';
import { numberText, roundForCsv } from './numbers.js';

/** A spreadsheet cell: text, a number, or empty. */
export type Cell = string | number | null;

/** OWASP's list: a cell starting with one of = + - @ tab CR is a formula to Excel, LibreOffice and Sheets. */
function startsFormula(text: string): boolean {
  const first = text.charCodeAt(0);
  return first === 0x3d || first === 0x2b || first === 0x2d || first === 0x40 || first === 0x09 || first === 0x0d;
}

/** Neutralises formula injection in text cells; numbers are never touched, so -3.5 stays a number. */
export function neutralise(text: string): string {
  return startsFormula(text) ? `'${text}` : text;
}

/** A cell that must be quoted: it holds a comma, a quote or a line break (RFC 4180). */
const NEEDS_QUOTES = /[",\r\n]/;

/** One cell as RFC 4180 writes it; text neutralised, numbers as JavaScript writes them (-0 as 0). */
function csvCell(cell: Cell): string {
  if (cell === null) return '';
  if (typeof cell === 'number') return numberText(cell);
  const text = neutralise(cell);
  return NEEDS_QUOTES.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** One line of CSV, ending in a newline. */
function csvLine(row: readonly Cell[]): string {
  let line = '';
  for (let i = 0; i < row.length; i++) line += i === 0 ? csvCell(row[i]!) : `,${csvCell(row[i]!)}`;
  return `${line}\n`;
}

/**
 * Header and rows as CSV lines, every text cell neutralised: the one CSV writer (a property test
 * holds it to csv-stringify). Rows may come one at a time (a generator) and lines go out as they
 * are made: a report's rows never all live at once. Each row is read before the next is asked
 * for, so a generator may hand out one array, filled anew for each row (see checkRows).
 */
export function* toCsv(header: readonly Cell[], rows: Iterable<readonly Cell[]>): Generator<string> {
  yield csvLine(header);
  for (const row of rows) yield csvLine(row);
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

/**
 * The check's rows, one array filled anew for each verdict: an array literal per verdict is what
 * V8 may start to put straight into the old generation (core/values.ts, docs/memory.md).
 */
function* checkRows(report: CheckStream, options: FormatOptions): Generator<Cell[]> {
  const infos = new Map(report.indicators.map((info) => [info.id, info]));
  const row: Cell[] = CHECK_COLUMNS.map(() => null);
  for (const verdict of report.results) {
    const info = infos.get(verdict.indicator);
    let c = 0;
    row[c++] = verdict.region_code;
    row[c++] = verdict.region_name;
    row[c++] = verdict.level;
    row[c++] = verdict.year;
    row[c++] = verdict.indicator;
    row[c++] = verdict.no;
    row[c++] = info ? indicatorName(info, options.lang) : verdict.indicator;
    row[c++] = roundForCsv(verdict.value);
    row[c++] = info?.unit ?? '';
    row[c++] = roundForCsv(verdict.baseline);
    row[c++] = roundForCsv(verdict.target);
    row[c++] = verdict.comparator;
    row[c++] = verdict.target_year;
    row[c++] = verdict.attribute;
    row[c++] = verdict.status;
    row[c++] = roundForCsv(verdict.gap);
    row[c++] = verdict.needed?.field ?? '';
    row[c++] = roundForCsv(verdict.needed?.amount);
    row[c++] = coverageCell(verdict.coverage);
    row[c++] = verdict.reason ? describeReason(verdict.reason, options.lang, options.plan) : '';
    yield row;
  }
}

function check(report: CheckStream, options: FormatOptions): Text {
  return toCsv(CHECK_COLUMNS, checkRows(report, options));
}

function compute(report: ComputeReport): Text {
  const ids = report.indicators.map((info) => info.id);
  function* rows(): Generator<Cell[]> {
    const row: Cell[] = new Array<Cell>(4 + ids.length);
    for (const computed of report.rows) {
      row[0] = computed.region_code;
      row[1] = computed.region_name;
      row[2] = computed.level;
      row[3] = computed.year;
      for (let i = 0; i < ids.length; i++) row[4 + i] = roundForCsv(computed.values[ids[i]!]);
      yield row;
    }
  }
  return toCsv(['region_code', 'region_name', 'level', 'year', ...ids], rows());
}

function indicators(plan: Plan): Text {
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
