// The records a large file's reader thread hands over (record-ring.ts) are the tokenizer's records:
// the same cells, numbers, lines and undecodable bytes, through slots so small that records are
// spread over many batches and some go whole. Here the writer and reader run on one thread; the
// two-thread reading is held to one-thread reading in reader-thread.test.ts.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CsvTokenizer, type CsvRecord } from '../../src/io/csv-tokenizer.js';
import { RecordReader, recordRing, RecordWriter, type RecordBatch } from '../../src/io/record-ring.js';

interface Seen {
  cells: string[];
  numbers: number[];
  widths: number[];
  empty: boolean[];
  undecodable: boolean[];
  anyUndecodable: boolean;
  blank: boolean;
  line: number;
}

function seen(record: CsvRecord): Seen {
  const each = <T>(read: (i: number) => T): T[] => Array.from({ length: record.count }, (_, i) => read(i));
  return {
    cells: record.cells(),
    numbers: each((i) => record.number(i)),
    widths: each((i) => record.width(i)),
    empty: each((i) => record.empty(i)),
    undecodable: each((i) => record.undecodable(i)),
    anyUndecodable: record.anyUndecodable(),
    blank: record.isBlank(),
    line: record.line,
  };
}

function tokenize(bytes: Buffer, sink: (record: CsvRecord) => boolean): void {
  const tokenizer = new CsvTokenizer(0x2c, sink);
  tokenizer.push(bytes);
  tokenizer.end();
}

/** Through a ring of `slots` tiny slots; each batch read as soon as it is sent, as the main thread would. */
function throughRing(bytes: Buffer, slots: number, size: { records: number; cells: number; bytes: number }): { records: Seen[]; batches: RecordBatch[] } {
  const ring = recordRing(slots, size);
  const reader = new RecordReader(ring);
  const records: Seen[] = [];
  const batches: RecordBatch[] = [];
  const writer = new RecordWriter(ring, (batch) => {
    batches.push(batch);
    reader.read(batch, (record) => (records.push(seen(record)), true));
  });
  tokenize(bytes, writer.add);
  writer.flush();
  return { records, batches };
}

/** A cell made of what makes records hard: quotes (relaxed too), line breaks, Chinese, a byte that does not decode, long text. */
const cell = fc
  .array(fc.constantFrom('"', '""', '\n', ' ', 'a', '12', '2.5', '中', '\xff', 'x'.repeat(40), '"q"z'), { maxLength: 4 })
  .map((parts) => Buffer.concat(parts.map((part) => (part === '\xff' ? Buffer.from([0xff]) : Buffer.from(part)))));
/** Lines of up to 12 cells, ended by LF, CRLF or CR. */
const csvBytes = fc
  .array(fc.tuple(fc.array(cell, { minLength: 1, maxLength: 12 }), fc.constantFrom('\n', '\r\n', '\r')), { maxLength: 12 })
  .map((lines) => Buffer.concat(lines.flatMap(([cells, end]) => [...cells.flatMap((c, i) => (i > 0 ? [Buffer.from(','), c] : [c])), Buffer.from(end)])));

describe('the record ring', () => {
  it('hands over the tokenizer’s records, whatever the slot sizes', () => {
    fc.assert(
      fc.property(csvBytes, fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 24 }), fc.integer({ min: 1, max: 128 }), (bytes, slots, records, cells, slotBytes) => {
        const direct: Seen[] = [];
        tokenize(bytes, (record) => (direct.push(seen(record)), true));
        expect(throughRing(bytes, slots, { records, cells, bytes: slotBytes }).records).toEqual(direct);
      }),
      { numRuns: 500 },
    );
  });

  it('sends a record larger than a slot whole, between the batches around it', () => {
    const long = 'y'.repeat(100);
    const { records, batches } = throughRing(Buffer.from(`a,1\n${long},2\nb,3\n`), 2, { records: 4, cells: 8, bytes: 16 });
    expect(records.map((record) => record.cells)).toEqual([['a', '1'], [long, '2'], ['b', '3']]);
    expect(batches.map((batch) => (batch.whole ? 'whole' : batch.count))).toEqual([1, 'whole', 1]);
  });

  it('frees each slot as its batch is read, so that the writer never waits for a reader that keeps up', () => {
    const ring = recordRing(2, { records: 1, cells: 4, bytes: 16 });
    const reader = new RecordReader(ring);
    let most = 0;
    const writer = new RecordWriter(ring, (batch) => {
      most = Math.max(most, Atomics.load(ring.taken, 0));
      reader.read(batch, () => true);
    });
    tokenize(Buffer.from('a\nb\nc\nd\n'), writer.add);
    writer.flush();
    expect(most).toBe(1);
    expect(Atomics.load(ring.taken, 0)).toBe(0);
  });

  it('stops where the reader says stop, and still frees the slot', () => {
    const ring = recordRing(2, { records: 8, cells: 16, bytes: 64 });
    const reader = new RecordReader(ring);
    const read: string[] = [];
    let going = true;
    const writer = new RecordWriter(ring, (batch) => {
      going = reader.read(batch, (record) => (read.push(record.text(0)), read.length < 2));
    });
    tokenize(Buffer.from('a\nb\nc\n'), writer.add);
    writer.flush();
    expect(going).toBe(false);
    expect(read).toEqual(['a', 'b']);
    expect(Atomics.load(ring.taken, 0)).toBe(0);
  });
});
