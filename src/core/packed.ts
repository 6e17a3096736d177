// Many small typed arrays packed into a few, so that state can move between threads as a few
// transferable buffers instead of thousands of cloned objects (cloning 20,000 townships' totals
// one by one took longer than reading them).

/**
 * Packed arrays: `parts[0]` holds copies of loose arrays; the other parts are slabs, moved whole.
 * An array's place is part × 2^32 + its offset in the part (-1: no array).
 */
export type Packed = Float64Array[];

/** Doubles per slab: 512 KB, large enough that the allocator maps it and gives it back whole. */
const SLAB_DOUBLES = 64 * 1024;

/**
 * Zeroed arrays cut from shared slabs: tens of thousands of small per-region arrays otherwise
 * cost a heap allocation each, and freed ones (a worker's, at its end) stay in the process.
 */
export class Float64Slabs {
  private slab = new Float64Array(0);
  private used = 0;
  /** Weak: a slab none of whose arrays is kept any more is freed, as any array would be. */
  private readonly cut = new WeakSet<ArrayBufferLike>();

  take(length: number): Float64Array {
    if (this.used + length > this.slab.length) {
      this.slab = new Float64Array(Math.max(SLAB_DOUBLES, length));
      this.cut.add(this.slab.buffer);
      this.used = 0;
    }
    const view = this.slab.subarray(this.used, this.used + length);
    this.used += length;
    return view;
  }

  /** Whether `array` was cut from one of these slabs (or from one adopted). */
  owns(array: Float64Array): boolean {
    return this.cut.has(array.buffer);
  }

  /** Counts packed parts moved here from another thread as its own slabs: they move on whole too. */
  adopt(parts: Packed): void {
    for (const part of parts) this.cut.add(part.buffer);
  }
}

const PART_SPAN = 2 ** 32;

/**
 * Packs arrays for a move: an array cut from `slabs` stays where it is and its slab moves with the
 * rest (a copy of every township's totals, made just before the worker ended, was 20 MB of the
 * peak); any other array is copied.
 */
export class Packer {
  private readonly loose: Float64Array[] = [];
  private looseLength = 0;
  private readonly slabs: Float64Array[] = [];
  private readonly partOfSlab = new Map<ArrayBufferLike, number>();

  constructor(private readonly from: Float64Slabs | null = null) {}

  /** Where `values` will be in the packed parts; -1 for null. */
  add(values: Float64Array | Uint32Array | null): number {
    if (!values) return -1;
    if (values instanceof Float64Array && this.from?.owns(values)) {
      return this.partOf(values.buffer) * PART_SPAN + values.byteOffset / Float64Array.BYTES_PER_ELEMENT;
    }
    const at = this.looseLength;
    this.loose.push(values instanceof Float64Array ? values : Float64Array.from(values));
    this.looseLength += values.length;
    return at;
  }

  finish(): Packed {
    const copies = new Float64Array(this.looseLength);
    let at = 0;
    for (const part of this.loose) {
      copies.set(part, at);
      at += part.length;
    }
    return [copies, ...this.slabs];
  }

  private partOf(buffer: ArrayBufferLike): number {
    let part = this.partOfSlab.get(buffer);
    if (part === undefined) {
      this.slabs.push(new Float64Array(buffer));
      part = this.slabs.length;
      this.partOfSlab.set(buffer, part);
    }
    return part;
  }
}

/** The buffers to transfer with packed parts. */
export function buffersOf(packed: Packed): ArrayBuffer[] {
  return packed.map((part) => part.buffer as ArrayBuffer);
}

/** A packed array back, as a view: arrays never overlap, so each owner may write its own. */
export function unpack(packed: Packed, at: number, length: number): Float64Array | null {
  if (at < 0) return null;
  const offset = at % PART_SPAN;
  return packed[(at - offset) / PART_SPAN]!.subarray(offset, offset + length);
}

export function unpackCounts(packed: Packed, at: number, length: number): Uint32Array | null {
  const values = unpack(packed, at, length);
  return values && Uint32Array.from(values);
}
