import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Float64Slabs } from '../../src/core/packed.js';

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
