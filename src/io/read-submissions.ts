// Streams submission CSV files into SubmissionRows: bytes -> text -> records -> rows.
// Holds no more than 1 MiB of a file at a time: one record at a time goes through the core.

import { createReadStream, readFileSync, statSync, type Stats } from 'node:fs';
import { createRequire } from 'node:module';
import type { CsvError } from 'csv-parse';
import { diagnostic, type Diagnostic, type DiagnosticWhere } from '../core/diagnostics.js';
import { recordToRow, resolveHeader, type ColumnMap } from '../core/submissions.js';
import type { Plan, SubmissionRow } from '../core/types.js';
import type { EncodingOption } from './decode.js';
import { readFast, REPLACEMENT_CHAR, type RecordSink } from './fast-csv.js';
import { readProgress, type FileProgress } from './progress.js';

export interface ReadOptions {
  encoding: EncodingOption;
  stdin?: NodeJS.ReadableStream;
  /** false: the general path only (csv-parse on decoded text); tests compare the two. */
  fastPath?: boolean;
  /** For .xlsx files: the worksheet to read (default: the first). */
  sheet?: string;
  /**
   * true: a village row (object and values) may be reused once onRow returns, and has no name
   * (see FastReadOptions); only for a caller that keeps no row.
   */
  transientVillages?: boolean;
  /** Only these bytes of the file, after `prefix` (a header line): for reading a file in parts. */
  range?: ByteRange;
}

export interface ByteRange {
  start: number;
  /** Exclusive. */
  end: number;
  /** Read before the range; a Uint8Array once it has been sent to a worker. */
  prefix?: Uint8Array;
}

export interface ReadResult {
  file: string;
  rows: number;
  /** Physical lines read, blank ones included (CSV only). */
  lines?: number;
  diagnostics: Diagnostic[];
}

export const STDIN_NAME = '<stdin>';

/** Physical lines a record spans: one, plus the line breaks inside its quoted cells. */
function linesSpanned(cells: string[]): number {
  let lines = 1;
  for (const cell of cells) {
    if (cell.includes('\n') || cell.includes('\r')) lines += cell.match(/\r\n|\r|\n/g)?.length ?? 0;
  }
  return lines;
}

function isBlankRecord(cells: string[]): boolean {
  return cells.every((cell) => cell.trim() === '');
}

/** Bytes counted for the progress line once the reader has taken them in (rows are then up to date). */
async function* counted(source: AsyncIterable<Buffer>, progress: FileProgress): AsyncGenerator<Buffer> {
  for await (const chunk of source) {
    yield chunk;
    progress.addBytes(chunk.length);
  }
}

/** A spreadsheet rather than CSV (read-xlsx.ts reads .xlsx/.xlsm, and refuses the binary ones with advice). */
export function isXlsx(file: string): boolean {
  return /\.(xlsx|xlsm|xls|xlsb|et|ett)$/i.test(file);
}

/** A file's size in bytes; null when it cannot be read (the reader reports that). */
export function fileSize(file: string): number | null {
  try {
    return statSync(file).size;
  } catch {
    return null; // the reader reports an unreadable file
  }
}

/** Chunks as Buffers: a string from a text stream, or bytes that crossed to a worker thread (plain Uint8Array). */
async function* asBuffers(source: AsyncIterable<Uint8Array | string>): AsyncGenerator<Buffer> {
  for await (const chunk of source) {
    if (typeof chunk === 'string') yield Buffer.from(chunk);
    else yield Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
  }
}

/** Codes that only repeat what BYTES_UNDECODABLE already says about the same cell. */
const MASKED_BY_UNDECODABLE = new Set(['NOT_A_NUMBER', 'COLUMN_UNKNOWN', 'REGION_CODE_MALFORMED', 'YEAR_INVALID']);

/** Reports each cell holding undecodable bytes, and drops the follow-on findings for that cell. */
function withUndecodable(cells: string[], where: DiagnosticWhere, found: Diagnostic[]): Diagnostic[] {
  const columns = new Set<number>();
  const undecodable: Diagnostic[] = [];
  cells.forEach((cell, index) => {
    if (!cell.includes(REPLACEMENT_CHAR)) return;
    columns.add(index + 1);
    undecodable.push(diagnostic('BYTES_UNDECODABLE', { ...where, column: index + 1 }, { value: cell.trim() }));
  });
  if (undecodable.length === 0) return found;
  const kept = found.filter((d) => !(MASKED_BY_UNDECODABLE.has(d.code) && d.column !== undefined && columns.has(d.column)));
  return [...undecodable, ...kept];
}

function errorReason(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Feeds records to the core one by one; owns the header state (shared with the fast path). */
class SubmissionConsumer implements RecordSink {
  columns: ColumnMap | null = null;
  headerSeen = false;
  rows = 0;
  /** The physical line the next record starts on. Empty lines come through as records, so every line is counted. */
  nextLine = 1;
  /** Set when onRow threw; reading stops and the error goes back to the caller. */
  callerFailure: { error: unknown } | null = null;
  readonly diagnostics: Diagnostic[] = [];

  constructor(
    readonly file: string,
    private readonly plan: Plan,
    private readonly onRow: (row: SubmissionRow) => void,
  ) {}

  /** Returns false when reading should stop (no usable header, or onRow threw). */
  consume(cells: string[]): boolean {
    const line = this.nextLine;
    this.nextLine += linesSpanned(cells);
    if (isBlankRecord(cells)) return true;
    const where = { file: this.file, line };
    if (!this.headerSeen) {
      this.headerSeen = true;
      const header = resolveHeader(cells, this.plan, this.file, line);
      this.diagnostics.push(...withUndecodable(cells, where, header.diagnostics));
      this.columns = header.columns;
      return this.columns !== null;
    }
    if (this.columns === null) return false;
    const { row, diagnostics } = recordToRow(cells, this.columns, this.plan, this.file, line);
    const rowWhere = row ? { ...where, region: row.code, year: row.year } : where;
    this.diagnostics.push(...withUndecodable(cells, rowWhere, diagnostics));
    if (!row) return true;
    return this.deliver(row);
  }

  /** A row the fast path read: one physical line, nothing to report. */
  consumeRow(row: SubmissionRow): boolean {
    this.nextLine += 1;
    return this.deliver(row);
  }

  private deliver(row: SubmissionRow): boolean {
    this.rows += 1;
    try {
      this.onRow(row);
    } catch (error) {
      this.callerFailure = { error };
      return false;
    }
    return true;
  }
}

async function* prefixed(prefix: Uint8Array, rest: AsyncIterable<Buffer | string>): AsyncGenerator<Uint8Array | string> {
  yield prefix;
  yield* rest;
}

/** Files up to this size are read in one call: no stream to set up, no wait on the thread pool. */
const READ_WHOLE_MAX_BYTES = 1 << 20;

function statOrNull(file: string): Stats | null {
  try {
    return statSync(file);
  } catch {
    return null; // the stream reports why it cannot be read
  }
}

async function* wholeFile(file: string): AsyncGenerator<Buffer> {
  yield readFileSync(file);
}

async function* nothing(): AsyncGenerator<Buffer> {}

/** `stats`: the file's, when it is a file that could be stat'ed (not stdin, not a part). */
function openSource(file: string, options: ReadOptions, stats: Stats | null): { name: string; bytes: AsyncIterable<Uint8Array | string> } {
  if (file === '-') return { name: STDIN_NAME, bytes: options.stdin ?? process.stdin };
  const range = options.range;
  if (!range) {
    const small = stats !== null && stats.isFile() && stats.size <= READ_WHOLE_MAX_BYTES;
    return { name: file, bytes: small ? wholeFile(file) : createReadStream(file) };
  }
  const part: AsyncIterable<Buffer | string> = range.end > range.start ? createReadStream(file, { start: range.start, end: range.end - 1 }) : nothing();
  return { name: file, bytes: range.prefix ? prefixed(range.prefix, part) : part };
}

async function createParser(skipped: CsvError[]) {
  const { parse } = await import('csv-parse');
  return parse({
    relax_quotes: true,
    relax_column_count: true,
    // Empty lines come through as blank records so that the consumer can count every line.
    skip_empty_lines: false,
    skip_records_with_error: true,
    record_delimiter: ['\r\n', '\n', '\r'],
    on_skip: (error: CsvError | undefined) => {
      if (error) skipped.push(error);
    },
  });
}

/** Reads one file ('-' = standard input); problems come back as diagnostics, never as throws. */
export async function readSubmission(
  file: string,
  plan: Plan,
  options: ReadOptions,
  onRow: (row: SubmissionRow) => void,
): Promise<ReadResult> {
  if (isXlsx(file)) return (await import('./read-xlsx.js')).readXlsxSubmission(file, plan, options, onRow);
  const stats = file === '-' || options.range ? null : statOrNull(file);
  const { name, bytes } = openSource(file, options, stats);
  const consumer = new SubmissionConsumer(name, plan, onRow);
  const skipped: CsvError[] = [];
  const problems: Diagnostic[] = [];
  let stopped = false;

  const size = options.range ? options.range.end - options.range.start : (stats?.size ?? null);
  const progress = readProgress.start(name, size, () => consumer.rows);
  try {
    const source = progress ? counted(asBuffers(bytes), progress) : asBuffers(bytes);
    // The fast path reads what it can and leaves the rest (often nothing) to the general path.
    const fast = options.fastPath === false ? null : await readFast(source, options.encoding, plan, consumer, { transientVillages: options.transientVillages === true });
    if (fast?.kind === 'stopped') stopped = true;
    else if (fast?.kind !== 'done') {
      const rest = fast ?? { bytes: source, encoding: options.encoding };
      // Only for the general path: iconv-lite, and Node's streams (loading those is ~2 ms of every run).
      const { decodeStream } = await import('./decode.js');
      const { pipeline } = createRequire(import.meta.url)('node:stream/promises') as typeof import('node:stream/promises');
      const stop = new AbortController();
      await pipeline(
        decodeStream(rest.bytes, rest.encoding),
        await createParser(skipped),
        async function (records: AsyncIterable<string[]>) {
          for await (const cells of records) {
            if (!consumer.consume(cells)) {
              stopped = true;
              stop.abort();
              return;
            }
          }
        },
        { signal: stop.signal },
      );
    }
  } catch (error) {
    if (!stopped) problems.push(diagnostic('FILE_UNREADABLE', { file: name }, { reason: errorReason(error) }));
  } finally {
    progress?.done();
  }
  // The caller's own callback failing is the caller's bug, not a problem with the file.
  if (consumer.callerFailure) throw consumer.callerFailure.error;

  if (!stopped) problems.push(...skipped.map((error) => skippedRecordDiagnostic(error, name, consumer.nextLine)));
  const diagnostics = [...consumer.diagnostics, ...problems];
  if (!consumer.headerSeen && problems.length === 0) diagnostics.push(diagnostic('FILE_EMPTY', { file: name }));
  return { file: name, rows: consumer.rows, lines: consumer.nextLine - 1, diagnostics };
}

/**
 * With relax_quotes on, the only record csv-parse rejects is one whose quote never closes; it
 * runs to the end of the file, so it starts where the last record read ended.
 */
function skippedRecordDiagnostic(error: CsvError, file: string, line: number): Diagnostic {
  const field = (error as CsvError & { column?: unknown }).column;
  const where = { file, line, ...(typeof field === 'number' ? { column: field + 1 } : {}) };
  if (error.code === 'CSV_QUOTE_NOT_CLOSED') return diagnostic('QUOTE_UNCLOSED', where);
  return diagnostic('FILE_UNREADABLE', where, { reason: error.message });
}

/** Reads the files one after another, in order. */
export async function readSubmissions(
  files: string[],
  plan: Plan,
  options: ReadOptions,
  onRow: (row: SubmissionRow) => void,
): Promise<ReadResult[]> {
  const results: ReadResult[] = [];
  for (const file of files) results.push(await readSubmission(file, plan, options, onRow));
  return results;
}
