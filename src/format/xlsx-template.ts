// `template --format xlsx`: a fill-in sheet for data collectors. A merged title row and a units row
// sit above the header of Chinese labels, which is what the xlsx reader looks for: a filled-in
// template reads back as it is. Numeric columns accept only numbers in the field's range.
// Written by the same streaming workbook writer as the reports (./xlsx.ts).

import type { Diagnostic } from '../core/diagnostics.js';
import type { InputField, Lang, Plan } from '../core/types.js';
import type { Cell } from './csv.js';
import { columnLetter, columnWidths, displayWidth, escapeText, STYLE, workbookBytes, writeWorkbook, type SheetCell } from './xlsx.js';

/** Rows that get data validation when the template has fewer pre-filled rows than this. */
export const VALIDATED_ROWS = 1000;
/** Title row, units row, then the header. */
export const TEMPLATE_HEADER_ROW = 3;
const FIXED_COLUMNS = 3;

const WORDS = {
  zh: { sheet: '填报表', title: '填报表', unit: '单位', hint: '请填写数字（不带单位）；未统计请留空', errorTitle: '数值无效' },
  en: { sheet: 'Submission', title: 'submission sheet', unit: 'Unit', hint: 'Enter a plain number (no unit); leave blank if not reported', errorTitle: 'Invalid value' },
} as const satisfies Record<Lang, Record<string, string>>;

export interface Validation {
  type: 'whole' | 'decimal';
  operator: 'between' | 'greaterThanOrEqual';
  formulae: number[];
  errorTitle: string;
  error: string;
  prompt?: string;
}

/** Which numbers a cell accepts: whole numbers for counts; never below the declared minimum (0 by default). */
export function inputValidation(field: InputField, lang: Lang): Validation {
  const min = field.min ?? 0;
  const range = field.max === undefined ? `≥ ${min}` : `${min} – ${field.max}`;
  return {
    type: field.integer ? 'whole' : 'decimal',
    operator: field.max === undefined ? 'greaterThanOrEqual' : 'between',
    formulae: field.max === undefined ? [min] : [min, field.max],
    errorTitle: WORDS[lang].errorTitle,
    error: `${field.label} (${field.unit}): ${range}`,
    prompt: WORDS[lang].hint,
  };
}

/** Excel shows at most 255 characters of a validation's message. */
function attribute(text: string): string {
  return escapeText(text.slice(0, 255)).replace(/"/g, '&quot;');
}

/** A <dataValidation> element over `range` (say D4:D1003). */
export function validationXml(range: string, v: Validation): string {
  const prompt = v.prompt === undefined ? '' : ` showInputMessage="1" prompt="${attribute(v.prompt)}"`;
  const formulae = v.formulae.map((value, index) => `<formula${index + 1}>${value}</formula${index + 1}>`).join('');
  return (
    `<dataValidation type="${v.type}" errorStyle="stop" operator="${v.operator}" allowBlank="1" showErrorMessage="1"` +
    ` errorTitle="${attribute(v.errorTitle)}" error="${attribute(v.error)}"${prompt} sqref="${range}">${formulae}</dataValidation>`
  );
}

/** `rows`: the header (Chinese labels) and pre-filled division rows, as `templateRows` makes them. */
export function templateChunks(plan: Plan, rows: string[][], lang: Lang, warnings?: Diagnostic[]): AsyncIterable<Uint8Array> {
  const [header = [], ...divisions] = rows;
  const title = lang === 'en' && plan.meta.title_en ? plan.meta.title_en : plan.meta.title;
  const units = plan.inputs.map((input) => input.unit);
  const unitRow = [WORDS[lang].unit, '', '', ...units];
  // Codes stay text, so a leading zero or a 12-digit village code is never turned into a number.
  const code = (value: Cell): SheetCell => ({ value, style: STYLE.text });
  const sheetRows: SheetCell[][] = [
    [{ value: `${title} ${WORDS[lang].title}`, style: STYLE.title }],
    unitRow.map((value) => ({ value, style: STYLE.note })),
    header.map((value) => ({ value, style: STYLE.wrappedHeader })),
  ];

  const first = TEMPLATE_HEADER_ROW + 1;
  const last = TEMPLATE_HEADER_ROW + Math.max(divisions.length, VALIDATED_ROWS);
  const period = plan.meta.period ?? { from: plan.meta.baseline_year, to: plan.meta.target_year };
  const validations = [
    validationXml(`C${first}:C${last}`, {
      type: 'whole',
      operator: 'between',
      formulae: [period.from, period.to],
      errorTitle: WORDS[lang].errorTitle,
      error: `${period.from} – ${period.to}`,
    }),
    ...plan.inputs.map((field, index) => {
      const letter = columnLetter(FIXED_COLUMNS + index + 1);
      return validationXml(`${letter}${first}:${letter}${last}`, inputValidation(field, lang));
    }),
  ];
  const widths = (): number[] =>
    columnWidths([header, units]).map((width, index) => Math.max(width, index < FIXED_COLUMNS ? displayWidth(header[index] ?? '') + 4 : 12));

  return writeWorkbook(
    [
      {
        name: WORDS[lang].sheet,
        rows: (function* () {
          yield* sheetRows;
          for (const [division = '', name = '', year = ''] of divisions) yield [code(division), name, year === '' ? null : Number(year)];
        })(),
        widths,
        frozen: { rows: TEMPLATE_HEADER_ROW, columns: FIXED_COLUMNS },
        merges: header.length > 1 ? [`A1:${columnLetter(header.length)}1`] : [],
        columnStyles: { 1: STYLE.text },
        validations,
      },
    ],
    warnings,
  );
}

/** The template as bytes (it is small: the header and at most one row per division). */
export async function templateWorkbook(plan: Plan, rows: string[][], lang: Lang, warnings?: Diagnostic[]): Promise<Uint8Array> {
  return workbookBytes(templateChunks(plan, rows, lang, warnings));
}
