// From cells to SubmissionRows: header resolution (and the lines above it), number reading, cell
// checks, region codes (or names), total rows. Pure: the readers in src/io feed it cells and
// physical line numbers; the CSV reader's cells read numbers straight from their bytes.

import { diagnostic, type Diagnostic, type DiagnosticWhere } from './diagnostics.js';
import { candidateList, regionNamesOf, type RegionNames } from './region-names.js';
import { isRegionCode, regionLevel } from './regions.js';
import { LEVELS, type InputField, type Plan, type SubmissionRow } from './types.js';

/** Where each field sits in a record; all numbers are 0-based cell indexes. */
export interface ColumnMap {
  /** null: the file names its regions (regionName) and the plan's division list gives the codes. */
  regionCode: number | null;
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
  region_name: ['region_name', '地区名称', '地区', '区划名称', '行政区划名称', '名称', '单位', '单位名称'],
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
      const quoted = quoteCell(name);
      diagnostics.push(diagnostic('COLUMN_UNKNOWN', { ...where, field: quoted }, { name: quoted }));
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

  // Names instead of codes: only when the plan lists its divisions, which turn names into codes.
  const byName = fixed.region_code === undefined && fixed.region_name !== undefined && (plan.divisions?.length ?? 0) > 0;
  for (const required of ['region_code', 'year'] as const) {
    if (fixed[required] === undefined && !(required === 'region_code' && byName)) {
      diagnostics.push(diagnostic('COLUMN_MISSING', { file, line, field: required }, { name: required }));
    }
  }
  if ((fixed.region_code === undefined && !byName) || fixed.year === undefined) return { columns: null, diagnostics };
  return {
    columns: {
      regionCode: fixed.region_code ?? null,
      year: fixed.year,
      regionName: fixed.region_name ?? null,
      inputs,
      width: header.length,
      columnNumbers: firstColumnOf,
    },
    diagnostics,
  };
}

/**
 * The rule both readers use for lines above the header (a title, a units line, notes): the header
 * is the first non-blank row whose cells resolve to the region (code, or name where the plan lists
 * its divisions) and year columns. Returns the resolved header, or null for a line to skip.
 */
export function readHeaderRow(
  cells: string[],
  plan: Plan,
  file: string,
  line: number,
): { columns: ColumnMap; diagnostics: Diagnostic[] } | null {
  const resolved = resolveHeader(cells, plan, file, line);
  return resolved.columns === null ? null : { columns: resolved.columns, diagnostics: resolved.diagnostics };
}

/** At most this many characters of a cell go into a message. */
export const QUOTED_CELL_MAX = 80;

/** A cell as a message quotes it: trimmed, and cut to QUOTED_CELL_MAX characters with an ellipsis. */
export function quoteCell(text: string): string {
  const head = text.length > QUOTED_CELL_MAX * 4 ? text.slice(0, QUOTED_CELL_MAX * 4) : text;
  const trimmed = head.trim();
  return trimmed.length > QUOTED_CELL_MAX ? `${trimmed.slice(0, QUOTED_CELL_MAX - 1)}…` : trimmed;
}

/** One record's cells as the row builder reads them. */
export interface RecordCells {
  readonly count: number;
  text(index: number): string;
  /** The cell as a plain number (digits, at most one point, 15 digits at most); NaN for anything else. */
  number(index: number): number;
  /** number() of every cell, indexes below count (read in the builder's loop without a call per cell). */
  readonly numbers: Float64Array;
  /** Nothing at all in the cell. */
  empty(index: number): boolean;
  /** The cell's length: in characters, or in bytes where it is read from bytes (the same for ASCII). */
  width(index: number): number;
  /** Some cell held bytes that did not decode (U+FFFD). */
  anyUndecodable(): boolean;
  undecodable(index: number): boolean;
}

const REPLACEMENT_CHAR = '\uFFFD';
const PLAIN_NUMBER = /^\d{1,15}(?:\.\d*)?$|^\.\d{1,15}$/;

/** Cells that are strings already (a spreadsheet's, a test's). */
export class StringCells implements RecordCells {
  readonly numbers: Float64Array;
  constructor(private readonly cells: readonly string[]) {
    this.numbers = Float64Array.from(cells, (_, index) => this.number(index));
  }
  get count(): number {
    return this.cells.length;
  }
  text(index: number): string {
    return this.cells[index] ?? '';
  }
  number(index: number): number {
    const text = this.cells[index] ?? '';
    return PLAIN_NUMBER.test(text) && text.replace('.', '').length <= 15 ? Number(text) : Number.NaN;
  }
  empty(index: number): boolean {
    return (this.cells[index] ?? '') === '';
  }
  width(index: number): number {
    return (this.cells[index] ?? '').length;
  }
  anyUndecodable(): boolean {
    return this.cells.some((cell) => cell.includes(REPLACEMENT_CHAR));
  }
  undecodable(index: number): boolean {
    return (this.cells[index] ?? '').includes(REPLACEMENT_CHAR);
  }
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

/** Words that make a row a total row (合计, 总计, 小计) rather than a region. */
const TOTAL_WORDS = /[\u5408\u603b\u5c0f]\s*\u8ba1|^\s*(?:total|sum|subtotal)\s*$/i; // 合计 总计 小计

/** Codes that only repeat what BYTES_UNDECODABLE already says about the same cell. */
const MASKED_BY_UNDECODABLE = new Set(['NOT_A_NUMBER', 'COLUMN_UNKNOWN', 'REGION_CODE_MALFORMED', 'YEAR_INVALID', 'REGION_NAME_UNKNOWN', 'REGION_NAME_AMBIGUOUS']);

/** Reports each cell holding undecodable bytes, and drops the follow-on findings for that cell (from `since` on). */
export function reportUndecodable(cells: RecordCells, where: DiagnosticWhere, found: Diagnostic[], since: number): void {
  if (!cells.anyUndecodable()) return;
  const columns = new Set<number>();
  const undecodable: Diagnostic[] = [];
  for (let index = 0; index < cells.count; index++) {
    if (!cells.undecodable(index)) continue;
    columns.add(index + 1);
    undecodable.push(diagnostic('BYTES_UNDECODABLE', { ...where, column: index + 1 }, { value: quoteCell(cells.text(index)) }));
  }
  const kept = found.splice(since).filter((d) => !(MASKED_BY_UNDECODABLE.has(d.code) && d.column !== undefined && columns.has(d.column)));
  for (const d of undecodable) found.push(d);
  for (const d of kept) found.push(d);
}

/**
 * Total rows are checked against the rows above them (since the previous total row): per year, the
 * sum of the rows at the highest level among them (a list of counties and their townships is
 * totalled by its counties). Memory: a sum per field, level and year, never per row.
 */
class TotalRows {
  /** year -> per level (LEVELS order): sum of each field, and how many rows left it blank. */
  private sums = new Map<number, { rows: Int32Array; sum: Float64Array[]; blank: Int32Array[] }>();

  constructor(private readonly plan: Plan) {}

  add(year: number, level: number, values: Float64Array): void {
    let entry = this.sums.get(year);
    if (!entry) {
      const n = this.plan.inputs.length;
      entry = { rows: new Int32Array(LEVELS.length), sum: LEVELS.map(() => new Float64Array(n)), blank: LEVELS.map(() => new Int32Array(n)) };
      this.sums.set(year, entry);
    }
    entry.rows[level]! += 1;
    const sum = entry.sum[level]!;
    const blank = entry.blank[level]!;
    for (let i = 0; i < values.length; i++) {
      const v = values[i]!;
      if (v === v) sum[i]! += v;
      else blank[i]! += 1;
    }
  }

  /** The total row's findings, then a fresh start for the rows below it. */
  check(values: Float64Array, texts: (fieldIndex: number) => string, year: number | null, columns: ColumnMap, file: string, line: number, found: Diagnostic[]): void {
    const years = [...this.sums.keys()];
    const entry = this.sums.get(year ?? (years.length === 1 ? years[0]! : Number.NaN));
    this.sums = new Map();
    if (!entry) return;
    const level = entry.rows.findIndex((rows) => rows > 0);
    if (level < 0) return;
    for (const { column, fieldIndex } of columns.inputs) {
      const field = this.plan.inputs[fieldIndex]!;
      const total = values[fieldIndex]!;
      if (field.aggregate !== 'sum' || total !== total || entry.blank[level]![fieldIndex]! > 0) continue;
      const sum = entry.sum[level]![fieldIndex]!;
      // Rounded as the total cell is written (a total of 12.3 stands for 12.25 to 12.35), and float noise.
      const decimals = /\.(\d+)/.exec(texts(fieldIndex))?.[1]?.length ?? 0;
      const slack = Math.max(0.5 * 10 ** -decimals, 1e-9 * Math.max(Math.abs(sum), Math.abs(total)));
      if (Math.abs(total - sum) <= slack) continue;
      found.push(
        diagnostic('TOTAL_ROW_MISMATCH', { file, line, column: column + 1, field: field.id, ...(year !== null ? { year } : {}) }, { value: total, sum: Number(sum.toPrecision(15)), rows: entry.rows[level]! }),
      );
    }
  }
}

const LEVEL_DEPTH = new Map(LEVELS.map((level, i) => [level, i]));

export interface RowBuilderOptions {
  /**
   * true: a village row (the object and its values) is reused for the next row and carries no
   * name; only for a caller that reads it at once and keeps nothing of it (aggregation, checks).
   */
  transientVillages?: boolean;
}

/**
 * One builder per file and header: records in, SubmissionRows out, findings pushed onto `found`.
 * Holds no row: a sum per field for the total-row check, a scratch array, the column map.
 */
export class RowBuilder {
  private readonly scratch: Float64Array;
  private villageRow: SubmissionRow | null = null;
  private readonly totals: TotalRows;
  private readonly names: RegionNames | null;
  private readonly transientVillages: boolean;
  /** Per input column, in columns.inputs order: the cell, the field, and whether its value can draw a finding. */
  private readonly cellOf: Int32Array;
  private readonly fieldOf: Int32Array;
  private readonly min: Float64Array;
  private readonly max: Float64Array;
  private readonly integer: Uint8Array;
  /** The record being built, for where(). */
  private line = 0;
  private region: string | null = null;
  private year: number | null = null;

  constructor(
    private readonly plan: Plan,
    private readonly columns: ColumnMap,
    private readonly file: string,
    private readonly found: Diagnostic[],
    options: RowBuilderOptions = {},
  ) {
    this.scratch = new Float64Array(plan.inputs.length);
    this.totals = new TotalRows(plan);
    this.transientVillages = options.transientVillages === true;
    this.names = (plan.divisions?.length ?? 0) > 0 && columns.regionName !== null ? regionNamesOf(plan) : null;

    const inputs = columns.inputs;
    this.cellOf = Int32Array.from(inputs, (input) => input.column);
    this.fieldOf = Int32Array.from(inputs, (input) => input.fieldIndex);
    this.min = Float64Array.from(inputs, ({ fieldIndex }) => plan.inputs[fieldIndex]!.min ?? -Infinity);
    this.max = Float64Array.from(inputs, ({ fieldIndex }) => plan.inputs[fieldIndex]!.max ?? Infinity);
    this.integer = Uint8Array.from(inputs, ({ fieldIndex }) => (plan.inputs[fieldIndex]!.integer === true ? 1 : 0));
  }

  /** A cell's location for a finding on the record being built. */
  private where(column: number, field?: string): DiagnosticWhere {
    return {
      file: this.file,
      line: this.line,
      column: column + 1,
      ...(field !== undefined ? { field } : {}),
      ...(this.region !== null ? { region: this.region } : {}),
      ...(this.year !== null ? { year: this.year } : {}),
    };
  }

  /**
   * One record to a row. Unreported and unreadable values are NaN; null when the region or year is
   * unusable, or the record is a total row (checked against the rows above it).
   */
  build(cells: RecordCells, line: number): SubmissionRow | null {
    const { columns, file, found } = this;
    const since = found.length;
    this.line = line;
    const codeText = columns.regionCode === null ? '' : cells.text(columns.regionCode);
    let codeOk = isRegionCode(codeText);
    let code = codeText;
    if (!codeOk) {
      code = toHalfWidth(codeText).trim();
      codeOk = isRegionCode(code);
    }
    let name: string | null = null;
    let total = false;
    if (!codeOk) {
      name = columns.regionName === null ? '' : cells.text(columns.regionName).trim();
      total = TOTAL_WORDS.test(codeText) || (code === '' && TOTAL_WORDS.test(name));
    }

    const plainYear = cells.number(columns.year);
    let year: number | null;
    let yearText: string | null = null;
    // Four plain digits (not 2024.0 nor 02024, which the text rule refuses) need no string.
    if (plainYear >= FIRST_YEAR && plainYear <= LAST_YEAR && Number.isInteger(plainYear) && cells.width(columns.year) === 4) year = plainYear;
    else year = readYear((yearText = cells.text(columns.year)));

    // Names instead of codes: the division list says which region a name is.
    let nameProblem: Diagnostic | null = null;
    if (columns.regionCode === null && !total && this.names) {
      const text = name!;
      const match = this.names.resolve(text);
      if ('code' in match) {
        code = match.code;
        codeOk = true;
      } else {
        const at = { file, line, column: columns.regionName! + 1, field: 'region_name' };
        nameProblem =
          match.candidates.length === 0
            ? diagnostic('REGION_NAME_UNKNOWN', at, { value: quoteCell(text) })
            : diagnostic('REGION_NAME_AMBIGUOUS', at, { value: quoteCell(text), candidates: candidateList(match.candidates) });
      }
    }
    const rowOk = codeOk && year !== null;
    this.region = codeOk && !total ? code : null;
    this.year = year;

    if (cells.count !== columns.width) {
      const firstOff = Math.min(cells.count, columns.width);
      found.push(diagnostic('CELL_COUNT', this.where(firstOff), { expected: columns.width, actual: cells.count }));
    }
    if (nameProblem) found.push(nameProblem);
    else if (!codeOk && !total && columns.regionCode !== null) {
      found.push(diagnostic('REGION_CODE_MALFORMED', this.where(columns.regionCode, 'region_code'), { value: quoteCell(codeText) }));
    }
    if (year === null) {
      yearText ??= cells.text(columns.year);
      if (!(total && yearText.trim() === '')) found.push(diagnostic('YEAR_INVALID', this.where(columns.year, 'year'), { value: quoteCell(yearText) }));
    }
    const values = this.readValues(cells);
    if (cells.anyUndecodable()) reportUndecodable(cells, rowOk && !total ? { file, line, region: code, year: year! } : { file, line }, found, since);

    if (total) {
      const textOf = (fieldIndex: number): string => cells.text(columns.inputs.find((input) => input.fieldIndex === fieldIndex)!.column);
      this.totals.check(values, textOf, year, columns, file, line, found);
      return null;
    }
    if (!rowOk || year === null) return null;
    this.totals.add(year, LEVEL_DEPTH.get(regionLevel(code)!)!, values);
    if (this.transientVillages && code.length === 12 && columns.regionCode !== null) return this.reusedVillageRow(code, year, line);

    const row: SubmissionRow = { code, year, values: values.slice(), source: { file, line, columns: columns.columnNumbers } };
    if (columns.regionName !== null) {
      name ??= cells.text(columns.regionName).trim();
      if (name !== '') {
        row.name = name;
        // A name with undecodable bytes is reported as such (BYTES_UNDECODABLE), not as another region's.
        if (columns.regionCode !== null && this.names?.listsCodesOfLength(code.length) && !name.includes(REPLACEMENT_CHAR)) {
          const listed = this.names.contradicts(code, name);
          if (listed !== null) found.push(diagnostic('REGION_NAME_MISMATCH', { file, line, column: columns.regionName + 1, field: 'region_name', region: code, year }, { value: quoteCell(name), name: listed }));
        }
      }
    }
    return row;
  }

  /** With transientVillages, every village row is this one object, its values the scratch array. */
  private reusedVillageRow(code: string, year: number, line: number): SubmissionRow {
    let row = this.villageRow;
    if (row === null) {
      row = { code, year, values: this.scratch, source: { file: this.file, line, columns: this.columns.columnNumbers } };
      this.villageRow = row;
    }
    row.code = code;
    row.year = year;
    row.source.line = line;
    return row;
  }

  /** Reads the input cells into the scratch values. */
  private readValues(cells: RecordCells): Float64Array {
    const { plan, found, cellOf, fieldOf, min, max, integer } = this;
    const values = this.scratch;
    values.fill(Number.NaN);
    const count = cells.count;
    const numbers = cells.numbers;
    for (let k = 0; k < cellOf.length; k++) {
      const column = cellOf[k]!;
      if (column >= count) continue;
      const fieldIndex = fieldOf[k]!;
      let value = numbers[column]!;
      if (value !== value) {
        if (cells.empty(column)) continue;
        const text = cells.text(column);
        const parsed = parseNumberCell(text);
        if (parsed === null) continue;
        if (parsed === undefined) {
          found.push(diagnostic('NOT_A_NUMBER', this.where(column, plan.inputs[fieldIndex]!.id), { value: quoteCell(text) }));
          continue;
        }
        value = parsed;
      }
      values[fieldIndex] = value;
      if (value >= min[k]! && value <= max[k]! && (integer[k] === 0 || Number.isInteger(value))) continue;
      const field = plan.inputs[fieldIndex]!;
      const problem = rangeProblem(value, field);
      if (problem === 'NEGATIVE_COUNT') found.push(diagnostic(problem, this.where(column, field.id), { value }));
      if (problem === 'OUT_OF_RANGE') found.push(diagnostic(problem, this.where(column, field.id), rangeArgs(value, field)));
      if (field.integer === true && !Number.isInteger(value)) found.push(diagnostic('NOT_INTEGER', this.where(column, field.id), { value }));
    }
    return values;
  }
}

/**
 * One record to a row, on its own (no total-row sums across records): unreported and unreadable
 * values are NaN in `values`; the row is null only when its region or year is unusable.
 */
export function recordToRow(
  cells: string[],
  columns: ColumnMap,
  plan: Plan,
  file: string,
  line: number,
): { row: SubmissionRow | null; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const row = new RowBuilder(plan, columns, file, diagnostics).build(new StringCells(cells), line);
  return { row, diagnostics };
}

export { parentCode, regionLevel } from './regions.js';
