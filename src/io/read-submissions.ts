// Streams submission files into SubmissionRows: bytes -> UTF-8 bytes (decode.ts) -> records (the
// one tokenizer, csv-tokenizer.ts) -> rows (the core's RowBuilder). Holds one chunk of a file at a
// time, plus the record a chunk's end cuts (see csv-tokenizer.ts); keeps no row.
//
// CSV as clerks save it: the delimiter is sniffed (comma, tab or semicolon: the one with which a
// header is found near the top); title lines above the header are skipped by the rule the
// spreadsheet reader uses (readHeaderRow); a total row (合计 …) is checked, not read as a region.

import { createReadStream, readFileSync, statSync, type Stats } from 'node:fs';
import { diagnostic, type Diagnostic } from '../core/diagnostics.js';
import { readHeaderRow, reportUndecodable, resolveHeader, RowBuilder, StringCells } from '../core/submissions.js';
import type { Plan, SubmissionRow } from '../core/types.js';
import { CsvTokenizer, type CsvRecord } from './csv-tokenizer.js';
import { toUtf8, type EncodingOption } from './decode.js';
import { readProgress, type FileProgress } from './progress.js';
import { readerThreadSize, readOnReaderThread } from './reader-thread.js';

export interface ReadOptions {
  encoding: EncodingOption;
  stdin?: NodeJS.ReadableStream;
  /** For .xlsx files: the worksheet to read (default: the first). */
  sheet?: string;
  /**
   * true: a village row (object and values) may be reused once onRow returns, and has no name;
   * only for a caller that keeps no row.
   */
  transientVillages?: boolean;
  /** Called with each chunk's size as the file is read (the reader thread reports its progress so). */
  onBytes?: (count: number) => void;
}

export interface ReadResult {
  file: string;
  rows: number;
  /** Physical lines read, blank ones included (CSV only). */
  lines?: number;
  diagnostics: Diagnostic[];
}

export const STDIN_NAME = '<stdin>';

/** Lines above the header: at most this many non-blank ones are skipped looking for it. */
const MAX_TITLE_LINES = 10;

/** Delimiters tried, in order: the first with which a header is found wins (else the comma). */
const DELIMITERS = [0x2c, 0x09, 0x3b];

/** How much of a file's start the delimiter sniff reads, at most (it stops once it holds MAX_TITLE_LINES lines and one). */
const SNIFF_BYTES = 64 * 1024;

/** A spreadsheet rather than CSV (read-xlsx.ts reads .xlsx/.xlsm, and refuses the binary ones with advice). */
export function isXlsx(file: string): boolean {
  return /\.(xlsx|xlsm|xls|xlsb|et|ett)$/i.test(file);
}

/** Chunks as Buffers (a text stream's strings too). */
async function* asBuffers(source: AsyncIterable<Uint8Array | string>, progress: FileProgress | null, onBytes: ((count: number) => void) | undefined): AsyncGenerator<Buffer> {
  for await (const chunk of source) {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    yield bytes;
    progress?.addBytes(bytes.length);
    onBytes?.(bytes.length);
  }
}

function errorReason(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Header state for one file: lines above the header skipped, then records to rows. */
class SubmissionConsumer {
  builder: RowBuilder | null = null;
  rows = 0;
  /** The first non-blank record, kept to say what is wrong when no header is found. */
  first: { cells: string[]; line: number; undecodable: boolean } | null = null;
  private titleLines = 0;
  /** Set when onRow threw; reading stops and the error goes back to the caller. */
  callerFailure: { error: unknown } | null = null;
  readonly diagnostics: Diagnostic[] = [];
  readonly consume = (record: CsvRecord): boolean => (this.builder ? this.row(record) : this.header(record));

  constructor(
    readonly file: string,
    private readonly plan: Plan,
    private readonly options: ReadOptions,
    private readonly onRow: (row: SubmissionRow) => void,
  ) {}

  /** Returns false when reading should stop (no header near the top). */
  private header(record: CsvRecord): boolean {
    if (record.isBlank()) return true;
    const cells = record.cells();
    const line = record.line;
    this.first ??= { cells, line, undecodable: record.anyUndecodable() };
    const header = readHeaderRow(cells, this.plan, this.file, line);
    if (header === null) return ++this.titleLines < MAX_TITLE_LINES;
    for (const d of header.diagnostics) this.diagnostics.push(d);
    reportUndecodable(record, { file: this.file, line }, this.diagnostics, this.diagnostics.length - header.diagnostics.length);
    this.builder = new RowBuilder(this.plan, header.columns, this.file, this.diagnostics, { transientVillages: this.options.transientVillages === true });
    return true;
  }

  private row(record: CsvRecord): boolean {
    if (record.isBlank()) return true;
    const row = this.builder!.build(record, record.line);
    if (!row) return true;
    this.rows += 1;
    try {
      this.onRow(row);
    } catch (error) {
      this.callerFailure = { error };
      return false;
    }
    return true;
  }

  /** After the last record: what to say when no header was found. */
  finish(): void {
    if (this.builder || !this.first) return;
    const { cells, line, undecodable } = this.first;
    const since = this.diagnostics.length;
    for (const d of resolveHeader(cells, this.plan, this.file, line).diagnostics) this.diagnostics.push(d);
    if (undecodable) reportUndecodable(new StringCells(cells), { file: this.file, line }, this.diagnostics, since);
    const only = cells.length === 1 ? cells[0]! : '';
    const held = only.includes('\t') ? 'tabs' : only.includes(';') ? 'semicolons' : null;
    if (held) this.diagnostics.push(diagnostic('HEADER_ONE_COLUMN', { file: this.file, line }, { delimiter: held }));
  }
}

/** The delimiter with which a header is found in the first lines (comma when none is). */
function sniffDelimiter(head: Buffer, complete: boolean, plan: Plan): number {
  for (const delimiter of DELIMITERS) {
    let found = false;
    let seen = 0;
    const tokenizer = new CsvTokenizer(delimiter, (record) => {
      if (record.isBlank()) return true;
      found = readHeaderRow(record.cells(), plan, '', record.line) !== null;
      return !found && ++seen < MAX_TITLE_LINES;
    });
    if (tokenizer.push(head) && complete) tokenizer.end();
    if (found) return delimiter;
  }
  return DELIMITERS[0]!;
}

/**
 * A large file's chunks: 256 KB rather than the stream's 64 KB, so that the per-chunk costs (a read
 * call, a fresh buffer, a record cut at the chunk's end) come four times less often: ~0.1 s CPU at
 * 650,000 rows, for ~1 MB more in flight.
 */
const READ_CHUNK_BYTES = 256 * 1024;

/** Files up to this size are read in one call: no stream to set up, no wait on the thread pool. */
const READ_WHOLE_MAX_BYTES = 1 << 20;

export function statOrNull(file: string): Stats | null {
  try {
    return statSync(file);
  } catch {
    return null; // the stream reports why it cannot be read
  }
}

async function* wholeFile(file: string): AsyncGenerator<Buffer> {
  yield readFileSync(file);
}

function openSource(file: string, options: ReadOptions, stats: Stats | null): { name: string; bytes: AsyncIterable<Uint8Array | string> } {
  if (file === '-') return { name: STDIN_NAME, bytes: options.stdin ?? process.stdin };
  const small = stats !== null && stats.isFile() && stats.size <= READ_WHOLE_MAX_BYTES;
  return { name: file, bytes: small ? wholeFile(file) : createReadStream(file, { highWaterMark: READ_CHUNK_BYTES }) };
}

/** Reads UTF-8 chunks into the tokenizer, sniffing the delimiter on the first SNIFF_BYTES. */
async function tokenize(chunks: AsyncIterable<Buffer>, plan: Plan, consumer: SubmissionConsumer): Promise<CsvTokenizer | null> {
  const iterator = chunks[Symbol.asyncIterator]();
  const head: Buffer[] = [];
  let headLength = 0;
  let done = false;
  let lineFeeds = 0;
  while (headLength < SNIFF_BYTES && lineFeeds <= MAX_TITLE_LINES) {
    const next = await iterator.next();
    if (next.done) {
      done = true;
      break;
    }
    head.push(next.value);
    headLength += next.value.length;
    for (let at = next.value.indexOf(0x0a); at >= 0 && lineFeeds <= MAX_TITLE_LINES; at = next.value.indexOf(0x0a, at + 1)) lineFeeds++;
  }
  const first = Buffer.concat(head, headLength);
  const tokenizer = new CsvTokenizer(sniffDelimiter(first, done, plan), consumer.consume);
  if (!tokenizer.push(first)) {
    await iterator.return?.();
    return null;
  }
  if (!done) {
    for (let next = await iterator.next(); !next.done; next = await iterator.next()) {
      if (!tokenizer.push(next.value)) {
        await iterator.return?.();
        return null;
      }
    }
  }
  return tokenizer.end() ? tokenizer : null;
}

/** Reads one file ('-' = standard input); problems come back as diagnostics, never as throws. */
export async function readSubmission(
  file: string,
  plan: Plan,
  options: ReadOptions,
  onRow: (row: SubmissionRow) => void,
): Promise<ReadResult> {
  if (isXlsx(file)) return (await import('./read-xlsx.js')).readXlsxSubmission(file, plan, options, onRow);
  const stats = file === '-' ? null : statOrNull(file);
  const { name, bytes } = openSource(file, options, stats);
  const consumer = new SubmissionConsumer(name, plan, options, onRow);
  const problems: Diagnostic[] = [];
  let lines = 0;
  const progress = readProgress.start(name, stats?.size ?? null, () => consumer.rows);
  try {
    const tokenizer = await tokenize(toUtf8(asBuffers(bytes, progress, options.onBytes), options.encoding), plan, consumer);
    if (tokenizer) {
      lines = tokenizer.nextLine - 1;
      if (tokenizer.unclosed) problems.push(diagnostic('QUOTE_UNCLOSED', { file: name, ...tokenizer.unclosed }));
    }
  } catch (error) {
    problems.push(diagnostic('FILE_UNREADABLE', { file: name }, { reason: errorReason(error) }));
  } finally {
    progress?.done();
  }
  // The caller's own callback failing is the caller's bug, not a problem with the file.
  if (consumer.callerFailure) throw consumer.callerFailure.error;
  consumer.finish();
  const diagnostics = consumer.diagnostics;
  for (const d of problems) diagnostics.push(d);
  if (!consumer.first && problems.length === 0) diagnostics.push(diagnostic('FILE_EMPTY', { file: name }));
  return { file: name, rows: consumer.rows, lines, diagnostics };
}

/** Reads the files one after another, in order; a large CSV file on the reader thread (reader-thread.ts). */
export async function readSubmissions(
  files: string[],
  plan: Plan,
  options: ReadOptions,
  onRow: (row: SubmissionRow) => void,
): Promise<ReadResult[]> {
  const results: ReadResult[] = [];
  for (const file of files) {
    const size = readerThreadSize(file);
    results.push(await (size === null ? readSubmission(file, plan, options, onRow) : readOnReaderThread(file, size, plan, options, onRow)));
  }
  return results;
}
