// A large file's rows go from the reader thread (read-worker.ts) to the main thread through memory
// both threads share: a ring of a few small slots, each holding a batch of rows' numbers (values,
// year, line). The reader writes a batch into a free slot and posts what is not numbers (codes,
// names, source); the main thread hands the rows on in file order, then frees the slot. Nothing is
// allocated per batch; the reader waits while every slot is taken, so memory stays bounded however
// much faster it reads. Slots are small on purpose: a ring that stays in the processors' caches
// costs each thread about half what a ring of megabytes does (measured: 2,048-row slots doubled
// the reader's time per row).

import type { SubmissionRow } from '../core/types.js';

/** The ring's shape: `slots` slots of `rows` rows, each of `width` values. */
export interface RingSize {
  slots: number;
  rows: number;
  width: number;
}

/** 4 slots of 256 rows: at 72 inputs, ~600 KB in all. */
export function ringSize(width: number): RingSize {
  return { slots: 4, rows: 256, width };
}

export interface RowRing {
  size: RingSize;
  /** [0]: batches sent and not yet freed by the main thread. */
  taken: Int32Array;
  /** slots × rows × width: the row at place p (slot × rows + k) has its values from p × width. */
  values: Float64Array;
  years: Float64Array;
  lines: Float64Array;
}

function shared(length: number): Float64Array {
  return new Float64Array(new SharedArrayBuffer(length * Float64Array.BYTES_PER_ELEMENT));
}

export function rowRing(size: RingSize): RowRing {
  const places = size.slots * size.rows;
  return { size, taken: new Int32Array(new SharedArrayBuffer(4)), values: shared(places * size.width), years: shared(places), lines: shared(places) };
}

/** What the reader thread posts for each batch, beside what its slot holds. */
export interface RowBatch {
  /** -1: no rows (only the bytes read since the last batch). */
  slot: number;
  count: number;
  codes: string[];
  /** Each row's name, null for none; the whole list is null when no row in the batch has one. */
  names: (string | null)[] | null;
  /** From row `at` on, the rows' source file and column map (each batch names its first row's). */
  sources: { at: number; file: string; columns: ReadonlyMap<string, number> | undefined }[];
  /** Bytes of the file read since the previous batch (for the progress line). */
  bytes: number;
}

/** The reader thread's side: rows in as they are read, batches out through `send`. */
export class RowBatcher {
  private batch: RowBatch | null = null;
  private nextSlot = 0;
  private bytesRead = 0;
  private file: string | null = null;
  private columns: ReadonlyMap<string, number> | undefined;

  constructor(
    private readonly ring: RowRing,
    private readonly send: (batch: RowBatch) => void,
  ) {}

  add(row: SubmissionRow): void {
    const batch = (this.batch ??= this.startBatch());
    const k = batch.count;
    const place = batch.slot * this.ring.size.rows + k;
    this.ring.values.set(row.values, place * this.ring.size.width);
    this.ring.years[place] = row.year;
    this.ring.lines[place] = row.source.line;
    batch.codes.push(row.code);
    if (row.name !== undefined) (batch.names ??= new Array<string | null>(k).fill(null)).push(row.name);
    else batch.names?.push(null);
    if (row.source.file !== this.file || row.source.columns !== this.columns) {
      this.file = row.source.file;
      this.columns = row.source.columns;
      batch.sources.push({ at: k, file: this.file, columns: this.columns });
    }
    batch.count = k + 1;
    if (batch.count === this.ring.size.rows) this.flush();
  }

  addBytes(count: number): void {
    this.bytesRead += count;
  }

  /** Sends the batch being filled, if any, with the bytes read since the last. */
  flush(): void {
    if (!this.batch && this.bytesRead === 0) return;
    const batch = this.batch ?? { slot: -1, count: 0, codes: [], names: null, sources: [], bytes: 0 };
    batch.bytes = this.bytesRead;
    this.batch = null;
    this.bytesRead = 0;
    if (batch.slot >= 0) Atomics.add(this.ring.taken, 0, 1);
    this.send(batch);
  }

  /** Waits for a free slot: the main thread frees one as it finishes a batch. */
  private startBatch(): RowBatch {
    const { taken, size } = this.ring;
    for (let held = Atomics.load(taken, 0); held >= size.slots; held = Atomics.load(taken, 0)) Atomics.wait(taken, 0, held);
    const slot = this.nextSlot;
    this.nextSlot = (slot + 1) % size.slots;
    // Each batch names its first row's source: the main thread reads each batch on its own.
    this.file = null;
    return { slot, count: 0, codes: [], names: null, sources: [], bytes: 0 };
  }
}

/**
 * The main thread's side: each batch's rows in order, as the reader made them. With
 * `transientVillages` (see ReadOptions) a village row is one reused object whose values are a view
 * of the ring, as the reader's own village rows are reused; every other row is an object of its
 * own with values of its own.
 */
export class RowUnpacker {
  private readonly village: SubmissionRow;
  /** A view of each place's values, made once: no allocation per row. */
  private readonly views: Float64Array[];

  constructor(
    private readonly ring: RowRing,
    private readonly transientVillages: boolean,
  ) {
    const { width } = ring.size;
    this.views = Array.from({ length: ring.size.slots * ring.size.rows }, (_, place) => ring.values.subarray(place * width, (place + 1) * width));
    this.village = { code: '', year: 0, values: this.views[0]!, source: { file: '', line: 0, columns: undefined } };
  }

  /** Calls onRow for each row of the batch, then frees its slot (also when onRow throws); returns how many rows there were. */
  unpack(batch: RowBatch, onRow: (row: SubmissionRow) => void): number {
    if (batch.slot < 0) return 0;
    try {
      // Reads the count the reader raised after writing the batch: what it wrote is visible from here on.
      Atomics.load(this.ring.taken, 0);
      this.eachRow(batch, onRow);
    } finally {
      Atomics.sub(this.ring.taken, 0, 1);
      Atomics.notify(this.ring.taken, 0);
    }
    return batch.count;
  }

  private eachRow(batch: RowBatch, onRow: (row: SubmissionRow) => void): void {
    const { years, lines } = this.ring;
    const { codes, names, sources } = batch;
    const first = batch.slot * this.ring.size.rows;
    let next = 0;
    let file = '';
    let columns: ReadonlyMap<string, number> | undefined;
    for (let k = 0; k < batch.count; k++) {
      if (next < sources.length && sources[next]!.at === k) ({ file, columns } = sources[next++]!);
      const place = first + k;
      const code = codes[k]!;
      const name = names === null ? null : names[k]!;
      if (this.transientVillages && code.length === 12 && name === null) {
        const row = this.village;
        row.code = code;
        row.year = years[place]!;
        row.values = this.views[place]!;
        row.source.file = file;
        row.source.line = lines[place]!;
        row.source.columns = columns;
        onRow(row);
        continue;
      }
      const row: SubmissionRow = { code, year: years[place]!, values: this.views[place]!.slice(), source: { file, line: lines[place]!, columns } };
      if (name !== null) row.name = name;
      onRow(row);
    }
  }
}
