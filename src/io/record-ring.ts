// A large file's records go from the reader thread (read-worker.ts) to the main thread through
// memory both threads share: a ring of a few slots, each holding a batch of records, their bytes
// and cells as the tokenizer read them. The reader copies a batch into a free slot and says so; the
// main thread reads the records where they lie (one CsvRecord pointed at the slot), in file order,
// then frees the slot. Nothing is allocated per batch, and the reader waits while every slot is
// taken, so memory stays bounded however much faster it reads.

import { CsvRecord } from './csv-tokenizer.js';

/** What each slot holds at most; a record larger than a whole slot goes on its own, copied (RecordBatch.whole). */
export interface SlotSize {
  records: number;
  cells: number;
  bytes: number;
}

/** ~11 MB in all: 2,048 records of 96 cells and 512 bytes each fit a slot. */
const SLOTS = 4;
const SLOT_SIZE: SlotSize = { records: 512, cells: 512 * 96, bytes: 512 * 512 };

export interface RecordRing {
  slots: number;
  size: SlotSize;
  /** [0]: batches sent and not yet freed by the main thread. */
  taken: Int32Array;
  /** slots × size.bytes. */
  bytes: Uint8Array;
  /** slots × size.cells: each cell's byte range within `bytes`, its flags and number. */
  starts: Int32Array;
  ends: Int32Array;
  flags: Uint8Array;
  numbers: Float64Array;
  /** slots × size.records: each record's cell count, line, and 1 when none of its bytes is undecodable. */
  counts: Int32Array;
  lines: Float64Array;
  clean: Uint8Array;
}

function shared<T>(make: new (buffer: SharedArrayBuffer) => T, bytesPerElement: number, length: number): T {
  return new make(new SharedArrayBuffer(bytesPerElement * length));
}

export function recordRing(slots = SLOTS, size: SlotSize = SLOT_SIZE): RecordRing {
  return {
    slots,
    size,
    taken: shared(Int32Array, 4, 1),
    bytes: shared(Uint8Array, 1, slots * size.bytes),
    starts: shared(Int32Array, 4, slots * size.cells),
    ends: shared(Int32Array, 4, slots * size.cells),
    flags: shared(Uint8Array, 1, slots * size.cells),
    numbers: shared(Float64Array, 8, slots * size.cells),
    counts: shared(Int32Array, 4, slots * size.records),
    lines: shared(Float64Array, 8, slots * size.records),
    clean: shared(Uint8Array, 1, slots * size.records),
  };
}

/** A record too large for a slot, copied whole. */
export interface WholeRecord {
  bytes: Uint8Array;
  starts: Int32Array;
  ends: Int32Array;
  flags: Uint8Array;
  numbers: Float64Array;
  line: number;
  clean: boolean;
  texts: (string | undefined)[] | null;
}

/** What the reader thread posts for each batch, beside what the slot holds. */
export interface RecordBatch {
  /** The slot holding the batch; -1 for none (a whole record, or only bytes read). */
  slot: number;
  count: number;
  /** Records with cells whose text is not a byte range (relaxed quoting): their texts by cell. */
  texts: { record: number; texts: (string | undefined)[] }[];
  whole: WholeRecord | null;
  /** Bytes of the file read since the previous batch (for the progress line). */
  bytes: number;
}

/** The reader thread's side: records in as the tokenizer reads them, batches out through `send`. */
export class RecordWriter {
  private slot = -1;
  private nextSlot = 0;
  private count = 0;
  private cellsUsed = 0;
  private bytesUsed = 0;
  private texts: RecordBatch['texts'] = [];
  private bytesRead = 0;

  constructor(
    private readonly ring: RecordRing,
    private readonly send: (batch: RecordBatch) => void,
  ) {}

  /** Copies a record (the tokenizer's: its cells from 0) into the batch; a RecordSink. */
  readonly add = (record: CsvRecord): boolean => {
    const { size } = this.ring;
    const cells = record.count;
    const from = cells > 0 ? record.starts[0]! : 0;
    const to = cells > 0 ? record.ends[cells - 1]! : 0;
    if (cells > size.cells || to - from > size.bytes) {
      this.flush();
      this.send({ slot: -1, count: 1, texts: [], whole: wholeRecord(record, from, to), bytes: 0 });
      return true;
    }
    if (this.slot >= 0 && (this.count === size.records || this.cellsUsed + cells > size.cells || this.bytesUsed + (to - from) > size.bytes)) this.flush();
    if (this.slot < 0) this.startSlot();
    this.copy(record, from, to);
    return true;
  };

  addBytes(count: number): void {
    this.bytesRead += count;
  }

  /** Sends the batch being filled, if any, with the bytes read since the last. */
  flush(): void {
    if (this.slot < 0 && this.bytesRead === 0) return;
    const batch: RecordBatch = { slot: this.slot, count: this.count, texts: this.texts, whole: null, bytes: this.bytesRead };
    if (this.slot >= 0) Atomics.add(this.ring.taken, 0, 1);
    this.slot = -1;
    this.count = 0;
    this.cellsUsed = 0;
    this.bytesUsed = 0;
    this.texts = [];
    this.bytesRead = 0;
    this.send(batch);
  }

  /** Waits for a free slot: the main thread frees one as it finishes reading a batch. */
  private startSlot(): void {
    const taken = this.ring.taken;
    for (let held = Atomics.load(taken, 0); held >= this.ring.slots; held = Atomics.load(taken, 0)) Atomics.wait(taken, 0, held);
    this.slot = this.nextSlot;
    this.nextSlot = (this.nextSlot + 1) % this.ring.slots;
  }

  private copy(record: CsvRecord, from: number, to: number): void {
    const ring = this.ring;
    const cells = record.count;
    const cellAt = this.slot * ring.size.cells + this.cellsUsed;
    const byteAt = this.slot * ring.size.bytes + this.bytesUsed;
    record.bytes.copy(ring.bytes, byteAt, from, to);
    const shift = byteAt - from;
    const { starts, ends, flags, numbers } = record;
    for (let i = 0; i < cells; i++) {
      ring.starts[cellAt + i] = starts[i]! + shift;
      ring.ends[cellAt + i] = ends[i]! + shift;
      ring.flags[cellAt + i] = flags[i]!;
      ring.numbers[cellAt + i] = numbers[i]!;
    }
    const at = this.slot * ring.size.records + this.count;
    ring.counts[at] = cells;
    ring.lines[at] = record.line;
    ring.clean[at] = record.anyUndecodable() ? 0 : 1;
    if (record.hasTexts) this.texts.push({ record: this.count, texts: record.texts.slice(0, cells) });
    this.count += 1;
    this.cellsUsed += cells;
    this.bytesUsed += to - from;
  }
}

function wholeRecord(record: CsvRecord, from: number, to: number): WholeRecord {
  const cells = record.count;
  return {
    bytes: Uint8Array.from(record.bytes.subarray(from, to)),
    starts: record.starts.slice(0, cells).map((start) => start - from),
    ends: record.ends.slice(0, cells).map((end) => end - from),
    flags: record.flags.slice(0, cells),
    numbers: record.numbers.slice(0, cells),
    line: record.line,
    clean: !record.anyUndecodable(),
    texts: record.hasTexts ? record.texts.slice(0, cells) : null,
  };
}

/** The main thread's side: each batch's records, in order, as one CsvRecord pointed at the ring. */
export class RecordReader {
  private readonly record = new CsvRecord();

  constructor(private readonly ring: RecordRing) {
    const record = this.record;
    record.bytes = Buffer.from(ring.bytes.buffer, ring.bytes.byteOffset, ring.bytes.byteLength);
    record.starts = ring.starts;
    record.ends = ring.ends;
    record.flags = ring.flags;
    record.numbers = ring.numbers;
  }

  /** Gives `sink` the batch's records in order and frees its slot; false once the sink said stop. */
  read(batch: RecordBatch, sink: (record: CsvRecord) => boolean): boolean {
    if (batch.whole) return sink(recordOf(batch.whole));
    if (batch.slot < 0) return true;
    const ring = this.ring;
    try {
      // Reads the count the reader raised after writing the batch: what it wrote is visible from here on.
      Atomics.load(ring.taken, 0);
      return this.readSlot(batch, sink);
    } finally {
      Atomics.sub(ring.taken, 0, 1);
      Atomics.notify(ring.taken, 0);
    }
  }

  private readSlot(batch: RecordBatch, sink: (record: CsvRecord) => boolean): boolean {
    const { ring, record } = this;
    const first = batch.slot * ring.size.records;
    let nextTexts = 0;
    record.base = batch.slot * ring.size.cells;
    for (let k = 0; k < batch.count; k++) {
      const clean = ring.clean[first + k] === 1;
      record.count = ring.counts[first + k]!;
      record.line = ring.lines[first + k]!;
      // Clean: anyUndecodable() is false at once; otherwise each cell is checked.
      record.nonAscii = !clean;
      record.cleanUntil = clean ? Number.MAX_SAFE_INTEGER : 0;
      const texts = nextTexts < batch.texts.length && batch.texts[nextTexts]!.record === k ? batch.texts[nextTexts++]!.texts : null;
      record.hasTexts = texts !== null;
      if (texts) record.texts = texts;
      if (!sink(record)) return false;
      record.base += record.count;
    }
    return true;
  }
}

function recordOf(whole: WholeRecord): CsvRecord {
  const record = new CsvRecord();
  record.bytes = Buffer.from(whole.bytes.buffer, whole.bytes.byteOffset, whole.bytes.byteLength);
  record.count = whole.starts.length;
  record.starts = whole.starts;
  record.ends = whole.ends;
  record.flags = whole.flags;
  record.numbers = whole.numbers;
  record.line = whole.line;
  record.nonAscii = !whole.clean;
  record.cleanUntil = whole.clean ? Number.MAX_SAFE_INTEGER : 0;
  record.hasTexts = whole.texts !== null;
  record.texts = whole.texts ?? [];
  return record;
}
