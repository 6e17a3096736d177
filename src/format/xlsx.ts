// `--format xlsx`: workbooks for people who live in Excel. Numbers are stored as numbers (rounded
// like the CSV, at most 4 decimals), status cells are coloured and named, the header row is frozen
// with a filter, and columns are as wide as their text (a CJK character counts as two).
// Binary and async (exceljs writes through a zip library), so not part of the text registry.

import ExcelJS from 'exceljs';
import { STATUSES, type CheckReport, type ComputeReport, type Lang, type Plan, type Status, type Verdict } from '../core/types.js';
import type { Cell } from './csv.js';
import type { FormatOptions } from './formatter.js';
import { attributeLabel, indicatorName, levelLabel, statusLabel, unitLabel } from './labels.js';
import { describeReason } from './messages.js';
import { roundForCsv } from './numbers.js';
import { gapText, noteText } from './view.js';

export interface BinaryFormatter {
  check(report: CheckReport, options: FormatOptions): Promise<Uint8Array>;
  compute(report: ComputeReport, options: FormatOptions): Promise<Uint8Array>;
  indicators(plan: Plan, options: FormatOptions): Promise<Uint8Array>;
}

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
const MAX_COLUMN_WIDTH = 60;
const MIN_COLUMN_WIDTH = 6;

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
export function addTableSheet(workbook: ExcelJS.Workbook, name: string, header: string[], rows: Cell[][]): ExcelJS.Worksheet {
  const sheet = workbook.addWorksheet(name, { views: [{ state: 'frozen', xSplit: 0, ySplit: 1 }] });
  sheet.addRow(header);
  for (const row of rows) sheet.addRow(row);
  const headerRow = sheet.getRow(1);
  headerRow.font = { bold: true };
  headerRow.eachCell((cell) => {
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: HEADER_FILL } };
  });
  columnWidths([header, ...rows]).forEach((width, index) => {
    sheet.getColumn(index + 1).width = width;
  });
  sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: header.length } };
  return sheet;
}

async function toBytes(workbook: ExcelJS.Workbook): Promise<Uint8Array> {
  return new Uint8Array(await workbook.xlsx.writeBuffer());
}

/** Fixed metadata so the same report gives the same workbook content. */
function newWorkbook(): ExcelJS.Workbook {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'planmetrics';
  return workbook;
}

const CHECK_KEYS: readonly WordKey[] = [
  'region_code', 'region', 'level', 'year', 'no', 'indicator_id', 'indicator', 'value', 'unit', 'baseline',
  'target', 'comparator', 'target_year', 'attribute', 'status', 'gap', 'needed', 'note',
];
const STATUS_COLUMN = CHECK_KEYS.indexOf('status') + 1;

function checkRow(verdict: Verdict, report: CheckReport, options: FormatOptions): Cell[] {
  const lang = options.lang;
  const info = report.indicators.find((i) => i.id === verdict.indicator);
  return [
    verdict.region_code,
    verdict.region_name,
    levelLabel(verdict.level, lang),
    verdict.year,
    verdict.no,
    verdict.indicator,
    info ? indicatorName(info, lang) : verdict.indicator,
    roundForCsv(verdict.value),
    info ? unitLabel(info.unit, lang) : '',
    roundForCsv(verdict.baseline),
    roundForCsv(verdict.target),
    verdict.comparator,
    verdict.target_year,
    attributeLabel(verdict.attribute, lang),
    statusLabel(verdict.status, lang),
    roundForCsv(verdict.gap),
    gapText(verdict, options),
    verdict.reason ? describeReason(verdict.reason, lang, options.plan) : noteText(verdict, options),
  ];
}

function summaryRows(report: CheckReport, options: FormatOptions): Cell[][] {
  const rows: Cell[][] = STATUSES.map((status) => [statusLabel(status, options.lang), report.summary[status]]);
  const provenance = options.provenance;
  rows.push([], [WORDS[options.lang].plan, report.plan.id], ['', report.plan.title]);
  if (provenance) {
    rows.push([WORDS[options.lang].generated, provenance.generated]);
    provenance.files.forEach((file, index) => rows.push([index === 0 ? WORDS[options.lang].files : '', file.path]));
  }
  return rows;
}

async function check(report: CheckReport, options: FormatOptions): Promise<Uint8Array> {
  const lang = options.lang;
  const workbook = newWorkbook();
  const sheet = addTableSheet(workbook, WORDS[lang].results, words(CHECK_KEYS, lang), report.results.map((v) => checkRow(v, report, options)));
  report.results.forEach((verdict, index) => {
    const cell = sheet.getRow(index + 2).getCell(STATUS_COLUMN);
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: STATUS_FILLS[verdict.status] } };
  });
  addTableSheet(workbook, WORDS[lang].summary, words(['status', 'count'], lang), summaryRows(report, options));
  return toBytes(workbook);
}

async function compute(report: ComputeReport, options: FormatOptions): Promise<Uint8Array> {
  const lang = options.lang;
  const workbook = newWorkbook();
  const header = [
    ...words(['region_code', 'region', 'level', 'year'], lang),
    ...report.indicators.map((info) => `${info.no} ${indicatorName(info, lang)}${info.unit ? ` (${unitLabel(info.unit, lang)})` : ''}`),
  ];
  const rows = report.rows.map((row): Cell[] => [
    row.region_code,
    row.region_name,
    levelLabel(row.level, lang),
    row.year,
    ...report.indicators.map((info) => roundForCsv(row.values[info.id])),
  ]);
  addTableSheet(workbook, WORDS[lang].values, header, rows);
  return toBytes(workbook);
}

async function indicators(plan: Plan, options: FormatOptions): Promise<Uint8Array> {
  const lang = options.lang;
  const workbook = newWorkbook();
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
  addTableSheet(
    workbook,
    WORDS[lang].indicators,
    words(['no', 'indicator_id', 'indicator', 'unit', 'formula', 'baseline', 'comparator', 'target', 'target_year', 'attribute'], lang),
    indicatorRows,
  );
  const inputRows = plan.inputs.map((input): Cell[] => [input.id, lang === 'en' && input.label_en ? input.label_en : input.label, unitLabel(input.unit, lang)]);
  addTableSheet(workbook, WORDS[lang].inputs, words(['field', 'label', 'unit'], lang), inputRows);
  return toBytes(workbook);
}

export const xlsx: BinaryFormatter = { check, compute, indicators };
