import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Float64Slabs, PackedNumbers } from '../../src/core/packed.js';

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

describe('PackedNumbers', () => {
  it('reads back exactly what it packed: whole numbers, fractions, NaN, -0, infinities and huge values', () => {
    const number = fc.oneof(fc.integer({ min: -1e6, max: 1e6 }), fc.double(), fc.constantFrom(-0, 2 ** 50, -(2 ** 50), 2 ** 50 + 2, 2 ** 53, -1, 127, 128));
    fc.assert(
      fc.property(fc.array(fc.array(number, { maxLength: 200 }), { minLength: 1, maxLength: 20 }), (lists) => {
        const packed = new PackedNumbers();
        const at = lists.map((list) => packed.write(list, list.length));
        lists.forEach((list, i) => {
          const back = new Float64Array(list.length);
          packed.read(at[i]!, back, list.length);
          list.forEach((x, k) => expect(Object.is(back[k], x)).toBe(true));
        });
      }),
      { numRuns: 200 },
    );
  });

  it('reads back lists packed across many chunks, the first smaller than the rest', () => {
    for (const packed of [new PackedNumbers(4096), new PackedNumbers(4096, 1024)]) {
      const lists = Array.from({ length: 2_000 }, (_, i) => Array.from({ length: 100 }, (_, k) => i + k / 7));
      const at = lists.map((list) => packed.write(list, list.length));
      lists.forEach((list, i) => {
        const back = new Float64Array(list.length);
        packed.read(at[i]!, back, list.length);
        expect([...back]).toEqual(list);
      });
    }
  });
});
