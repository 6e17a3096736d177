// The rows a large file's reader thread hands over (row-ring.ts) are the rows the reader made:
// codes, names, years, values, lines and column maps, in order, through rings so small that rows
// are spread over many batches and slots are reused. Here both sides run on one thread; the
// two-thread reading is held to one-thread reading in reader-thread.test.ts.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { SubmissionRow } from '../../src/core/types.js';
import { rowRing, RowBatcher, RowUnpacker, type RowBatch } from '../../src/io/row-ring.js';

const WIDTH = 3;
const COLUMNS_A = new Map([['region_code', 1]]);
const COLUMNS_B = new Map([['region_code', 2]]);

interface Seen {
  code: string;
  name: string | undefined;
  year: number;
  values: number[];
  file: string;
  line: number;
  columns: [string, number][] | undefined;
}

function seen(row: SubmissionRow): Seen {
  const columns = row.source.columns ? [...row.source.columns] : undefined;
  return { code: row.code, name: row.name, year: row.year, values: [...row.values], file: row.source.file, line: row.source.line, columns };
}

const value = fc.oneof(fc.double({ noNaN: false }), fc.integer({ min: 0, max: 1e6 }), fc.constant(Number.NaN));
const row: fc.Arbitrary<SubmissionRow> = fc
  .record({
    code: fc.constantFrom('330102', '330102001', '330102001001', '330102001002'),
    name: fc.option(fc.constantFrom('上城区', 'a', ''), { nil: undefined }),
    year: fc.integer({ min: 2018, max: 2030 }),
    values: fc.array(value, { minLength: WIDTH, maxLength: WIDTH }),
    file: fc.constantFrom('a.csv', 'b.csv'),
    line: fc.nat(),
    columns: fc.constantFrom(COLUMNS_A, COLUMNS_B, undefined),
  })
  .map(({ code, name, year, values, file, line, columns }) => {
    const made: SubmissionRow = { code, year, values: Float64Array.from(values), source: { file, line, columns } };
    if (name !== undefined) made.name = name;
    return made;
  });

/** Rows through a ring of `slots` slots of `rows` rows; each batch taken as soon as it is sent, as the main thread would. */
function throughRing(rows: SubmissionRow[], slots: number, size: number, transientVillages: boolean): { seen: Seen[]; batches: RowBatch[] } {
  const ring = rowRing({ slots, rows: size, width: WIDTH });
  const unpacker = new RowUnpacker(ring, transientVillages);
  const out: Seen[] = [];
  const batches: RowBatch[] = [];
  const batcher = new RowBatcher(ring, (batch) => {
    batches.push(batch);
    unpacker.unpack(batch, (r) => out.push(seen(r)));
  });
  for (const r of rows) batcher.add(r);
  batcher.flush();
  return { seen: out, batches };
}

describe('the row ring', () => {
  it('hands over the rows as they were read, in order, whatever the ring’s size', () => {
    fc.assert(
      fc.property(fc.array(row, { maxLength: 40 }), fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 7 }), fc.boolean(), (rows, slots, size, transient) => {
        expect(throughRing(rows, slots, size, transient).seen).toEqual(rows.map(seen));
      }),
      { numRuns: 500 },
    );
  });

  it('gives a kept row values of its own, and reuses one object for village rows only when asked to', () => {
    const village = (line: number): SubmissionRow => ({ code: '330102001001', year: 2024, values: Float64Array.of(line, 0, 0), source: { file: 'a.csv', line } });
    const county: SubmissionRow = { code: '330102', year: 2024, values: Float64Array.of(9, 9, 9), source: { file: 'a.csv', line: 3 } };
    for (const transient of [true, false]) {
      const ring = rowRing({ slots: 2, rows: 2, width: WIDTH });
      const unpacker = new RowUnpacker(ring, transient);
      const kept: SubmissionRow[] = [];
      const batcher = new RowBatcher(ring, (batch) => unpacker.unpack(batch, (r) => kept.push(r)));
      for (const r of [village(1), village(2), county, village(4), village(5)]) batcher.add(r);
      batcher.flush();
      expect(kept[0] === kept[1]).toBe(transient);
      expect(kept[2]!.values).toEqual(Float64Array.of(9, 9, 9));
      // The slots were written again after the county's batch: its values are its own.
      expect(kept[2]!.values.buffer).not.toBe(ring.values.buffer);
    }
  });

  it('frees each slot as its batch is read, also when the reader of the rows throws', () => {
    const ring = rowRing({ slots: 2, rows: 1, width: WIDTH });
    const unpacker = new RowUnpacker(ring, true);
    const batches: RowBatch[] = [];
    const batcher = new RowBatcher(ring, (batch) => batches.push(batch));
    batcher.add({ code: '330102', year: 2024, values: new Float64Array(WIDTH), source: { file: 'a.csv', line: 2 } });
    expect(Atomics.load(ring.taken, 0)).toBe(1);
    expect(() =>
      unpacker.unpack(batches[0]!, () => {
        throw new Error('the caller failed');
      }),
    ).toThrow('the caller failed');
    expect(Atomics.load(ring.taken, 0)).toBe(0);
  });

  it('sends the bytes read even when no row came with them', () => {
    const ring = rowRing({ slots: 2, rows: 4, width: WIDTH });
    const batches: RowBatch[] = [];
    const batcher = new RowBatcher(ring, (batch) => batches.push(batch));
    batcher.addBytes(1000);
    batcher.flush();
    expect(batches).toEqual([{ slot: -1, count: 0, codes: [], names: null, sources: [], bytes: 1000 }]);
  });
});
