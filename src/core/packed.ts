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
