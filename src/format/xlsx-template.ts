// `template --format xlsx`: a fill-in sheet for data collectors. A merged title row and a units row
// sit above the header of Chinese labels, which is what the xlsx reader looks for: a filled-in
// template reads back as it is. Numeric columns accept only numbers in the field's range.

import ExcelJS from 'exceljs';
import type { InputField, Lang, Plan } from '../core/types.js';
import { columnWidths, displayWidth } from './xlsx.js';

/** Rows that get data validation when the template has fewer pre-filled rows than this. */
export const VALIDATED_ROWS = 1000;
/** Title row, units row, then the header. */
export const TEMPLATE_HEADER_ROW = 3;
const FIXED_COLUMNS = 3;

const WORDS = {
  zh: { sheet: '填报表', title: '填报表', unit: '单位', hint: '请填写数字（不带单位）；未统计请留空', errorTitle: '数值无效' },
  en: { sheet: 'Submission', title: 'submission sheet', unit: 'Unit', hint: 'Enter a plain number (no unit); leave blank if not reported', errorTitle: 'Invalid value' },
} as const satisfies Record<Lang, Record<string, string>>;

/** Which numbers a cell accepts: whole numbers for counts; never below the declared minimum (0 by default). */
export function inputValidation(field: InputField, lang: Lang): ExcelJS.DataValidation {
  const min = field.min ?? 0;
  const range = field.max === undefined ? `≥ ${min}` : `${min} – ${field.max}`;
  return {
    type: field.integer ? 'whole' : 'decimal',
    operator: field.max === undefined ? 'greaterThanOrEqual' : 'between',
    formulae: field.max === undefined ? [min] : [min, field.max],
    allowBlank: true,
    showErrorMessage: true,
    errorStyle: 'stop',
    errorTitle: WORDS[lang].errorTitle,
    error: `${field.label} (${field.unit}): ${range}`,
    showInputMessage: true,
    prompt: WORDS[lang].hint,
  };
}

function columnLetter(index: number): string {
  let letters = '';
  for (let n = index; n > 0; n = Math.floor((n - 1) / 26)) letters = String.fromCharCode(65 + ((n - 1) % 26)) + letters;
  return letters;
}

/** exceljs keeps range validations in `dataValidations.add`, which its type declarations leave out. */
interface RangeValidations {
  dataValidations: { add(range: string, validation: ExcelJS.DataValidation): void };
}

/** `rows`: the header (Chinese labels) and pre-filled division rows, as `templateRows` makes them. */
export async function templateWorkbook(plan: Plan, rows: string[][], lang: Lang): Promise<Uint8Array> {
  const [header = [], ...divisions] = rows;
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'planmetrics';
  const sheet = workbook.addWorksheet(WORDS[lang].sheet, { views: [{ state: 'frozen', xSplit: FIXED_COLUMNS, ySplit: TEMPLATE_HEADER_ROW }] });

  const title = lang === 'en' && plan.meta.title_en ? plan.meta.title_en : plan.meta.title;
  sheet.addRow([`${title} ${WORDS[lang].title}`]);
  sheet.mergeCells(1, 1, 1, header.length);
  sheet.getRow(1).font = { bold: true, size: 14 };
  const units = plan.inputs.map((input) => input.unit);
  sheet.addRow([WORDS[lang].unit, '', '', ...units]).font = { italic: true, color: { argb: 'FF59636E' } };
  const headerRow = sheet.addRow(header);
  headerRow.font = { bold: true };
  headerRow.eachCell((cell) => {
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE7ECF2' } };
    cell.alignment = { wrapText: true, vertical: 'middle' };
  });
  for (const [code = '', name = '', year = ''] of divisions) sheet.addRow([code, name, year === '' ? null : Number(year)]);

  // Codes stay text, so a leading zero or a 12-digit village code is never turned into a number.
  sheet.getColumn(1).numFmt = '@';
  columnWidths([header, units]).forEach((width, index) => {
    sheet.getColumn(index + 1).width = Math.max(width, index < FIXED_COLUMNS ? displayWidth(header[index] ?? '') + 4 : 12);
  });

  const first = TEMPLATE_HEADER_ROW + 1;
  const last = TEMPLATE_HEADER_ROW + Math.max(divisions.length, VALIDATED_ROWS);
  const validations = (sheet as unknown as RangeValidations).dataValidations;
  const period = plan.meta.period ?? { from: plan.meta.baseline_year, to: plan.meta.target_year };
  validations.add(`C${first}:C${last}`, {
    type: 'whole',
    operator: 'between',
    formulae: [period.from, period.to],
    allowBlank: true,
    showErrorMessage: true,
    errorTitle: WORDS[lang].errorTitle,
    error: `${period.from} – ${period.to}`,
  });
  plan.inputs.forEach((field, index) => {
    const letter = columnLetter(FIXED_COLUMNS + index + 1);
    validations.add(`${letter}${first}:${letter}${last}`, inputValidation(field, lang));
  });
  return new Uint8Array(await workbook.xlsx.writeBuffer());
}
