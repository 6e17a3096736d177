// From CSV cells to SubmissionRows: header resolution, number reading, cell checks, region codes.
// Pure: the reader in src/io feeds it cells and physical line numbers.

import { diagnostic, type Diagnostic, type DiagnosticWhere } from './diagnostics.js';
import type { InputField, Level, Plan, SubmissionRow } from './types.js';

/** Where each field sits in a record; all numbers are 0-based cell indexes. */
export interface ColumnMap {
  regionCode: number;
  year: number;
  regionName: number | null;
  inputs: { column: number; fieldIndex: number }[];
  /** Number of cells in the header; every record should have as many. */
  width: number;
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

function headerLookup(plan: Plan): Map<string, ColumnTarget> {
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
  return plan.inputs.find((field) => field.index === target.fieldIndex)?.id ?? String(target.fieldIndex);
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
    },
    diagnostics,
  };
}

// Digits with optional thousands separators (only in groups of three), decimals, exponent
// (Excel writes 1.23E+11 for large numbers).
const NUMBER_PATTERN = /^[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)?(?:\.\d*)?(?:e[+-]?\d+)?$/i;

/** A number; null for a blank cell (not reported); undefined for text that is not a number. */
export function parseNumberCell(text: string): number | null | undefined {
  const cleaned = toHalfWidth(text).replace(/\u2212/g, '-').trim();
  if (cleaned === '') return null;
  if (!NUMBER_PATTERN.test(cleaned) || !/\d/.test(cleaned.replace(/e.*$/i, ''))) return undefined;
  const value = Number(cleaned.replace(/,/g, ''));
  if (!Number.isFinite(value)) return undefined;
  return value === 0 ? 0 : value; // no -0
}

const REGION_CODE_PATTERN = /^(?:\d{6}|\d{9}|\d{12})$/;
const YEAR_PATTERN = /^(\d{4})(?:年)?$/;
const FIRST_YEAR = 1900;
const LAST_YEAR = 2100;

function readYear(text: string): number | null {
  const match = YEAR_PATTERN.exec(toHalfWidth(text).trim());
  if (!match?.[1]) return null;
  const year = Number(match[1]);
  return year >= FIRST_YEAR && year <= LAST_YEAR ? year : null;
}

/** The checks one reported value must pass against its field's declaration. */
function checkValue(value: number, field: InputField, where: DiagnosticWhere): Diagnostic[] {
  const found: Diagnostic[] = [];
  const nonNegative = field.integer === true || (field.min !== undefined && field.min >= 0);
  if (nonNegative && value < 0) {
    found.push(diagnostic('NEGATIVE_COUNT', where, { value }));
  } else if ((field.min !== undefined && value < field.min) || (field.max !== undefined && value > field.max)) {
    const bounds: Record<string, number> = {};
    if (field.min !== undefined) bounds.min = field.min;
    if (field.max !== undefined) bounds.max = field.max;
    found.push(diagnostic('OUT_OF_RANGE', where, { value, ...bounds }));
  }
  if (field.integer === true && !Number.isInteger(value)) {
    found.push(diagnostic('NOT_INTEGER', where, { value }));
  }
  return found;
}

function cellCountDiagnostic(cells: string[], columns: ColumnMap, where: DiagnosticWhere): Diagnostic[] {
  if (cells.length === columns.width) return [];
  const column = Math.min(cells.length, columns.width) + 1;
  return [diagnostic('CELL_COUNT', { ...where, column }, { expected: columns.width, actual: cells.length })];
}

/**
 * One record to a row. Unreported and unreadable values are NaN in `values`; the row is null
 * only when its region code or year is unusable.
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
  const codeOk = REGION_CODE_PATTERN.test(code);
  const rowWhere: DiagnosticWhere = { file, line, ...(codeOk ? { region: code } : {}), ...(year !== null ? { year } : {}) };
  const diagnostics = cellCountDiagnostic(cells, columns, rowWhere);

  if (!codeOk) {
    const where = { ...rowWhere, column: columns.regionCode + 1, field: 'region_code' };
    diagnostics.push(diagnostic('REGION_CODE_MALFORMED', where, { value: codeText.trim() }));
  }
  if (year === null) {
    const where = { ...rowWhere, column: columns.year + 1, field: 'year' };
    diagnostics.push(diagnostic('YEAR_INVALID', where, { value: yearText.trim() }));
  }

  const values = new Float64Array(plan.inputs.length).fill(NaN);
  for (const { column, fieldIndex } of columns.inputs) {
    const field = plan.inputs[fieldIndex];
    const text = cells[column];
    if (field === undefined || text === undefined) continue;
    const where = { ...rowWhere, column: column + 1, field: field.id };
    const value = parseNumberCell(text);
    if (value === undefined) diagnostics.push(diagnostic('NOT_A_NUMBER', where, { value: text.trim() }));
    if (typeof value !== 'number') continue;
    values[fieldIndex] = value;
    diagnostics.push(...checkValue(value, field, where));
  }

  if (!codeOk || year === null) return { row: null, diagnostics };
  const name = columns.regionName === null ? '' : (cells[columns.regionName] ?? '').trim();
  const row: SubmissionRow = { code, year, values, source: { file, line } };
  if (name !== '') row.name = name;
  return { row, diagnostics };
}

/** 6 digits: XX0000 province, XXXX00 city, else county; 9 township; 12 village. */
export function regionLevel(code: string): Level | null {
  if (!REGION_CODE_PATTERN.test(code)) return null;
  if (code.length === 9) return 'township';
  if (code.length === 12) return 'village';
  if (code.endsWith('0000')) return 'province';
  if (code.endsWith('00')) return 'city';
  return 'county';
}

/** The code of the region one level up, found from the code alone; null for a province. */
export function parentCode(code: string): string | null {
  switch (regionLevel(code)) {
    case 'county':
      return `${code.slice(0, 4)}00`;
    case 'city':
      return `${code.slice(0, 2)}0000`;
    case 'township':
      return code.slice(0, 6);
    case 'village':
      return code.slice(0, 9);
    default:
      return null;
  }
}
