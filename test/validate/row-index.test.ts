import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { RowIndex, rowKey } from '../../src/core/row-index.js';

describe('rowKey', () => {
  it('gives codes of different lengths with the same digits different keys', () => {
    expect(rowKey('330100', 2024)).not.toBe(rowKey('000330100', 2024));
    expect(rowKey('330106001', 2024)).not.toBe(rowKey('000330106001', 2024));
  });

  it('gives the same code in different years different keys', () => {
    expect(rowKey('330106', 2023)).not.toBe(rowKey('330106', 2024));
  });

  it('stays an exact integer for the largest village code and year', () => {
    const key = rowKey('999999999999', 1900 + 2047)!;
    expect(Number.isSafeInteger(key)).toBe(true);
  });

  it('refuses what it cannot pack rather than colliding', () => {
    expect(rowKey('33010', 2024)).toBeNull();
    expect(rowKey('3301060010011', 2024)).toBeNull();
    expect(rowKey('33a106', 2024)).toBeNull();
    expect(rowKey('330106', 1899)).toBeNull();
    expect(rowKey('330106', 2024.5)).toBeNull();
  });
});

describe('RowIndex', () => {
  it('returns the first place for a key seen before, and null the first time', () => {
    const index = new RowIndex(4);
    const key = rowKey('330106', 2024)!;
    expect(index.firstOrAdd(key, 0, 2)).toBeNull();
    expect(index.firstOrAdd(key, 3, 90)).toEqual({ file: 0, line: 2 });
    expect(index.firstOrAdd(key, 4, 91)).toEqual({ file: 0, line: 2 });
    expect(index.size).toBe(1);
  });

  it('keeps every place while it grows from a tiny start', () => {
    const index = new RowIndex(1);
    for (let i = 0; i < 5000; i++) index.firstOrAdd(rowKey(String(330106001000 + i), 2024)!, i % 7, i + 2);
    expect(index.size).toBe(5000);
    for (let i = 0; i < 5000; i++) {
      expect(index.firstOrAdd(rowKey(String(330106001000 + i), 2024)!, 99, 1)).toEqual({ file: i % 7, line: i + 2 });
    }
  });

  it('agrees with a Map on any sequence of codes and years', () => {
    const code = fc.oneof(
      fc.stringMatching(/^\d{6}$/),
      fc.stringMatching(/^\d{9}$/),
      fc.stringMatching(/^\d{12}$/),
    );
    fc.assert(
      fc.property(fc.array(fc.tuple(code, fc.integer({ min: 1900, max: 2100 })), { maxLength: 300 }), (pairs) => {
        const index = new RowIndex(2);
        const reference = new Map<string, number>();
        pairs.forEach(([c, year], line) => {
          const first = index.firstOrAdd(rowKey(c, year)!, 1, line);
          const expected = reference.get(`${c}:${year}`);
          expect(first?.line).toBe(expected);
          if (expected === undefined) reference.set(`${c}:${year}`, line);
        });
      }),
    );
  });
});
