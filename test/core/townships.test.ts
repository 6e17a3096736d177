// The township table's index: every township found by its code and year, whatever codes and years
// come and however many (the index grows as townships are added); each year's townships listed in
// the order they were added.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TownshipTable } from '../../src/core/townships.js';

describe('TownshipTable', () => {
  it('finds each township by code and year, and no other', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.tuple(fc.oneof(fc.integer({ min: 330_100_001, max: 330_100_300 }), fc.integer({ min: 110_000_000, max: 829_999_999 })), fc.integer({ min: 2018, max: 2026 })), { maxLength: 3000, selector: ([code, year]) => `${code}/${year}` }), (keys) => {
        const table = new TownshipTable<never, never>();
        const added = keys.map(([code, year], seq) => table.add(code, year, seq));
        keys.forEach(([code, year], i) => expect(table.find(code, year)).toBe(added[i]));
        expect(table.find(100_000_000, 2020)).toBe(-1);
        for (const year of new Set(keys.map(([, year]) => year))) {
          expect([...table.ofYear(year)]).toEqual(added.filter((_, i) => keys[i]![1] === year));
        }
      }),
      { numRuns: 100 },
    );
  });

  it('tells one code’s years apart, however crowded the index', () => {
    const table = new TownshipTable<never, never>();
    const years = Array.from({ length: 2000 }, (_, k) => 1000 + k);
    const added = years.map((year, seq) => table.add(330_106_001, year, seq));
    years.forEach((year, k) => expect(table.find(330_106_001, year)).toBe(added[k]));
  });

  it('keeps every township’s row, past the table’s first chunks', () => {
    const table = new TownshipTable<never, never>();
    const count = 40_000;
    for (let k = 0; k < count; k++) {
      const t = table.add(110_100_000 + k * 7, 2020 + (k % 5), 3 * k);
      for (let r = 0; r < k % 3; r++) table.addRow(t);
    }
    for (let k = 0; k < count; k += 997) {
      const t = table.find(110_100_000 + k * 7, 2020 + (k % 5));
      expect(t).toBe(k);
      expect([table.seq(t), table.year(t), table.rows(t), table.code(t)]).toEqual([3 * k, 2020 + (k % 5), k % 3, String(110_100_000 + k * 7)]);
    }
  });

  it('finds nothing once cleared, and indexes anew', () => {
    const table = new TownshipTable<never, never>();
    for (let k = 0; k < 5000; k++) table.add(330_100_000 + k, 2024, k);
    table.clear();
    expect(table.find(330_100_001, 2024)).toBe(-1);
    expect(table.add(330_100_001, 2024, 0)).toBe(0);
    expect(table.find(330_100_001, 2024)).toBe(0);
  });
});
