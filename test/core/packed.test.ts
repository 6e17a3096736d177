import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buffersOf, Float64Slabs, Packer, unpack, unpackCounts } from '../../src/core/packed.js';

describe('Float64Slabs', () => {
  it('gives zeroed arrays that never share a cell, of any length (larger than a slab too)', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 70_000 }), { minLength: 1, maxLength: 12 }), (lengths) => {
        const slabs = new Float64Slabs();
        const arrays = lengths.map((length) => slabs.take(length));
        arrays.forEach((array, i) => {
          expect(array.length).toBe(lengths[i]);
          expect(array.every((x) => x === 0)).toBe(true);
          array.fill(i + 1);
        });
        arrays.forEach((array, i) => expect(array.every((x) => x === i + 1)).toBe(true));
      }),
      { numRuns: 50 },
    );
  });
});

describe('Packer', () => {
  it('gives back each array packed, and null for none', () => {
    const packer = new Packer();
    const a = packer.add(Float64Array.from([1.5, -2, Number.NaN]));
    const none = packer.add(null);
    const counts = packer.add(Uint32Array.from([7, 0, 4_000_000_000]));
    const packed = packer.finish();
    expect(Array.from(unpack(packed, a, 3)!)).toEqual([1.5, -2, Number.NaN]);
    expect(unpack(packed, none, 3)).toBeNull();
    expect(Array.from(unpackCounts(packed, counts, 3)!)).toEqual([7, 0, 4_000_000_000]);
  });

  it('moves the slabs arrays were cut from whole, and gives each array back at its place', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.boolean(), fc.integer({ min: 1, max: 40_000 })), { minLength: 1, maxLength: 12 }), (specs) => {
        const slabs = new Float64Slabs();
        const arrays = specs.map(([cut, length], i) => {
          const array = cut ? slabs.take(length) : new Float64Array(length);
          return array.fill(i + 0.5);
        });
        const packer = new Packer(slabs);
        const places = arrays.map((array) => packer.add(array));
        const packed = packer.finish();
        const slabBuffers = new Set(arrays.filter((_, i) => specs[i]![0]).map((array) => array.buffer));
        // Every slab moves as it is, and nothing else but the one array of copies.
        expect(new Set(packed.slice(1).map((part) => part.buffer))).toEqual(slabBuffers);
        const moved = structuredClone(packed, { transfer: buffersOf(packed) });
        specs.forEach(([, length], i) => {
          const back = unpack(moved, places[i]!, length)!;
          expect(back.length).toBe(length);
          expect(back.every((x) => x === i + 0.5)).toBe(true);
        });
      }),
      { numRuns: 50 },
    );
  });
});
