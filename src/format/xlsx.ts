// `--format xlsx`: workbooks for people who live in Excel. Numbers are stored as numbers (rounded
// like the CSV, at most 4 decimals), status cells are coloured and named, the header row is frozen
// with a filter, and columns are as wide as their text (a CJK character counts as two).
//
// Written as a stream: each sheet's XML is made a batch of rows at a time and deflated into the zip
// (zip.ts) as the output is read, so memory does not grow with the report. Strings are inline (no
// shared-string table to hold), as xlsxwriter's constant-memory mode writes them. Characters XML
// cannot hold are written as U+FFFD and counted (an OUTPUT_CHARS_REPLACED warning): the tool must
// always be able to read its own output. Binary and async, so not part of the text registry.

import { diagnostic, type Diagnostic } from '../core/diagnostics.js';
import type { CheckStream } from '../core/judge.js';
import { STATUSES, type ComputeReport, type Lang, type Plan, type Status } from '../core/types.js';
import type { Cell } from './csv.js';
import type { FormatOptions } from './formatter.js';
import { attributeLabel, indicatorName, levelLabel, statusLabel, unitLabel } from './labels.js';
import { describeReason } from './messages.js';
import { numberText, roundForCsv } from './numbers.js';
import { utf8Chunks } from './utf8-chunks.js';
import { zipArchive, type ZipEntry } from './zip.js';
import { gapText, noteText } from './view.js';

/** A workbook as it is written: chunks of the zip, in order. */
export type WorkbookBytes = AsyncIterable<Uint8Array>;

export interface BinaryFormatter {
  check(report: CheckStream, options: FormatOptions, warnings?: Diagnostic[]): WorkbookBytes;
  compute(report: ComputeReport, options: FormatOptions, warnings?: Diagnostic[]): WorkbookBytes;
  indicators(plan: Plan, options: FormatOptions, warnings?: Diagnostic[]): WorkbookBytes;
}

const MAX_COLUMN_WIDTH = 60;
const MIN_COLUMN_WIDTH = 6;
/** Column widths are fitted to the header and this many rows (a sheet is written before it ends). */
export const WIDTH_SAMPLE_ROWS = 1000;

// ---------------------------------------------------------------------------------------------
// Styles: one fixed table. A cell names its style by number.

/** Light fills that keep black text readable on screen and in print. */
const STATUS_FILLS: Record<Status, string> = {
  met: 'FFC8E6C9',
  on_track: 'FFBBDEFB',
  off_track: 'FFFFE0B2',
  not_met: 'FFFFCDD2',
  no_data: 'FFEEEEEE',
  not_applicable: 'FFF5F5F5',
};
const HEADER_FILL = 'FFE7ECF2';

export const STYLE = {
  header: 1,
  /** Then one per status, in STATUSES order. */
  status: 2,
  text: 2 + STATUSES.length,
  title: 3 + STATUSES.length,
  note: 4 + STATUSES.length,
  wrappedHeader: 5 + STATUSES.length,
} as const;

function statusStyle(status: Status): number {
  return STYLE.status + STATUSES.indexOf(status);
}

const FILLS = [HEADER_FILL, ...STATUSES.map((status) => STATUS_FILLS[status])];
const STYLES_XML =
  '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
  '<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">' +
  '<fonts count="4"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font>' +
  '<font><b/><sz val="11"/><name val="Calibri"/><family val="2"/></font>' +
  '<font><b/><sz val="14"/><name val="Calibri"/><family val="2"/></font>' +
  '<font><i/><sz val="11"/><color rgb="FF59636E"/><name val="Calibri"/><family val="2"/></font></fonts>' +
  `<fills count="${2 + FILLS.length}"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill>` +
  FILLS.map((argb) => `<fill><patternFill patternType="solid"><fgColor rgb="${argb}"/><bgColor indexed="64"/></patternFill></fill>`).join('') +
  '</fills><borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>' +
  '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>' +
  `<cellXfs count="${STYLE.wrappedHeader + 1}"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>` +
  '<xf numFmtId="0" fontId="1" fillId="2" borderId="0" xfId="0" applyFont="1" applyFill="1"/>' +
  STATUSES.map((_, index) => `<xf numFmtId="0" fontId="0" fillId="${3 + index}" borderId="0" xfId="0" applyFill="1"/>`).join('') +
  '<xf numFmtId="49" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>' +
  '<xf numFmtId="0" fontId="2" fillId="0" borderId="0" xfId="0" applyFont="1"/>' +
  '<xf numFmtId="0" fontId="3" fillId="0" borderId="0" xfId="0" applyFont="1"/>' +
  '<xf numFmtId="0" fontId="1" fillId="2" borderId="0" xfId="0" applyFont="1" applyFill="1" applyAlignment="1"><alignment vertical="center" wrapText="1"/></xf>' +
  '</cellXfs><cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>';

// ---------------------------------------------------------------------------------------------
// Text that XML can hold.

/** Characters XML 1.0 cannot hold: C0 controls but tab and line breaks, U+FFFE/U+FFFF, lone surrogates. */
const NOT_XML = /[\x00-\x08\x0B\x0C\x0E-\x1F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
/** Anything escapeText may change: markup characters, characters XML cannot hold, and Excel's _xHHHH_ escapes. */
const NEEDS_ESCAPE = /[&<>\x00-\x08\x0B\x0C\x0E-\x1F\uD800-\uDFFF\uFFFE\uFFFF]|_x[0-9A-Fa-f]{4}_/;

/** Counts the characters replaced in one workbook, and where the first was. */
export class ReplacedChars {
  count = 0;
  where: string | null = null;

  warning(): Diagnostic | null {
    if (this.count === 0) return null;
    return diagnostic('OUTPUT_CHARS_REPLACED', {}, { count: this.count, ...(this.where ? { where: this.where } : {}) });
  }
}

/**
 * Text as XML character data: markup escaped, characters XML cannot hold replaced by U+FFFD and
 * counted, and text that looks like an OOXML escape (_x0041_) kept literal (_x005F_x0041_).
 */
export function escapeText(text: string, replaced?: ReplacedChars, where?: () => string): string {
  if (!NEEDS_ESCAPE.test(text)) return text;
  let clean = text.replace(NOT_XML, () => {
    if (replaced) {
      if (replaced.count === 0 && where) replaced.where = where();
      replaced.count += 1;
    }
    return '\uFFFD';
  });
  clean = clean.replace(/_(?=x[0-9A-Fa-f]{4}_)/g, '_x005F_');
  return clean.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function escapeAttribute(text: string): string {
  return escapeText(text).replace(/"/g, '&quot;');
}

// ---------------------------------------------------------------------------------------------
// Sheets and the workbook.

/** A cell with a style from STYLE. */
export interface StyledCell {
  value: Cell;
  style: number;
}
export type SheetCell = Cell | StyledCell;

export interface SheetSpec {
  name: string;
  /** Every row from row 1; read once, as the sheet is written. */
  rows: Iterable<SheetCell[]>;
  /** Widths from the first WIDTH_SAMPLE_ROWS rows; default columnWidths. */
  widths?: (sample: readonly Cell[][]) => number[];
  /** Rows and columns frozen at the top left. */
  frozen?: { rows: number; columns: number };
  /** A filter on the header: its row (1-based) and its number of columns. */
  filter?: { row: number; columns: number };
  /** Ranges such as A1:R1. */
  merges?: string[];
  /** Whole-column styles (1-based column → style), e.g. text for region codes. */
  columnStyles?: Record<number, number>;
  /** <dataValidation> elements, written after the rows. */
  validations?: string[];
}

export function columnLetter(index: number): string {
  let letters = '';
  for (let n = index; n > 0; n = Math.floor((n - 1) / 26)) letters = String.fromCharCode(65 + ((n - 1) % 26)) + letters;
  return letters;
}

const LETTERS: string[] = [];
function letterOf(column: number): string {
  return (LETTERS[column] ??= columnLetter(column));
}

function plainCell(cell: SheetCell): Cell {
  return cell !== null && typeof cell === 'object' ? cell.value : cell;
}

/** Whether a UTF-16 code unit is white space as a regex's \s has it (an edge space must be kept with xml:space). */
function isSpace(code: number): boolean {
  if (code <= 0x20) return code === 0x20 || (code >= 0x09 && code <= 0x0d);
  if (code < 0xa0) return false;
  return (
    code === 0xa0 || code === 0x1680 || (code >= 0x2000 && code <= 0x200a) || code === 0x2028 || code === 0x2029 ||
    code === 0x202f || code === 0x205f || code === 0x3000 || code === 0xfeff
  );
}

/** One <row>: numbers as numbers, text as inline strings; empty cells left out unless styled. */
function rowXml(cells: readonly SheetCell[], row: number, sheet: string, replaced: ReplacedChars): string {
  const number = numberText(row);
  let xml = `<row r="${number}">`;
  for (let index = 0; index < cells.length; index++) {
    let value = cells[index];
    let style = 0;
    if (value !== null && typeof value === 'object') {
      style = value.style;
      value = value.value;
    }
    const ref = `${letterOf(index + 1)}${number}`;
    const s = style === 0 ? '' : ` s="${style}"`;
    if (typeof value === 'number' && Number.isFinite(value)) xml += `<c r="${ref}"${s}><v>${numberText(value)}</v></c>`;
    else if (typeof value === 'string' && value !== '') {
      // Tested here first so that the cells that need nothing (nearly all) make no closure.
      const text = NEEDS_ESCAPE.test(value) ? escapeText(value, replaced, () => `${sheet}!${ref}`) : value;
      const space = isSpace(text.charCodeAt(0)) || isSpace(text.charCodeAt(text.length - 1)) ? ' xml:space="preserve"' : '';
      xml += `<c r="${ref}"${s} t="inlineStr"><is><t${space}>${text}</t></is></c>`;
    } else if (style !== 0) xml += `<c r="${ref}"${s}/>`;
  }
  return `${xml}</row>`;
}

function filterRange(filter: { row: number; columns: number }): string {
  return `A${filter.row}:${letterOf(Math.max(1, filter.columns))}${filter.row}`;
}

/** The sheet's XML in pieces (a row each), made only as the zip asks for them. */
function* sheetXml(spec: SheetSpec, replaced: ReplacedChars, selected: boolean): Generator<string> {
  const iterator = spec.rows[Symbol.iterator]();
  const sample: SheetCell[][] = [];
  for (let next = iterator.next(); ; next = iterator.next()) {
    if (next.done) break;
    sample.push(next.value.slice()); // a row generator may refill one array (see checkRows)
    if (sample.length >= WIDTH_SAMPLE_ROWS) break;
  }
  const plain = sample.map((row) => row.map(plainCell));
  const widths = (spec.widths ?? columnWidths)(plain);

  let xml =
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
    '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">' +
    `<sheetViews><sheetView workbookViewId="0"${selected ? ' tabSelected="1"' : ''}>`;
  const frozen = spec.frozen;
  if (frozen && (frozen.rows > 0 || frozen.columns > 0)) {
    const pane = frozen.rows > 0 && frozen.columns > 0 ? 'bottomRight' : frozen.rows > 0 ? 'bottomLeft' : 'topRight';
    const split = `${frozen.columns > 0 ? ` xSplit="${frozen.columns}"` : ''}${frozen.rows > 0 ? ` ySplit="${frozen.rows}"` : ''}`;
    xml += `<pane${split} topLeftCell="${letterOf(frozen.columns + 1)}${frozen.rows + 1}" activePane="${pane}" state="frozen"/><selection pane="${pane}"/>`;
  }
  xml += '</sheetView></sheetViews><sheetFormatPr defaultRowHeight="15"/>';
  if (widths.length > 0) {
    xml += '<cols>';
    widths.forEach((width, index) => {
      const style = spec.columnStyles?.[index + 1];
      xml += `<col min="${index + 1}" max="${index + 1}" width="${width}" customWidth="1"${style ? ` style="${style}"` : ''}/>`;
    });
    xml += '</cols>';
  }
  yield `${xml}<sheetData>`;
  let row = 0;
  for (const cells of sample) yield rowXml(cells, ++row, spec.name, replaced);
  for (let next = iterator.next(); !next.done; next = iterator.next()) yield rowXml(next.value, ++row, spec.name, replaced);
  xml = '</sheetData>';
  if (spec.filter) xml += `<autoFilter ref="${filterRange(spec.filter)}"/>`;
  if (spec.merges?.length) xml += `<mergeCells count="${spec.merges.length}">${spec.merges.map((ref) => `<mergeCell ref="${ref}"/>`).join('')}</mergeCells>`;
  if (spec.validations?.length) xml += `<dataValidations count="${spec.validations.length}">${spec.validations.join('')}</dataValidations>`;
  yield `${xml}<pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/></worksheet>`;
}

const MAIN = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const DOC_RELS = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const PKG_RELS = 'http://schemas.openxmlformats.org/package/2006/relationships';
const XML_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';

function packageParts(sheets: readonly SheetSpec[]): [string, string][] {
  const sheetTypes = sheets
    .map((_, i) => `<Override PartName="/xl/worksheets/sheet${i + 1}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>`)
    .join('');
  const filters = sheets
    .map((sheet, i) => {
      if (!sheet.filter) return '';
      const name = `'${sheet.name.replace(/'/g, "''")}'`;
      const absolute = filterRange(sheet.filter).replace(/([A-Z]+)(\d+)/g, '$$$1$$$2');
      return `<definedName name="_xlnm._FilterDatabase" localSheetId="${i}" hidden="1">${escapeText(name)}!${absolute}</definedName>`;
    })
    .join('');
  return [
    [
      '[Content_Types].xml',
      `${XML_HEAD}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>' +
        '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>' +
        '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>' +
        `${sheetTypes}<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/></Types>`,
    ],
    [
      '_rels/.rels',
      `${XML_HEAD}<Relationships xmlns="${PKG_RELS}"><Relationship Id="rId1" Type="${DOC_RELS}/officeDocument" Target="xl/workbook.xml"/>` +
        '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/></Relationships>',
    ],
    [
      'docProps/core.xml',
      `${XML_HEAD}<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:creator>planmetrics</dc:creator></cp:coreProperties>`,
    ],
    [
      'xl/workbook.xml',
      `${XML_HEAD}<workbook xmlns="${MAIN}" xmlns:r="${DOC_RELS}"><bookViews><workbookView/></bookViews><sheets>` +
        sheets.map((sheet, i) => `<sheet name="${escapeAttribute(sheet.name)}" sheetId="${i + 1}" r:id="rId${i + 1}"/>`).join('') +
        `</sheets>${filters ? `<definedNames>${filters}</definedNames>` : ''}</workbook>`,
    ],
    [
      'xl/_rels/workbook.xml.rels',
      `${XML_HEAD}<Relationships xmlns="${PKG_RELS}">` +
        sheets.map((_, i) => `<Relationship Id="rId${i + 1}" Type="${DOC_RELS}/worksheet" Target="worksheets/sheet${i + 1}.xml"/>`).join('') +
        `<Relationship Id="rId${sheets.length + 1}" Type="${DOC_RELS}/styles" Target="styles.xml"/></Relationships>`,
    ],
    ['xl/styles.xml', STYLES_XML],
  ];
}

/**
 * A fixed date for every part, so that the same report gives the same bytes. Deflate level 2, not
 * zlib's default 6: on a national check's sheet (185 MB of XML) it takes a quarter of the time for
 * a file 12% larger (13.6 MB against 12.2 MB), and the deflating was the largest part of the
 * workbook's cost.
 */
const ZIP_OPTIONS = { level: 2, modified: new Date(2000, 0, 1) } as const;

/**
 * Writes a workbook as a stream of zip chunks; the sheets' rows are read as the output is consumed.
 * When the last chunk has been read, `warnings` holds OUTPUT_CHARS_REPLACED if any text was changed.
 */
export function writeWorkbook(sheets: readonly SheetSpec[], warnings?: Diagnostic[]): WorkbookBytes {
  const replaced = new ReplacedChars();
  const entries: ZipEntry[] = [
    ...packageParts(sheets).map(([name, xml]): ZipEntry => ({ name, data: () => [Buffer.from(xml)] })),
    ...sheets.map((sheet, index): ZipEntry => ({ name: `xl/worksheets/sheet${index + 1}.xml`, data: () => utf8Chunks(sheetXml(sheet, replaced, index === 0)) })),
  ];
  return (async function* () {
    yield* zipArchive(entries, ZIP_OPTIONS);
    const warning = replaced.warning();
    if (warning && warnings) warnings.push(warning);
  })();
}

/** The whole workbook in memory: for callers that need bytes (small workbooks, tests). */
export async function workbookBytes(chunks: WorkbookBytes): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  for await (const chunk of chunks) parts.push(chunk);
  return Buffer.concat(parts);
}

const WORDS = {
  zh: {
    results: '检查结果',
    values: '指标数值',
    indicators: '指标',
    inputs: '填报字段',
    summary: '汇总',
    region_code: '行政区划代码',
    region: '地区',
    level: '层级',
    year: '年份',
    no: '序号',
    indicator_id: '指标标识',
    indicator: '指标',
    value: '数值',
    unit: '单位',
    baseline: '基期值',
    target: '目标值',
    comparator: '比较',
    target_year: '目标年份',
    attribute: '属性',
    status: '状态',
    gap: '差距',
    needed: '需要',
    note: '说明',
    count: '数量',
    field: '字段',
    label: '名称',
    formula: '公式',
    plan: '规划',
    generated: '生成时间',
    files: '填报文件',
  },
  en: {
    results: 'Check results',
    values: 'Indicator values',
    indicators: 'Indicators',
    inputs: 'Input fields',
    summary: 'Summary',
    region_code: 'Region code',
    region: 'Region',
    level: 'Level',
    year: 'Year',
    no: 'No.',
    indicator_id: 'Indicator id',
    indicator: 'Indicator',
    value: 'Value',
    unit: 'Unit',
    baseline: 'Baseline',
    target: 'Target',
    comparator: 'Comparator',
    target_year: 'Target year',
    attribute: 'Attribute',
    status: 'Status',
    gap: 'Gap',
    needed: 'Needed',
    note: 'Note',
    count: 'Count',
    field: 'Field',
    label: 'Label',
    formula: 'Formula',
    plan: 'Plan',
    generated: 'Generated',
    files: 'Submission files',
  },
} as const satisfies Record<Lang, Record<string, string>>;

type WordKey = keyof (typeof WORDS)['en'];

function words(keys: readonly WordKey[], lang: Lang): string[] {
  return keys.map((key) => WORDS[lang][key]);
}

/** East Asian wide and full-width characters take two columns in Excel's default fonts. */
const WIDE = /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/u;

export function displayWidth(text: string): number {
  let width = 0;
  for (const char of text) width += WIDE.test(char) ? 2 : 1;
  return width;
}

function cellText(cell: Cell): string {
  if (cell === null) return '';
  return typeof cell === 'number' ? String(cell) : cell;
}

/** Widest cell of each column, plus padding; capped so a long note wraps instead of stretching. */
export function columnWidths(rows: readonly Cell[][]): number[] {
  const widths: number[] = [];
  for (const row of rows) {
    row.forEach((cell, index) => {
      widths[index] = Math.max(widths[index] ?? MIN_COLUMN_WIDTH, displayWidth(cellText(cell)) + 2);
    });
  }
  return widths.map((width) => Math.min(width, MAX_COLUMN_WIDTH));
}

/** A sheet with a bold, filled, frozen, filterable header row and fitted column widths. */
function tableSheet(name: string, header: string[], rows: Iterable<SheetCell[]>): SheetSpec {
  return {
    name,
    rows: (function* () {
      yield header.map((value) => ({ value, style: STYLE.header }));
      yield* rows;
    })(),
    frozen: { rows: 1, columns: 0 },
    filter: { row: 1, columns: header.length },
  };
}

function* mapRows<T>(items: Iterable<T>, row: (item: T) => SheetCell[]): Generator<SheetCell[]> {
  for (const item of items) yield row(item);
}

const CHECK_KEYS: readonly WordKey[] = [
  'region_code', 'region', 'level', 'year', 'no', 'indicator_id', 'indicator', 'value', 'unit', 'baseline',
  'target', 'comparator', 'target_year', 'attribute', 'status', 'gap', 'needed', 'note',
];

/** The check's rows, one array filled anew for each verdict (sheetXml copies the rows it keeps): see core/values.ts. */
function* checkRows(report: CheckStream, options: FormatOptions): Generator<SheetCell[]> {
  const lang = options.lang;
  const infos = new Map(report.indicators.map((info) => [info.id, info]));
  const statusCells = new Map(STATUSES.map((status) => [status, { value: statusLabel(status, lang), style: statusStyle(status) }]));
  const row: SheetCell[] = CHECK_KEYS.map(() => null);
  for (const verdict of report.results) {
    const info = infos.get(verdict.indicator);
    let c = 0;
    row[c++] = verdict.region_code;
    row[c++] = verdict.region_name;
    row[c++] = levelLabel(verdict.level, lang);
    row[c++] = verdict.year;
    row[c++] = verdict.no;
    row[c++] = verdict.indicator;
    row[c++] = info ? indicatorName(info, lang) : verdict.indicator;
    row[c++] = roundForCsv(verdict.value);
    row[c++] = info ? unitLabel(info.unit, lang) : '';
    row[c++] = roundForCsv(verdict.baseline);
    row[c++] = roundForCsv(verdict.target);
    row[c++] = verdict.comparator;
    row[c++] = verdict.target_year;
    row[c++] = attributeLabel(verdict.attribute, lang);
    row[c++] = statusCells.get(verdict.status)!;
    row[c++] = roundForCsv(verdict.gap);
    row[c++] = gapText(verdict, options);
    row[c++] = verdict.reason ? describeReason(verdict.reason, lang, options.plan) : noteText(verdict, options);
    yield row;
  }
}

function summaryRows(report: CheckStream, options: FormatOptions): Cell[][] {
  const rows: Cell[][] = STATUSES.map((status) => [statusLabel(status, options.lang), report.summary[status]]);
  const provenance = options.provenance;
  rows.push([], [WORDS[options.lang].plan, report.plan.id], ['', report.plan.title]);
  if (provenance) {
    rows.push([WORDS[options.lang].generated, provenance.generated]);
    provenance.files.forEach((file, index) => rows.push([index === 0 ? WORDS[options.lang].files : '', file.path]));
  }
  return rows;
}

/** The verdicts are written as they are judged; the summary sheet, after them, counts that reading. */
function check(report: CheckStream, options: FormatOptions, warnings?: Diagnostic[]): WorkbookBytes {
  const lang = options.lang;
  return writeWorkbook(
    [
      tableSheet(WORDS[lang].results, words(CHECK_KEYS, lang), checkRows(report, options)),
      tableSheet(
        WORDS[lang].summary,
        words(['status', 'count'], lang),
        (function* () {
          yield* summaryRows(report, options);
        })(),
      ),
    ],
    warnings,
  );
}

function compute(report: ComputeReport, options: FormatOptions, warnings?: Diagnostic[]): WorkbookBytes {
  const lang = options.lang;
  const header = [
    ...words(['region_code', 'region', 'level', 'year'], lang),
    ...report.indicators.map((info) => `${info.no} ${indicatorName(info, lang)}${info.unit ? ` (${unitLabel(info.unit, lang)})` : ''}`),
  ];
  const rows = mapRows(report.rows, (row): Cell[] => [
    row.region_code,
    row.region_name,
    levelLabel(row.level, lang),
    row.year,
    ...report.indicators.map((info) => roundForCsv(row.values[info.id])),
  ]);
  return writeWorkbook([tableSheet(WORDS[lang].values, header, rows)], warnings);
}

function indicators(plan: Plan, options: FormatOptions, warnings?: Diagnostic[]): WorkbookBytes {
  const lang = options.lang;
  const indicatorRows = plan.indicators.map((indicator): Cell[] => [
    indicator.no,
    indicator.id,
    indicatorName(indicator, lang),
    unitLabel(indicator.unit, lang),
    indicator.formula.source,
    roundForCsv(indicator.baseline),
    indicator.target.comparator,
    roundForCsv(indicator.target.value),
    indicator.target_year,
    attributeLabel(indicator.attribute, lang),
  ]);
  const inputRows = plan.inputs.map((input): Cell[] => [input.id, lang === 'en' && input.label_en ? input.label_en : input.label, unitLabel(input.unit, lang)]);
  return writeWorkbook(
    [
      tableSheet(
        WORDS[lang].indicators,
        words(['no', 'indicator_id', 'indicator', 'unit', 'formula', 'baseline', 'comparator', 'target', 'target_year', 'attribute'], lang),
        indicatorRows,
      ),
      tableSheet(WORDS[lang].inputs, words(['field', 'label', 'unit'], lang), inputRows),
    ],
    warnings,
  );
}

export const xlsx: BinaryFormatter = { check, compute, indicators };
