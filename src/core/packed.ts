// Zeroed Float64Arrays cut from shared slabs: tens of thousands of small per-region arrays (each
// township's totals) otherwise cost a heap allocation and an object header each.

/** Doubles per slab: 512 KB, large enough that the allocator maps it and gives it back whole. */
const SLAB_DOUBLES = 64 * 1024;

export class Float64Slabs {
  private slab = new Float64Array(0);
  private used = 0;

  take(length: number): Float64Array {
    if (this.used + length > this.slab.length) {
      this.slab = new Float64Array(Math.max(SLAB_DOUBLES, length));
      this.used = 0;
    }
    const view = this.slab.subarray(this.used, this.used + length);
    this.used += length;
    return view;
  }
}

/**
 * Bytes per chunk of a PackedNumbers store, never copied to grow: 32 MB, so that the allocator
 * always maps a chunk on its own and gives it back whole when it is let go. 1 MB chunks were
 * served from malloc's arenas once a larger block had been freed (glibc's mmap threshold rises to
 * the size of each mapped block freed: a grown array's old copy is one), and the arenas kept
 * their memory after the townships were let go: at 2.6 million rows, 15 to 45 MB more at the
 * peak, varying run to run.
 * A chunk's pages cost memory only once written. The first chunk is 1 MB: most stores (a
 * province's townships, every test's engine) never need more, and a 32 MB block for each would
 * cost them its mapping and a garbage collection.
 */
const PACKED_CHUNK_BYTES = 32 << 20;
const PACKED_FIRST_CHUNK_BYTES = 1 << 20;
/** Integers up to this size are written as varints (the zig-zag double stays an exact double). */
const PACKED_INTEGER_MAX = 2 ** 50;
/** Offsets stay below 2^31 (callers keep them in 32-bit integers). */
const PACKED_BYTES_MAX = 2 ** 31;
/** The most bytes one number takes: a 1-byte tag and the 8 bytes of a double. */
const PACKED_NUMBER_MAX_BYTES = 9;

/**
 * Lists of doubles packed losslessly into shared byte chunks: a whole number as a zig-zag varint
 * (a county's total of 85,000 people in 3 bytes rather than 8), anything else (fractions, NaN, -0,
 * huge values) as a tag byte and its 8 bytes. What the engine keeps of a region it is not adding
 * to: 150,000 townships nationally, each reading back exactly what it held.
 */
export class PackedNumbers {
  private readonly chunks: Uint8Array[] = [];
  private readonly chunksMax: number;
  private chunk = new Uint8Array(0);
  private used = 0;
  private readonly double = new Float64Array(1);
  private readonly doubleBytes = new Uint8Array(this.double.buffer);

  /** Chunk sizes: smaller in tests, to cross chunks with little data. */
  constructor(
    private readonly chunkBytes = PACKED_CHUNK_BYTES,
    private readonly firstChunkBytes = Math.min(PACKED_FIRST_CHUNK_BYTES, chunkBytes),
  ) {
    this.chunksMax = Math.floor(PACKED_BYTES_MAX / chunkBytes) - 1;
  }

  /** Packs values[0, length); returns where they start, for read(). */
  write(values: ArrayLike<number>, length: number): number {
    if (length * PACKED_NUMBER_MAX_BYTES > this.chunkBytes) throw new RangeError(`PackedNumbers: a list of ${length} numbers is longer than a chunk holds`);
    if (this.used + length * PACKED_NUMBER_MAX_BYTES > this.chunk.length) {
      if (this.chunks.length >= this.chunksMax) throw new RangeError('PackedNumbers: 2 GB packed');
      this.chunk = new Uint8Array(this.chunks.length === 0 ? this.firstChunkBytes : this.chunkBytes);
      this.chunks.push(this.chunk);
      this.used = 0;
    }
    const start = (this.chunks.length - 1) * this.chunkBytes + this.used;
    for (let i = 0; i < length; i++) this.writeOne(values[i]!);
    return start;
  }

  /** Reads `length` numbers written at `at` into `into`. */
  read(at: number, into: { [index: number]: number }, length: number): void {
    const chunk = this.chunks[Math.floor(at / this.chunkBytes)]!;
    let pos = at % this.chunkBytes;
    for (let i = 0; i < length; i++) {
      // A varint: 7 bits a byte, low bits first.
      let byte = chunk[pos++]!;
      let v = byte & 0x7f;
      let scale = 128;
      while (byte >= 0x80) {
        byte = chunk[pos++]!;
        v += (byte & 0x7f) * scale;
        scale *= 128;
      }
      if (v === 1) {
        for (let k = 0; k < 8; k++) this.doubleBytes[k] = chunk[pos++]!;
        into[i] = this.double[0]!;
        continue;
      }
      // Parity by halving, not %, which on doubles is a library call.
      const zigzag = v / 2;
      const half = Math.floor(zigzag / 2);
      into[i] = half * 2 === zigzag ? half : -half - 1;
    }
  }

  private writeOne(x: number): void {
    const chunk = this.chunk;
    if (Number.isInteger(x) && Math.abs(x) <= PACKED_INTEGER_MAX && !Object.is(x, -0)) {
      // Even: a whole number (zig-zag, then doubled); the tag 1 marks a raw double.
      let v = 2 * (x >= 0 ? 2 * x : -2 * x - 1);
      while (v >= 0x80) {
        const high = Math.floor(v / 128);
        chunk[this.used++] = v - high * 128 + 0x80;
        v = high;
      }
      chunk[this.used++] = v;
      return;
    }
    chunk[this.used++] = 1;
    this.double[0] = x;
    for (let k = 0; k < 8; k++) chunk[this.used++] = this.doubleBytes[k]!;
  }
}
