// From CSV cells to SubmissionRows: header resolution, number reading, cell checks, region codes.
// Pure: the reader in src/io feeds it cells and physical line numbers.

import { diagnostic, type Diagnostic, type DiagnosticWhere } from './diagnostics.js';
import { isRegionCode } from './regions.js';
import type { InputField, Plan, SubmissionRow } from './types.js';

/** Where each field sits in a record; all numbers are 0-based cell indexes. */
export interface ColumnMap {
  regionCode: number;
  year: number;
  regionName: number | null;
  inputs: { column: number; fieldIndex: number }[];
  /** Number of cells in the header; every record should have as many. */
  width: number;
  /** Field id (and region_code, year) -> 1-based column number, for findings made after parsing. */
  columnNumbers: ReadonlyMap<string, number>;
}

type ColumnTarget = 'region_code' | 'year' | 'region_name' | { fieldIndex: number };

const FIXED_COLUMN_NAMES: Record<'region_code' | 'year' | 'region_name', string[]> = {
  region_code: ['region_code', '地区代码', '行政区划代码'],
  year: ['year', '年份'],
  region_name: ['region_name', '地区名称', '地区'],
};

/** Full-width forms become ASCII (NFKC); only non-ASCII text pays for it. */
function toHalfWidth(text: string): string {
  return /[^\x00-\x7f]/.test(text) ? text.normalize('NFKC') : text;
}

/** Header matching ignores case, width and whitespace: "智慧社区建成（县级，0/1）" finds its field. */
function headerKey(text: string): string {
  return toHalfWidth(text).replace(/\s+/g, '').toLowerCase();
}

const headerLookups = new WeakMap<Plan, ReadonlyMap<string, ColumnTarget>>();

/**
 * Header text (as headerKey makes it) to field, once per plan: every file's header is resolved
 * against it, and building it normalises each of the plan's Chinese labels (NFKC).
 */
function headerLookup(plan: Plan): ReadonlyMap<string, ColumnTarget> {
  let lookup = headerLookups.get(plan);
  if (!lookup) {
    lookup = buildHeaderLookup(plan);
    headerLookups.set(plan, lookup);
  }
  return lookup;
}

function buildHeaderLookup(plan: Plan): Map<string, ColumnTarget> {
  const lookup = new Map<string, ColumnTarget>();
  for (const [target, names] of Object.entries(FIXED_COLUMN_NAMES)) {
    for (const name of names) lookup.set(headerKey(name), target as keyof typeof FIXED_COLUMN_NAMES);
  }
  for (const field of plan.inputs) {
    const target = { fieldIndex: field.index };
    if (!lookup.has(headerKey(field.id))) lookup.set(headerKey(field.id), target);
    if (!lookup.has(headerKey(field.label))) lookup.set(headerKey(field.label), target);
  }
  return lookup;
}

function targetId(target: ColumnTarget, plan: Plan): string {
  if (typeof target === 'string') return target;
  // An input's index is its place in plan.inputs (catalogue.ts), as layoutOf and the engine read it.
  return plan.inputs[target.fieldIndex]?.id ?? String(target.fieldIndex);
}

/** Maps header cells to fields. `columns` is null when region_code or year is missing. */
export function resolveHeader(
  header: string[],
  plan: Plan,
  file: string,
  line: number,
): { columns: ColumnMap | null; diagnostics: Diagnostic[] } {
  const lookup = headerLookup(plan);
  const diagnostics: Diagnostic[] = [];
  const firstColumnOf = new Map<string, number>();
  const fixed: Partial<Record<'region_code' | 'year' | 'region_name', number>> = {};
  const inputs: ColumnMap['inputs'] = [];

  header.forEach((text, index) => {
    const where = { file, line, column: index + 1 };
    const name = text.trim();
    if (name === '') {
      diagnostics.push(diagnostic('HEADER_BLANK', where));
      return;
    }
    const target = lookup.get(headerKey(name));
    if (target === undefined) {
      diagnostics.push(diagnostic('COLUMN_UNKNOWN', { ...where, field: name }, { name }));
      return;
    }
    const id = targetId(target, plan);
    const first = firstColumnOf.get(id);
    if (first !== undefined) {
      diagnostics.push(diagnostic('HEADER_DUPLICATE', { ...where, field: id }, { name, first }));
      return;
    }
    firstColumnOf.set(id, index + 1);
    if (typeof target === 'string') fixed[target] = index;
    else inputs.push({ column: index, fieldIndex: target.fieldIndex });
  });

  for (const required of ['region_code', 'year'] as const) {
    if (fixed[required] === undefined) {
      diagnostics.push(diagnostic('COLUMN_MISSING', { file, line, field: required }, { name: required }));
    }
  }
  if (fixed.region_code === undefined || fixed.year === undefined) return { columns: null, diagnostics };
  return {
    columns: {
      regionCode: fixed.region_code,
      year: fixed.year,
      regionName: fixed.region_name ?? null,
      inputs,
      width: header.length,
      columnNumbers: firstColumnOf,
    },
    diagnostics,
  };
}

// Digits with optional thousands separators (only in groups of three), decimals, exponent
// (Excel writes 1.23E+11 for large numbers).
const PLAIN_DIGITS = /^\d{1,15}$/;
const NUMBER_PATTERN = /^[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)?(?:\.\d*)?(?:e[+-]?\d+)?$/i;

/** A number; null for a blank cell (not reported); undefined for text that is not a number. */
export function parseNumberCell(text: string): number | null | undefined {
  if (PLAIN_DIGITS.test(text)) return Number(text); // the common case, kept fast
  const cleaned = toHalfWidth(text).replace(/\u2212/g, '-').trim();
  if (cleaned === '') return null;
  if (!NUMBER_PATTERN.test(cleaned) || !/\d/.test(cleaned.replace(/e.*$/i, ''))) return undefined;
  const value = Number(cleaned.replace(/,/g, ''));
  if (!Number.isFinite(value)) return undefined;
  return value === 0 ? 0 : value; // no -0
}

const YEAR_PATTERN = /^(\d{4})(?:\u5e74)?$/; // \u5e74 年
const FIRST_YEAR = 1900;
const LAST_YEAR = 2100;

function readYear(text: string): number | null {
  const match = YEAR_PATTERN.exec(toHalfWidth(text).trim());
  if (!match?.[1]) return null;
  const year = Number(match[1]);
  return year >= FIRST_YEAR && year <= LAST_YEAR ? year : null;
}

/** The finding, if any, for a reported value against its field's declared range. */
function rangeProblem(value: number, field: InputField): 'NEGATIVE_COUNT' | 'OUT_OF_RANGE' | null {
  // Only a count gets "negative count"; a negative income is simply outside its declared range.
  if (field.integer === true && value < 0) return 'NEGATIVE_COUNT';
  if ((field.min !== undefined && value < field.min) || (field.max !== undefined && value > field.max)) return 'OUT_OF_RANGE';
  return null;
}

function rangeArgs(value: number, field: InputField): Record<string, number> {
  const args: Record<string, number> = { value };
  if (field.min !== undefined) args.min = field.min;
  if (field.max !== undefined) args.max = field.max;
  return args;
}

/** Reads the input cells into `values`; `where` builds a cell's location only when there is a finding. */
function readValues(
  cells: string[],
  columns: ColumnMap,
  plan: Plan,
  where: (column: number, field: string) => DiagnosticWhere,
  diagnostics: Diagnostic[],
): Float64Array {
  const values = new Float64Array(plan.inputs.length).fill(NaN);
  for (const { column, fieldIndex } of columns.inputs) {
    const field = plan.inputs[fieldIndex];
    const text = cells[column];
    if (field === undefined || text === undefined) continue;
    const value = parseNumberCell(text);
    if (value === null) continue;
    if (value === undefined) {
      diagnostics.push(diagnostic('NOT_A_NUMBER', where(column, field.id), { value: text.trim() }));
      continue;
    }
    values[fieldIndex] = value;
    const problem = rangeProblem(value, field);
    if (problem === 'NEGATIVE_COUNT') diagnostics.push(diagnostic(problem, where(column, field.id), { value }));
    if (problem === 'OUT_OF_RANGE') diagnostics.push(diagnostic(problem, where(column, field.id), rangeArgs(value, field)));
    if (field.integer === true && !Number.isInteger(value)) {
      diagnostics.push(diagnostic('NOT_INTEGER', where(column, field.id), { value }));
    }
  }
  return values;
}

/**
 * One record to a row. Unreported and unreadable values are NaN in `values`; the row is null
 * only when its region code or year is unusable. Cell findings carry 1-based column numbers.
 */
export function recordToRow(
  cells: string[],
  columns: ColumnMap,
  plan: Plan,
  file: string,
  line: number,
): { row: SubmissionRow | null; diagnostics: Diagnostic[] } {
  const codeText = cells[columns.regionCode] ?? '';
  const yearText = cells[columns.year] ?? '';
  const code = toHalfWidth(codeText).trim();
  const year = readYear(yearText);
  const codeOk = isRegionCode(code);
  const where = (column: number, field?: string): DiagnosticWhere => ({
    file,
    line,
    column: column + 1,
    ...(field !== undefined ? { field } : {}),
    ...(codeOk ? { region: code } : {}),
    ...(year !== null ? { year } : {}),
  });
  const diagnostics: Diagnostic[] = [];

  if (cells.length !== columns.width) {
    const firstOff = Math.min(cells.length, columns.width);
    diagnostics.push(diagnostic('CELL_COUNT', where(firstOff), { expected: columns.width, actual: cells.length }));
  }
  if (!codeOk) {
    diagnostics.push(diagnostic('REGION_CODE_MALFORMED', where(columns.regionCode, 'region_code'), { value: codeText.trim() }));
  }
  if (year === null) {
    diagnostics.push(diagnostic('YEAR_INVALID', where(columns.year, 'year'), { value: yearText.trim() }));
  }
  const values = readValues(cells, columns, plan, where, diagnostics);

  if (!codeOk || year === null) return { row: null, diagnostics };
  const name = columns.regionName === null ? '' : (cells[columns.regionName] ?? '').trim();
  const row: SubmissionRow = { code, year, values, source: { file, line, columns: columns.columnNumbers } };
  if (name !== '') row.name = name;
  return { row, diagnostics };
}

export { parentCode, regionLevel } from './regions.js';
