// The one CSV tokenizer: UTF-8 bytes (decode.ts transcodes every other encoding) to records, read
// as RFC 4180 plus the relaxed forms clerks' files hold, exactly as csv-parse reads them with
// relax_quotes and relax_column_count (test/io/csv-tokenizer.test.ts holds it to that):
// - a quote inside a bare cell is kept as text (a"b);
// - text after a closing quote keeps the quotes as text ("a"b reads "a"b);
// - a quote never closed runs to the end of the input; that record is not read, and reported.
// Records end at CRLF, LF or a lone CR. Cells are byte ranges in the chunk being read: numbers are
// read from the bytes, and only the cells a row keeps become strings.
//
// Chunks: a record cut by a chunk's end is read again once at least twice as many bytes have come
// in since its start, so reading time stays linear in the length of a record, however long.

import { isUtf8 } from 'node:buffer';
import { type RecordCells } from '../core/submissions.js';

const QUOTE = 0x22;
const LF = 0x0a;
const CR = 0x0d;
const DOT = 0x2e;
const ZERO = 0x30;
/** U+FFFD in UTF-8: what a transcoder writes for bytes it could not decode. */
const REPLACEMENT_BYTES = Buffer.from([0xef, 0xbf, 0xbd]);

/** Cell flags. */
const QUOTED = 1;
const ESCAPED_QUOTE = 2;
const NON_ASCII = 4;

/** The end of one scanned record: the next record's start, or why scanning stopped. */
const NEED_MORE = -1;
const UNCLOSED = -2;

/** Enough digits to stay an exact integer in a double: then digits / 10^k is what Number() gives. */
const MAX_DIGITS = 15;
const POWERS_OF_TEN = Array.from({ length: MAX_DIGITS + 1 }, (_, k) => 10 ** k);

/** A continuation byte: 10xxxxxx. */
function isContinuation(byte: number | undefined): boolean {
  return byte !== undefined && (byte & 0xc0) === 0x80;
}

/**
 * Whether bytes[start, end) decode as UTF-8 without a U+FFFD: well-formed sequences only (no
 * overlong forms, surrogates or code points past U+10FFFF), and no U+FFFD written out (EF BF BD,
 * which is also what a transcoder writes for bytes it could not decode).
 */
export function isWellFormedUtf8(bytes: Uint8Array, start: number, end: number): boolean {
  let i = start;
  while (i < end) {
    const lead = bytes[i]!;
    if (lead < 0x80) {
      i += 1;
      continue;
    }
    const length = lead >= 0xc2 && lead <= 0xdf ? 2 : lead >= 0xe0 && lead <= 0xef ? 3 : lead >= 0xf0 && lead <= 0xf4 ? 4 : 0;
    if (length === 0 || i + length > end) return false;
    const second = bytes[i + 1];
    if (!isContinuation(second)) return false;
    for (let k = 2; k < length; k++) if (!isContinuation(bytes[i + k])) return false;
    // The second byte's narrower ranges (Unicode table 3-7).
    if ((lead === 0xe0 && second! < 0xa0) || (lead === 0xed && second! > 0x9f) || (lead === 0xf0 && second! < 0x90) || (lead === 0xf4 && second! > 0x8f)) return false;
    if (lead === 0xef && second === 0xbf && bytes[i + 2] === 0xbd) return false;
    i += length;
  }
  return true;
}

/**
 * Digits with at most one point and at least one digit, 15 digits at most; NaN otherwise.
 * mantissa / 10^k is correctly rounded, as Number(text) is, because both operands are exact.
 */
function plainNumber(bytes: Uint8Array, start: number, end: number): number {
  let mantissa = 0;
  let digits = 0;
  let point = -1;
  for (let i = start; i < end; i++) {
    const c = bytes[i]!;
    const digit = c - ZERO;
    if (digit >>> 0 < 10) {
      mantissa = mantissa * 10 + digit;
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

/** One record: its cells as byte ranges of `bytes`, valid until the tokenizer reads on. */
export class CsvRecord implements RecordCells {
  bytes: Buffer = Buffer.alloc(0);
  count = 0;
  starts = new Int32Array(128);
  ends = new Int32Array(128);
  flags = new Uint8Array(128);
  numbers = new Float64Array(128);
  /** Cells whose text is not one byte range (relaxed quoting); undefined elsewhere. */
  texts: (string | undefined)[] = [];
  hasTexts = false;
  nonAscii = false;
  /** Every byte up to this offset of `bytes` is known to decode (whole lines checked at once). */
  cleanUntil = 0;
  /** The physical line the record starts on, and how many line breaks its quoted cells hold. */
  line = 1;
  innerBreaks = 0;

  grow(): void {
    const size = this.starts.length * 2;
    const starts = new Int32Array(size);
    starts.set(this.starts);
    const ends = new Int32Array(size);
    ends.set(this.ends);
    const flags = new Uint8Array(size);
    flags.set(this.flags);
    const numbers = new Float64Array(size);
    numbers.set(this.numbers);
    this.numbers = numbers;
    this.starts = starts;
    this.ends = ends;
    this.flags = flags;
  }

  text(index: number): string {
    if (index >= this.count) return '';
    if (this.hasTexts) {
      const text = this.texts[index];
      if (text !== undefined) return text;
    }
    const flags = this.flags[index]!;
    const text = this.bytes.toString(flags & NON_ASCII ? 'utf8' : 'latin1', this.starts[index], this.ends[index]);
    return flags & ESCAPED_QUOTE ? text.replaceAll('""', '"') : text;
  }

  /** Digits with at most one point, 15 digits at most (read as the cell was scanned); NaN otherwise. */
  number(index: number): number {
    return index < this.count ? this.numbers[index]! : Number.NaN;
  }

  empty(index: number): boolean {
    return index >= this.count || (this.starts[index] === this.ends[index] && !(this.hasTexts && this.texts[index] !== undefined));
  }

  width(index: number): number {
    if (index >= this.count) return 0;
    const text = this.hasTexts ? this.texts[index] : undefined;
    return text !== undefined ? text.length : this.ends[index]! - this.starts[index]!;
  }

  anyUndecodable(): boolean {
    if (!this.nonAscii || (this.count > 0 && this.ends[this.count - 1]! <= this.cleanUntil && !this.hasTexts)) return false;
    const flags = this.flags;
    for (let i = 0; i < this.count; i++) {
      if ((flags[i]! & NON_ASCII) !== 0 && this.undecodable(i)) return true;
    }
    return false;
  }

  undecodable(index: number): boolean {
    if (index >= this.count) return false;
    if (this.hasTexts && this.texts[index] !== undefined) return this.texts[index]!.includes('\uFFFD');
    return (this.flags[index]! & NON_ASCII) !== 0 && !isWellFormedUtf8(this.bytes, this.starts[index]!, this.ends[index]!);
  }

  /** Every cell empty or whitespace: a blank line (counted, not read). */
  isBlank(): boolean {
    for (let cell = 0; cell < this.count; cell++) {
      if (this.flags[cell]! & NON_ASCII || (this.hasTexts && this.texts[cell] !== undefined)) {
        if (this.text(cell).trim() !== '') return false;
        continue;
      }
      for (let i = this.starts[cell]!, end = this.ends[cell]!; i < end; i++) {
        const c = this.bytes[i]!;
        if (c !== 0x20 && (c < 0x09 || c > 0x0d)) return false;
      }
    }
    return true;
  }

  /** The cells as strings (for the header and lines above it). */
  cells(): string[] {
    const cells = new Array<string>(this.count);
    for (let i = 0; i < this.count; i++) cells[i] = this.text(i);
    return cells;
  }
}

/** What the tokenizer calls per record; false stops the reading. */
export type RecordSink = (record: CsvRecord) => boolean;

export class CsvTokenizer {
  private readonly record = new CsvRecord();
  /** The unread bytes of a record cut by a chunk's end, and what has come since. */
  private pending: Buffer[] = [];
  private pendingLength = 0;
  /** Read the pending record again once this many bytes are held. */
  private retryAt = 0;
  private line = 1;
  private stopped = false;
  /** Set at the end when a quote was never closed: where its record starts, and which cell (1-based). */
  unclosed: { line: number; column: number } | null = null;

  constructor(
    private readonly delimiter: number,
    private readonly sink: RecordSink,
  ) {}

  /** The physical line the next record starts on. */
  get nextLine(): number {
    return this.line;
  }

  /** Reads the records complete in what has come so far; false once the sink said stop. */
  push(chunk: Buffer): boolean {
    if (this.stopped) return false;
    if (this.pendingLength > 0) {
      const tail = this.pending.length === 1 ? this.pending[0]! : null;
      this.pending.push(chunk);
      this.pendingLength += chunk.length;
      if (this.pendingLength < this.retryAt) return true;
      // The common case: a record cut by the last chunk's end, finished by this chunk's first line.
      // Joining just that line, not the whole chunk, copies a line's bytes rather than a chunk's.
      const lineEnd = tail ? chunk.indexOf(LF) + 1 : 0;
      if (tail && lineEnd > 0 && lineEnd < chunk.length) {
        this.pending = [];
        this.pendingLength = 0;
        const joined = Buffer.concat([tail, chunk.subarray(0, lineEnd)]);
        if (this.scanAll(joined, false) === 0) {
          this.scanAll(chunk.subarray(lineEnd), false);
          return !this.stopped;
        }
        if (this.stopped) return false;
        // A quoted cell's line break, not the record's end: read on with the whole chunk.
        chunk = Buffer.concat([this.pending[0]!, chunk.subarray(lineEnd)]);
      } else {
        chunk = Buffer.concat(this.pending, this.pendingLength);
      }
    }
    this.scanAll(chunk, false);
    return !this.stopped;
  }

  /** Reads what is left at the end of the input. */
  end(): boolean {
    if (this.stopped) return false;
    const rest = this.pendingLength > 0 ? Buffer.concat(this.pending, this.pendingLength) : Buffer.alloc(0);
    this.pending = [];
    this.pendingLength = 0;
    this.scanAll(rest, true);
    return !this.stopped;
  }

  /** Reads the records in `bytes`; keeps what is left (returned: its length) for the next chunk. */
  private scanAll(bytes: Buffer, atEnd: boolean): number {
    const record = this.record;
    record.bytes = bytes;
    const lastLineFeed = bytes.lastIndexOf(LF);
    // The complete lines decode (one check for them all) unless a cell holds bytes that do not.
    const lines = bytes.subarray(0, lastLineFeed + 1);
    record.cleanUntil = isUtf8(lines) && lines.indexOf(REPLACEMENT_BYTES) < 0 ? lastLineFeed + 1 : 0;
    let pos = 0;
    while (pos < bytes.length) {
      const next = this.scanRecord(bytes, pos, atEnd, lastLineFeed);
      if (next === NEED_MORE) break;
      if (next === UNCLOSED) {
        this.unclosed = { line: this.line, column: record.count + 1 };
        pos = bytes.length;
        break;
      }
      record.line = this.line;
      this.line += 1 + record.innerBreaks;
      pos = next;
      if (!this.sink(record)) {
        this.stopped = true;
        return 0;
      }
    }
    const left = bytes.length - pos;
    this.pending = left > 0 ? [bytes.subarray(pos)] : [];
    this.pendingLength = left;
    this.retryAt = 2 * left;
    return left;
  }

  /** Splits one record into cells; returns the next record's start, NEED_MORE or UNCLOSED. */
  private scanRecord(bytes: Buffer, from: number, atEnd: boolean, lastLineFeed: number): number {
    const record = this.record;
    const delimiter = this.delimiter;
    const length = bytes.length;
    if (record.hasTexts) {
      record.texts = [];
      record.hasTexts = false;
    }
    record.nonAscii = false;
    record.innerBreaks = 0;
    // The cell arrays in locals (the hot loop's stores), fetched again when they grow.
    let { starts, ends, flags: flagsOf, numbers } = record;
    let i = from;
    let cell = 0;
    for (;;) {
      if (cell === starts.length) {
        record.grow();
        ({ starts, ends, flags: flagsOf, numbers } = record);
      }
      const start = i;
      // The byte the cell ends at: the delimiter, LF or CR, or -1 at the end of the bytes.
      let stop: number;
      if (i < length && bytes[i] === QUOTE) {
        i = this.scanQuoted(bytes, i, atEnd, cell);
        if (i < 0) return i;
        stop = i < length ? bytes[i]! : -1;
      } else {
        // A bare cell; its plain number (digits, one point at most) is read on the way.
        let mantissa = 0;
        let point = -1;
        let plain = true;
        let flags = 0;
        if (i <= lastLineFeed) {
          // A line feed is still ahead, so the cell ends before the bytes do: no test for their end.
          for (;;) {
            let c = bytes[i]!;
            let digit = c - ZERO;
            while (digit >>> 0 < 10) {
              mantissa = mantissa * 10 + digit;
              c = bytes[++i]!;
              digit = c - ZERO;
            }
            if (c === delimiter || c === LF || c === CR) {
              stop = c;
              break;
            }
            if (c === DOT && point < 0) point = i;
            else {
              plain = false;
              if (c >= 0x80) flags = NON_ASCII;
            }
            i++;
          }
        } else {
          for (;;) {
            if (i >= length) {
              if (!atEnd) return NEED_MORE;
              stop = -1;
              break;
            }
            const c = bytes[i]!;
            const digit = c - ZERO;
            if (digit >>> 0 < 10) mantissa = mantissa * 10 + digit;
            else if (c === delimiter || c === LF || c === CR) {
              stop = c;
              break;
            } else if (c === DOT && point < 0) point = i;
            else {
              plain = false;
              if (c >= 0x80) flags = NON_ASCII;
            }
            i++;
          }
        }
        starts[cell] = start;
        ends[cell] = i;
        flagsOf[cell] = flags;
        if (flags !== 0) record.nonAscii = true;
        const digits = point < 0 ? i - start : i - start - 1;
        numbers[cell] = plain && digits > 0 && digits <= MAX_DIGITS ? (point < 0 ? mantissa : mantissa / POWERS_OF_TEN[i - point - 1]!) : Number.NaN;
      }
      cell++;
      if (stop === delimiter) {
        i++;
        continue;
      }
      record.count = cell;
      if (stop === -1) return length; // the last record, with no line break after it
      if (stop === LF) return i + 1;
      // CR: alone or as CRLF; at the very end of the bytes read so far, wait to see which.
      if (i + 1 >= length) return atEnd ? i + 1 : NEED_MORE;
      return bytes[i + 1] === LF ? i + 2 : i + 1;
    }
  }

  /**
   * A quoted cell from its opening quote at `from`, stored as cell `cell`; returns where it ends
   * (the delimiter or line break after it, or the end of the bytes), or NEED_MORE / UNCLOSED.
   */
  private scanQuoted(bytes: Buffer, from: number, atEnd: boolean, cell: number): number {
    const record = this.record;
    const delimiter = this.delimiter;
    const length = bytes.length;
    let flags = QUOTED;
    let breaks = 0;
    let start = from + 1;
    let i = start;
    for (;;) {
      if (i >= length) {
        record.count = cell;
        return atEnd ? UNCLOSED : NEED_MORE;
      }
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
      if (c === LF) breaks++;
      else if (c === CR) {
        if (i + 1 >= length && !atEnd) return NEED_MORE;
        if (bytes[i + 1] !== LF) breaks++;
      } else if (c >= 0x80) flags |= NON_ASCII;
      i++;
    }
    let end = i++;
    const after = i < length ? bytes[i]! : -1;
    if (after !== -1 && after !== delimiter && after !== LF && after !== CR) {
      // Text after the closing quote: csv-parse keeps both quotes and reads on as a bare cell.
      while (i < length) {
        const c = bytes[i]!;
        if (c === delimiter || c === LF || c === CR) break;
        i++;
      }
      if (i >= length && !atEnd) return NEED_MORE;
      const quoted = bytes.toString('utf8', start, end);
      const inner = flags & ESCAPED_QUOTE ? quoted.replaceAll('""', '"') : quoted;
      record.texts[cell] = `"${inner}"${bytes.toString('utf8', end + 1, i)}`;
      record.hasTexts = true;
      flags |= NON_ASCII; // not a number, and its text is the one above
      start = end + 1;
      end = i;
    }
    record.starts[cell] = start;
    record.ends[cell] = end;
    record.flags[cell] = flags;
    record.numbers[cell] = flags === QUOTED ? plainNumber(bytes, start, end) : Number.NaN;
    if (flags & NON_ASCII) record.nonAscii = true;
    record.innerBreaks += breaks;
    return i;
  }

}

/**
 * A small CSV text read whole (a division list): its non-blank records with their line numbers,
 * cells trimmed. Throws on a quote never closed.
 */
export function readCsvRecords(text: string): { cells: string[]; line: number }[] {
  const rows: { cells: string[]; line: number }[] = [];
  const tokenizer = new CsvTokenizer(0x2c, (record) => {
    if (!record.isBlank()) rows.push({ cells: record.cells().map((cell) => cell.trim()), line: record.line });
    return true;
  });
  tokenizer.push(Buffer.from(text.replace(/^\uFEFF/, ''), 'utf8'));
  tokenizer.end();
  if (tokenizer.unclosed) throw new Error(`a quote opened on line ${tokenizer.unclosed.line} is never closed`);
  return rows;
}
