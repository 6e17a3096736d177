// Reads an .xlsx submission into the same SubmissionRows as the CSV reader: each row's cells become
// the text a CSV export would hold, then go through the same resolveHeader / recordToRow.
//
// - Sheet: the one named by --sheet, else the first in the workbook's tab order.
// - Header: rows above the header (a merged title, a units line, notes) are skipped. The header is
//   the first row in which both the region code (region_code / 地区代码 / 行政区划代码) and the year
//   (year / 年份) columns are found; every row before it is ignored.
// - Numbers are read as stored, not as displayed (a cell shown as 65.7% holds 0.657); numbers
//   stored as text are read like CSV text. A formula gives its cached result.
// - Line numbers are the sheet's row numbers; column numbers count from column A = 1.
// Streams the workbook (exceljs's WorkbookReader), so memory stays flat on large sheets.

import { open, type FileHandle } from 'node:fs/promises';
import { PassThrough } from 'node:stream';
import ExcelJS from 'exceljs';
import { diagnostic, type Diagnostic } from '../core/diagnostics.js';
import { recordToRow, resolveHeader, type ColumnMap } from '../core/submissions.js';
import type { Plan, SubmissionRow } from '../core/types.js';
import type { ReadResult } from './read-submissions.js';

export interface XlsxReadOptions {
  /** The worksheet to read; default the first. */
  sheet?: string;
}

export function isXlsxPath(file: string): boolean {
  return /\.xlsx$/i.test(file);
}

function objectText(value: Record<string, unknown>): string {
  if (Array.isArray(value.richText)) return value.richText.map((run: { text?: unknown }) => (typeof run.text === 'string' ? run.text : '')).join('');
  if ('result' in value) return cellText(value.result);
  if (typeof value.error === 'string') return value.error;
  if ('text' in value) return cellText(value.text);
  return '';
}

/** A cell's value as the text a CSV export holds; a formula without a cached result is blank. */
export function cellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  // String() of a double reads back as the same double, so the CSV path sees the same number.
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value === 'object') return objectText(value as Record<string, unknown>);
  return '';
}

/** Cells from column A, with trailing blanks cut at the header's width (Excel leaves them out anyway). */
export function rowCells(values: readonly unknown[], width: number): string[] {
  const cells: string[] = [];
  for (let column = 1; column < values.length; column++) cells.push(cellText(values[column]));
  let end = cells.length;
  while (end > width && (cells[end - 1] ?? '').trim() === '') end -= 1;
  cells.length = end;
  while (cells.length < width) cells.push('');
  return cells;
}

function lastFilled(cells: readonly string[]): number {
  let end = cells.length;
  while (end > 0 && (cells[end - 1] ?? '').trim() === '') end -= 1;
  return end;
}

/** Owns the header state for one sheet: skips rows until the header, then turns rows into SubmissionRows. */
class SheetConsumer {
  private columns: ColumnMap | null = null;
  /** The first non-blank row, kept to say what was missing when no header is found. */
  private firstRow: { cells: string[]; line: number } | null = null;
  rows = 0;
  /** Set when onRow threw: that is the caller's bug, not a problem with the file. */
  callerFailure: { error: unknown } | null = null;
  readonly diagnostics: Diagnostic[] = [];

  constructor(
    private readonly file: string,
    private readonly plan: Plan,
    private readonly onRow: (row: SubmissionRow) => void,
  ) {}

  consume(values: readonly unknown[], line: number): void {
    if (this.columns === null) {
      this.findHeader(rowCells(values, 0), line);
      return;
    }
    const cells = rowCells(values, this.columns.width);
    if (lastFilled(cells) === 0) return;
    const { row, diagnostics } = recordToRow(cells, this.columns, this.plan, this.file, line);
    this.diagnostics.push(...diagnostics);
    if (!row) return;
    this.rows += 1;
    try {
      this.onRow(row);
    } catch (error) {
      this.callerFailure = { error };
      throw error;
    }
  }

  private findHeader(cells: string[], line: number): void {
    const width = lastFilled(cells);
    if (width === 0) return;
    const header = cells.slice(0, width);
    this.firstRow ??= { cells: header, line };
    const resolved = resolveHeader(header, this.plan, this.file, line);
    if (resolved.columns === null) return;
    this.columns = resolved.columns;
    this.diagnostics.push(...resolved.diagnostics);
  }

  /** After the last row: what to say if no header was ever found. */
  finish(): Diagnostic[] {
    if (this.columns !== null) return this.diagnostics;
    if (this.firstRow === null) return [diagnostic('FILE_EMPTY', { file: this.file })];
    const { cells, line } = this.firstRow;
    return resolveHeader(cells, this.plan, this.file, line).diagnostics.filter((d) => d.code === 'COLUMN_MISSING');
  }
}

interface SheetInfo {
  name: string;
}

/** The first tab, from workbook.xml when the reader has parsed it (it comes before the sheets in Excel's files). */
function firstSheetName(reader: ExcelJS.stream.xlsx.WorkbookReader): string | undefined {
  const sheets = (reader as unknown as { model?: { sheets?: SheetInfo[] } }).model?.sheets;
  return sheets?.[0]?.name;
}

function unreadable(file: string, error: unknown): Diagnostic {
  const reason = (error as NodeJS.ErrnoException).code ?? (error instanceof Error ? error.message : String(error));
  return diagnostic('FILE_UNREADABLE', { file }, { reason: `not a readable .xlsx workbook: ${reason}` });
}

/** Reads one worksheet of an .xlsx file; problems come back as diagnostics, never as throws. */
export async function readXlsxSubmission(
  file: string,
  plan: Plan,
  options: XlsxReadOptions,
  onRow: (row: SubmissionRow) => void,
): Promise<ReadResult> {
  const consumer = new SheetConsumer(file, plan, onRow);
  let handle: FileHandle;
  try {
    handle = await open(file, 'r');
  } catch (error) {
    return { file, rows: 0, diagnostics: [diagnostic('FILE_UNREADABLE', { file }, { reason: (error as NodeJS.ErrnoException).code ?? String(error) })] };
  }
  const stream = handle.createReadStream();
  // exceljs does not listen for read errors (they would crash the process or leave it waiting):
  // a failed read ends the input early instead, and is reported as the reason.
  const input = new PassThrough();
  let streamFailure: unknown = null;
  stream.on('error', (error) => {
    streamFailure = error;
    input.end();
  });
  stream.pipe(input);
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(input, { worksheets: 'emit', sharedStrings: 'cache', styles: 'ignore', hyperlinks: 'ignore' });
  const seen: string[] = [];
  let found = false;
  try {
    for await (const sheet of reader) {
      const name = (sheet as unknown as SheetInfo).name;
      seen.push(name);
      const wanted = options.sheet ?? firstSheetName(reader) ?? name;
      // No early break and no sheet left unread: exceljs parks sheets in temporary files and
      // cleans them up only when every sheet has been read to its end; a sheet left half-way can
      // crash the process later on a deleted temporary file (seen once in CI, exit 1 not 2).
      if (found || name !== wanted) {
        for await (const _row of sheet) continue;
        continue;
      }
      found = true;
      for await (const row of sheet) consumer.consume(row.values as unknown[], row.number);
    }
  } catch (error) {
    if (consumer.callerFailure) throw consumer.callerFailure.error;
    return { file, rows: consumer.rows, diagnostics: [unreadable(file, streamFailure ?? error)] };
  } finally {
    stream.destroy();
    await handle.close().catch(() => undefined);
  }
  if (streamFailure) return { file, rows: consumer.rows, diagnostics: [unreadable(file, streamFailure)] };
  if (!found) {
    const reason = options.sheet === undefined ? 'the workbook has no worksheet' : `no worksheet named "${options.sheet}" (sheets: ${seen.join(', ')})`;
    return { file, rows: 0, diagnostics: [diagnostic('FILE_UNREADABLE', { file }, { reason })] };
  }
  return { file, rows: consumer.rows, diagnostics: consumer.finish() };
}
