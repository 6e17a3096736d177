// Many small typed arrays packed into one, so that state can move between threads as a few
// transferable buffers instead of thousands of cloned objects (cloning 20,000 townships' totals
// one by one took longer than reading them).

export class Packer {
  private readonly parts: Float64Array[] = [];
  private length = 0;

  /** Where `values` will start in the packed array; -1 for null. */
  add(values: Float64Array | Uint32Array | null): number {
    if (!values) return -1;
    const at = this.length;
    this.parts.push(values instanceof Float64Array ? values : Float64Array.from(values));
    this.length += values.length;
    return at;
  }

  finish(): Float64Array {
    const packed = new Float64Array(this.length);
    let at = 0;
    for (const part of this.parts) {
      packed.set(part, at);
      at += part.length;
    }
    return packed;
  }
}

/** A packed array's part back, as a view: parts never overlap, so each owner may write its own. */
export function unpack(packed: Float64Array, at: number, length: number): Float64Array | null {
  return at < 0 ? null : packed.subarray(at, at + length);
}

export function unpackCounts(packed: Float64Array, at: number, length: number): Uint32Array | null {
  return at < 0 ? null : Uint32Array.from(packed.subarray(at, at + length));
}

/** Doubles per slab: 512 KB, large enough that the allocator maps it and gives it back whole. */
const SLAB_DOUBLES = 64 * 1024;

/**
 * Zeroed arrays cut from shared slabs: tens of thousands of small per-region arrays otherwise
 * cost a heap allocation each, and freed ones (a worker's, at its end) stay in the process.
 */
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
