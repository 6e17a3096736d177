// The fast reading path: CSV bytes straight to SubmissionRows, for the common shape of a large
// file (UTF-8 or ASCII, plain numbers, quotes only around whole cells).
//
// It scans bytes, reads numbers from the bytes without making a string per cell, and resolves the
// columns once per file. Whatever it is not sure about goes to the general path (decode ->
// csv-parse -> recordToRow), so findings and rows are the same either way:
// - a record with anything unusual in a cell (a number that is not plain digits, a value a check
//   would flag, a line break, text that did not decode, a cell too many or too few) is turned into
//   string cells and handed to the general consumer, one record at a time;
// - input that is not UTF-8 (a UTF-16 BOM, GB18030 given or sniffed) and quoting csv-parse reads
//   in its relaxed way (a quote inside a bare cell, text after a closing quote, a quote never
//   closed) make the rest of the file, from that record on, go through the general path.

import { isAscii } from 'node:buffer';
import type { ColumnMap } from '../core/submissions.js';
import type { Plan, SubmissionRow } from '../core/types.js';
import type { EncodingOption } from './decode.js';
import { firstNonAscii, isWellFormedUtf8, looksLikeUtf8 } from './utf8-sniff.js';

/** What a decoder puts where bytes could not be decoded (decode.ts loads iconv-lite, so not from there). */
export const REPLACEMENT_CHAR = '\uFFFD';

/** The general reader's consumer, whose state (header, line count) the fast path shares. */
export interface RecordSink {
  readonly file: string;
  readonly headerSeen: boolean;
  readonly columns: ColumnMap | null;
  /** The physical line the next record starts on. */
  nextLine: number;
  /** A record as string cells, exactly as csv-parse would give it; false = stop reading. */
  consume(cells: string[]): boolean;
  /** A row read on the fast path: one line, no findings; false = stop reading. */
  consumeRow(row: SubmissionRow): boolean;
}

/** What the fast path leaves to the general path: the remaining bytes, to decode as `encoding`. */
export interface Handoff {
  bytes: AsyncIterable<Buffer>;
  encoding: EncodingOption;
}

export type FastReadOutcome = { kind: 'done' } | { kind: 'stopped' } | ({ kind: 'handoff' } & Handoff);

const COMMA = 0x2c;
const QUOTE = 0x22;
const LF = 0x0a;
const CR = 0x0d;
const DOT = 0x2e;
const ZERO = 0x30;

const QUOTED = 1;
const ESCAPED_QUOTE = 2;
const NON_ASCII = 4;
const LINE_BREAK = 8;

/** Column roles; input columns hold the field index (>= 0) instead. */
const OTHER = -1;
const CODE = -2;
const YEAR = -3;
const NAME = -4;

/** Enough digits to stay an exact integer in a double: then digits / 10^k is what Number() gives. */
const MAX_DIGITS = 15;
const POWERS_OF_TEN = Array.from({ length: MAX_DIGITS + 1 }, (_, k) => 10 ** k);
const FIRST_YEAR = 1900;
const LAST_YEAR = 2100;
/** How many bytes after the first non-ASCII byte the UTF-8 sniff looks at (as the general path). */
const SNIFF_BYTES = 4096;
const UTF8_BOM = [0xef, 0xbb, 0xbf];

/** The end of one scanned record: the next record's start, or why scanning stopped. */
const NEED_MORE = -1;
const UNUSUAL = -2;
const NOT_FAST = -3;

/** Per input column: what a value must satisfy to need no finding. */
interface ColumnLayout {
  columns: ColumnMap;
  roles: Int32Array;
  min: Float64Array;
  max: Float64Array;
  integer: Uint8Array;
  /** 1 where a plain (never negative) number can fall outside the declared range. */
  bounded: Uint8Array;
}

function layoutOf(columns: ColumnMap, plan: Plan): ColumnLayout {
  const { width } = columns;
  const roles = new Int32Array(width).fill(OTHER);
  const min = new Float64Array(width).fill(-Infinity);
  const max = new Float64Array(width).fill(Infinity);
  const integer = new Uint8Array(width);
  const bounded = new Uint8Array(width);
  roles[columns.regionCode] = CODE;
  roles[columns.year] = YEAR;
  if (columns.regionName !== null) roles[columns.regionName] = NAME;
  for (const { column, fieldIndex } of columns.inputs) {
    const field = plan.inputs[fieldIndex]!;
    roles[column] = fieldIndex;
    // Plain numbers are never negative: the declared range and "whole number" are all a fast row can break.
    if (field.min !== undefined) min[column] = field.min;
    if (field.max !== undefined) max[column] = field.max;
    integer[column] = field.integer === true ? 1 : 0;
    bounded[column] = min[column]! > 0 || max[column]! < Infinity ? 1 : 0;
  }
  return { columns, roles, min, max, integer, bounded };
}

async function* concatenated(parts: Buffer[], rest: AsyncIterator<Buffer>): AsyncGenerator<Buffer> {
  for (const part of parts) if (part.length > 0) yield part;
  for (let next = await rest.next(); !next.done; next = await rest.next()) yield next.value;
}

/** Village rows' values come from shared slabs: one allocation per this many rows, not per row. */
const SLAB_ROWS = 1024;

/** Node's slicing decoders: what buffer.toString(encoding, start, end) calls, minus its argument checks. */
interface SlicingBuffer extends Buffer {
  latin1Slice(start: number, end: number): string;
  utf8Slice(start: number, end: number): string;
}
const hasSlicers = typeof (Buffer.prototype as Partial<SlicingBuffer>).utf8Slice === 'function' && typeof (Buffer.prototype as Partial<SlicingBuffer>).latin1Slice === 'function';

/** A cell's text from its bytes: ASCII, or UTF-8 (the only charsets read here). */
const latin1 = hasSlicers
  ? (bytes: Buffer, start: number, end: number): string => (bytes as SlicingBuffer).latin1Slice(start, end)
  : (bytes: Buffer, start: number, end: number): string => bytes.toString('latin1', start, end);
const utf8 = hasSlicers
  ? (bytes: Buffer, start: number, end: number): string => (bytes as SlicingBuffer).utf8Slice(start, end)
  : (bytes: Buffer, start: number, end: number): string => bytes.toString('utf8', start, end);

class FastScanner {
  /** Content range and flags of each cell of the record being read (the two-pass path). */
  private starts = new Int32Array(128);
  private ends = new Int32Array(128);
  private flags = new Uint8Array(128);
  private cellCount = 0;
  private layout: ColumnLayout | null = null;
  private readonly inputCount: number;
  /** The row being read, before it is known to be a fast row. */
  private readonly scratch: Float64Array;
  private slab: Float64Array;
  private slabUsed = SLAB_ROWS;
  /** Set by fastLine/fastRow with the row they read. */
  private row: SubmissionRow | null = null;
  /** See reusedVillageRow. */
  private villageRow: SubmissionRow | null = null;
  unusualAt = 0;

  constructor(
    private readonly plan: Plan,
    private readonly sink: RecordSink,
    /** 'utf8' once UTF-8 is known; 'ascii' while every byte so far is ASCII. */
    public charset: 'utf8' | 'ascii',
    private readonly transientVillages = false,
  ) {
    this.inputCount = plan.inputs.length;
    this.scratch = new Float64Array(this.inputCount);
    this.slab = new Float64Array(0);
  }

  /**
   * Reads every complete record in `bytes`. Returns where the unread part starts, or UNUSUAL
   * (with `this.unusualAt` set) when the rest must go to the general path, or 'stopped'.
   */
  scan(bytes: Buffer, atEnd: boolean): number | 'stopped' {
    let pos = 0;
    // Records that start at or before the last line feed end within `bytes`: fastLine's case.
    const lastLineFeed = bytes.lastIndexOf(LF);
    while (pos < bytes.length) {
      if (this.layout && pos <= lastLineFeed) {
        const next = this.fastLine(bytes, pos, this.layout);
        if (next >= 0) {
          if (!this.sink.consumeRow(this.row!)) return 'stopped';
          pos = next;
          continue;
        }
      }
      const next = this.scanRecord(bytes, pos, atEnd);
      if (next === NEED_MORE) return pos;
      if (next === UNUSUAL) {
        this.unusualAt = pos;
        return UNUSUAL;
      }
      if (!this.takeRecord(bytes)) return 'stopped';
      pos = next;
    }
    return pos;
  }

  private growCells(): void {
    const size = this.starts.length * 2;
    const grow = <T extends Int32Array | Uint8Array>(old: T, fresh: T): T => {
      fresh.set(old);
      return fresh;
    };
    this.starts = grow(this.starts, new Int32Array(size));
    this.ends = grow(this.ends, new Int32Array(size));
    this.flags = grow(this.flags, new Uint8Array(size));
  }

  /**
   * The one-pass path for the common record: bare cells, plain numbers, nothing to report. Only
   * called for a record with a line feed after it somewhere in `bytes`, so every loop stops at a
   * byte that is there and none needs to test for the end. Reads the record and sets `this.row`;
   * returns the next record's start, or NOT_FAST (then the record is read again, cell by cell, by
   * the two-pass path).
   */
  private fastLine(bytes: Buffer, from: number, layout: ColumnLayout): number {
    const { roles, min, max, integer, bounded } = layout;
    const width = layout.columns.width;
    const values = this.scratch;
    values.fill(Number.NaN);
    let code = '';
    let year = 0;
    let nameStart = -1;
    let nameEnd = -1;
    let nameNonAscii = false;
    let i = from;
    for (let column = 0; ; column++) {
      const role = roles[column]!;
      const start = i;
      let c = bytes[i]!;
      if (role >= 0) {
        // Digits, then maybe a point and more digits; `digit >>> 0 < 10` is one test for 0-9.
        let mantissa = 0;
        let digit = c - ZERO;
        while (digit >>> 0 < 10) {
          mantissa = mantissa * 10 + digit;
          c = bytes[++i]!;
          digit = c - ZERO;
        }
        if (c === DOT) {
          const point = ++i;
          c = bytes[i]!;
          digit = c - ZERO;
          while (digit >>> 0 < 10) {
            mantissa = mantissa * 10 + digit;
            c = bytes[++i]!;
            digit = c - ZERO;
          }
          const digits = i - start - 1;
          if (digits === 0 || digits > MAX_DIGITS) return NOT_FAST;
          const decimals = i - point;
          const value = decimals === 0 ? mantissa : mantissa / POWERS_OF_TEN[decimals]!;
          if (bounded[column] === 1 && (value < min[column]! || value > max[column]!)) return NOT_FAST;
          if (integer[column] === 1 && !Number.isInteger(value)) return NOT_FAST;
          values[role] = value;
        } else if (i > start) {
          if (i - start > MAX_DIGITS) return NOT_FAST;
          if (bounded[column] === 1 && (mantissa < min[column]! || mantissa > max[column]!)) return NOT_FAST;
          values[role] = mantissa;
        }
      } else if (role === CODE || role === YEAR) {
        while ((c - ZERO) >>> 0 < 10) c = bytes[++i]!;
        const size = i - start;
        if (role === CODE) {
          if (size !== 6 && size !== 9 && size !== 12) return NOT_FAST;
          code = latin1(bytes, start, i);
        } else {
          if (size !== 4) return NOT_FAST;
          year = (bytes[start]! - ZERO) * 1000 + (bytes[start + 1]! - ZERO) * 100 + (bytes[start + 2]! - ZERO) * 10 + (bytes[start + 3]! - ZERO);
          if (year < FIRST_YEAR || year > LAST_YEAR) return NOT_FAST;
        }
      } else {
        let nonAscii = false;
        while (c !== COMMA && c !== LF && c !== CR) {
          if (c === QUOTE) return NOT_FAST;
          if (c >= 0x80) nonAscii = true;
          c = bytes[++i]!;
        }
        // Bytes that would not decode (or decode to U+FFFD): the general path reports them.
        if (nonAscii && !isWellFormedUtf8(bytes, start, i)) return NOT_FAST;
        if (role === NAME) {
          nameStart = start;
          nameEnd = i;
          nameNonAscii = nonAscii;
        }
      }
      // Where the cell ended: a comma, the end of the record, or something a fast row cannot hold.
      if (c === COMMA) {
        if (column + 1 === width) return NOT_FAST;
        i++;
        continue;
      }
      if ((c !== LF && c !== CR) || column + 1 !== width) return NOT_FAST;
      // A CR is followed by something (the line feed is further on): a CRLF's LF, or the next record.
      const next = c === CR && bytes[i + 1] === LF ? i + 2 : i + 1;
      if (this.isTransientVillage(code)) {
        this.row = this.reusedVillageRow(code, year);
      } else {
        // The name is decoded only for a row that keeps it: a village's is never read by check or compute.
        const name = nameEnd < 0 ? '' : (nameNonAscii ? utf8(bytes, nameStart, nameEnd) : latin1(bytes, nameStart, nameEnd)).trim();
        this.row = this.newRow(code, year, name);
      }
      return next;
    }
  }

  private isTransientVillage(code: string): boolean {
    return this.transientVillages && code.length === 12;
  }

  /**
   * With transientVillages, every village row read is this one object, its values the scratch
   * array, refilled for the next row: no allocation per village at all.
   */
  private reusedVillageRow(code: string, year: number): SubmissionRow {
    let row = this.villageRow;
    if (row === null) {
      row = { code, year, values: this.scratch, source: { file: this.sink.file, line: 0, columns: this.layout!.columns.columnNumbers } };
      this.villageRow = row;
    }
    row.code = code;
    row.year = year;
    row.source.line = this.sink.nextLine;
    return row;
  }

  /** A row of its own, from the scratch values. Village rows share slabs (one allocation per 1,024 rows). */
  private newRow(code: string, year: number, name: string): SubmissionRow {
    let values: Float64Array;
    if (code.length === 12) {
      if (this.slabUsed === SLAB_ROWS) {
        this.slab = new Float64Array(SLAB_ROWS * this.inputCount);
        this.slabUsed = 0;
      }
      const at = this.slabUsed++ * this.inputCount;
      values = this.slab.subarray(at, at + this.inputCount);
      values.set(this.scratch);
    } else {
      values = this.scratch.slice();
    }
    const row: SubmissionRow = { code, year, values, source: { file: this.sink.file, line: this.sink.nextLine, columns: this.layout!.columns.columnNumbers } };
    if (name !== '') row.name = name;
    return row;
  }

  /** Splits one record into cells; returns the next record's start, NEED_MORE or UNUSUAL. */
  private scanRecord(bytes: Buffer, from: number, atEnd: boolean): number {
    const length = bytes.length;
    let i = from;
    let cell = 0;
    for (;;) {
      if (cell === this.starts.length) this.growCells();
      let flags = 0;
      let start = i;
      let end: number;
      if (i < length && bytes[i] === QUOTE) {
        flags = QUOTED;
        start = ++i;
        for (;;) {
          if (i >= length) return atEnd ? UNUSUAL : NEED_MORE; // a quote never closed: csv-parse's case
          const c = bytes[i]!;
          if (c === QUOTE) {
            if (i + 1 >= length && !atEnd) return NEED_MORE;
            if (bytes[i + 1] === QUOTE) {
              flags |= ESCAPED_QUOTE;
              i += 2;
              continue;
            }
            break;
          }
          if (c === LF || c === CR) flags |= LINE_BREAK;
          else if (c >= 0x80) flags |= NON_ASCII;
          i++;
        }
        end = i++;
        if (i < length && bytes[i] !== COMMA && bytes[i] !== LF && bytes[i] !== CR) return UNUSUAL; // text after the closing quote
      } else {
        for (;;) {
          if (i >= length) {
            if (!atEnd) return NEED_MORE;
            break;
          }
          const c = bytes[i]!;
          if (c === COMMA || c === LF || c === CR) break;
          if (c === QUOTE) return UNUSUAL; // a quote inside a bare cell: csv-parse keeps it, relaxed
          if (c >= 0x80) flags |= NON_ASCII;
          i++;
        }
        end = i;
      }
      this.starts[cell] = start;
      this.ends[cell] = end;
      this.flags[cell] = flags;
      cell++;
      if (i >= length) {
        this.cellCount = cell;
        return length; // the last record, with no line break after it
      }
      const c = bytes[i]!;
      if (c === COMMA) {
        i++;
        continue;
      }
      this.cellCount = cell;
      if (c === LF) return i + 1;
      // CR: alone or as CRLF; at the very end of the bytes read so far, wait to see which.
      if (i + 1 >= length) return atEnd ? i + 1 : NEED_MORE;
      return bytes[i + 1] === LF ? i + 2 : i + 1;
    }
  }

  /** One scanned record: a fast row when everything in it is plain (quotes allowed), else string cells for the general consumer. */
  private takeRecord(bytes: Buffer): boolean {
    const sink = this.sink;
    if (this.layout && this.fastRow(bytes, this.layout)) return sink.consumeRow(this.row!);
    const go = sink.consume(this.cellTexts(bytes));
    if (!this.layout && sink.headerSeen && sink.columns !== null) this.layout = layoutOf(sink.columns, this.plan);
    return go;
  }

  private text(bytes: Buffer, cell: number): string {
    const start = this.starts[cell]!;
    const end = this.ends[cell]!;
    const flags = this.flags[cell]!;
    const text = flags & NON_ASCII ? utf8(bytes, start, end) : latin1(bytes, start, end);
    return flags & ESCAPED_QUOTE ? text.replaceAll('""', '"') : text;
  }

  private cellTexts(bytes: Buffer): string[] {
    const cells = new Array<string>(this.cellCount);
    for (let c = 0; c < this.cellCount; c++) cells[c] = this.text(bytes, c);
    return cells;
  }

  /** The two-pass fast row (quoted cells allowed): true with `this.row` set, or false when any cell needs the general reading. */
  private fastRow(bytes: Buffer, layout: ColumnLayout): boolean {
    const { columns, roles } = layout;
    if (this.cellCount !== columns.width) return false;
    const values = this.scratch;
    values.fill(Number.NaN);
    let code = '';
    let year = 0;
    let name = '';
    for (let c = 0; c < this.cellCount; c++) {
      const role = roles[c]!;
      const start = this.starts[c]!;
      const end = this.ends[c]!;
      const flags = this.flags[c]!;
      if (role >= 0) {
        if (start === end) continue; // blank: not reported
        if (flags & (ESCAPED_QUOTE | NON_ASCII | LINE_BREAK)) return false;
        const value = plainNumber(bytes, start, end);
        if (Number.isNaN(value) || value < layout.min[c]! || value > layout.max[c]!) return false;
        if (layout.integer[c] === 1 && !Number.isInteger(value)) return false;
        values[role] = value;
      } else if (role === CODE) {
        const length = end - start;
        if ((length !== 6 && length !== 9 && length !== 12) || flags !== (flags & QUOTED) || !allDigits(bytes, start, end)) return false;
        code = latin1(bytes, start, end);
      } else if (role === YEAR) {
        if (end - start !== 4 || flags !== (flags & QUOTED) || !allDigits(bytes, start, end)) return false;
        year = (bytes[start]! - ZERO) * 1000 + (bytes[start + 1]! - ZERO) * 100 + (bytes[start + 2]! - ZERO) * 10 + (bytes[start + 3]! - ZERO);
        if (year < FIRST_YEAR || year > LAST_YEAR) return false;
      } else if (flags & LINE_BREAK) {
        return false;
      } else if (role === NAME) {
        name = this.text(bytes, c);
        if (flags & NON_ASCII && name.includes(REPLACEMENT_CHAR)) return false;
        name = name.trim();
      } else if (flags & NON_ASCII && this.text(bytes, c).includes(REPLACEMENT_CHAR)) {
        return false; // the general path reports undecodable bytes in any cell
      }
    }
    this.row = this.isTransientVillage(code) ? this.reusedVillageRow(code, year) : this.newRow(code, year, name);
    return true;
  }
}

function allDigits(bytes: Buffer, start: number, end: number): boolean {
  for (let i = start; i < end; i++) {
    const d = bytes[i]! - ZERO;
    if (d < 0 || d > 9) return false;
  }
  return true;
}

/**
 * Digits with at most one decimal point and at least one digit, 15 digits at most; NaN otherwise.
 * mantissa / 10^k is correctly rounded, as Number(text) is, because both operands are exact.
 */
function plainNumber(bytes: Buffer, start: number, end: number): number {
  let mantissa = 0;
  let digits = 0;
  let point = -1;
  for (let i = start; i < end; i++) {
    const c = bytes[i]!;
    const d = c - ZERO;
    if (d >= 0 && d <= 9) {
      mantissa = mantissa * 10 + d;
      digits++;
    } else if (c === DOT && point < 0) {
      point = i;
    } else {
      return Number.NaN;
    }
  }
  if (digits === 0 || digits > MAX_DIGITS) return Number.NaN;
  return point < 0 ? mantissa : mantissa / POWERS_OF_TEN[end - point - 1]!;
}

/** Reads chunks until at least `minimum` bytes are held or the input ends (as the general path does). */
async function gather(iterator: AsyncIterator<Buffer>, first: Buffer, minimum: number, held: Buffer[]): Promise<{ bytes: Buffer; done: boolean }> {
  const parts = [first];
  let length = first.length;
  while (length < minimum) {
    const next = await iterator.next();
    if (next.done) return { bytes: Buffer.concat(parts), done: true };
    held.push(next.value);
    parts.push(next.value);
    length += next.value.length;
  }
  return { bytes: Buffer.concat(parts), done: false };
}

export interface FastReadOptions {
  /**
   * A village row (the object, its source and its values array) is reused for the next row, so it
   * is valid only until the sink returns, and its name is not read: for a caller that reads values
   * at once and keeps no row (aggregation, checks). It saves hundreds of megabytes of short-lived
   * objects on a national file, and the collections they cause.
   */
  transientVillages?: boolean;
  /** Hears how many bytes each chunk had. */
  onBytes?: (bytes: number) => void;
}

/**
 * Reads a submission's bytes on the fast path, feeding `sink`. Returns what it could not read
 * for the general path, if anything.
 */
export async function readFast(
  source: AsyncIterable<Buffer>,
  encoding: EncodingOption,
  plan: Plan,
  sink: RecordSink,
  { transientVillages = false, onBytes }: FastReadOptions = {},
): Promise<FastReadOutcome> {
  const iterator = source[Symbol.asyncIterator]();
  const headChunks: Buffer[] = [];
  const head = await gather(iterator, Buffer.alloc(0), UTF8_BOM.length, headChunks);
  const utf8Bom = UTF8_BOM.every((byte, i) => head.bytes[i] === byte);
  const utf16Bom = (head.bytes[0] === 0xff && head.bytes[1] === 0xfe) || (head.bytes[0] === 0xfe && head.bytes[1] === 0xff);
  if (utf16Bom || (!utf8Bom && encoding === 'gb18030')) {
    return { kind: 'handoff', bytes: concatenated([head.bytes], iterator), encoding };
  }
  const scanner = new FastScanner(plan, sink, utf8Bom || encoding === 'utf8' ? 'utf8' : 'ascii', transientVillages);
  /** Chunks read ahead (for the sniff) and not scanned yet. */
  const queue: Buffer[] = [utf8Bom ? head.bytes.subarray(UTF8_BOM.length) : head.bytes];
  let pending: Buffer = Buffer.alloc(0);
  let ended = head.done;

  const handoff = (parts: Buffer[], to: EncodingOption): FastReadOutcome => {
    // The general path starts on a fresh line: one line break of our own (a blank record,
    // skipped and counted) keeps a leading U+FEFF or FF FE from reading as a BOM there.
    sink.nextLine -= 1;
    return { kind: 'handoff', bytes: concatenated([Buffer.from('\n'), ...parts, ...queue.splice(0)], iterator), encoding: to };
  };

  for (;;) {
    let chunk = queue.shift();
    if (chunk === undefined && !ended) {
      const next = await iterator.next();
      if (next.done) ended = true;
      else chunk = next.value;
    }
    if (chunk === undefined) break;
    onBytes?.(chunk.length);
    if (scanner.charset === 'ascii' && !isAscii(chunk)) {
      // Auto mode decides at the first non-ASCII byte, from what follows it, as decodeStream does.
      const at = firstNonAscii(chunk);
      const held: Buffer[] = [];
      const sample = ended ? { bytes: chunk.subarray(at), done: true } : await gather(iterator, chunk.subarray(at), SNIFF_BYTES, held);
      if (sample.done) ended = true;
      // GB18030: the general path gets the sample as one piece, as decodeStream would decode it
      // (iconv reads a broken sequence differently when it is split between chunks).
      if (!looksLikeUtf8(sample.bytes, sample.done)) return handoff([Buffer.concat([pending, chunk.subarray(0, at)]), sample.bytes], 'gb18030');
      queue.unshift(...held);
      scanner.charset = 'utf8';
    }
    const bytes = pending.length > 0 ? Buffer.concat([pending, chunk]) : chunk;
    const read = scanner.scan(bytes, false);
    if (read === 'stopped') return stop(iterator);
    if (read === UNUSUAL) return handoff([bytes.subarray(scanner.unusualAt)], scanner.charset === 'utf8' ? 'utf8' : encoding);
    pending = bytes.subarray(read);
  }
  if (pending.length > 0) {
    const read = scanner.scan(pending, true);
    if (read === 'stopped') return stop(iterator);
    if (read === UNUSUAL) return handoff([pending.subarray(scanner.unusualAt)], scanner.charset === 'utf8' ? 'utf8' : encoding);
  }
  return { kind: 'done' };
}

async function stop(iterator: AsyncIterator<Buffer>): Promise<FastReadOutcome> {
  await iterator.return?.();
  return { kind: 'stopped' };
}
