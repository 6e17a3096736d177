import { describe, expect, it } from 'vitest';
import { formatAgainst } from '../../src/format/numbers.js';

describe('formatAgainst: a value never reads as the target it misses', () => {
  it('1,999 of 2,000 villages is 99.95, not 100.0', () => {
    expect(formatAgainst((1999 / 2000) * 100, [100])).toBe('99.95');
  });
  it('adds only the digits it needs', () => {
    expect(formatAgainst(17.996, [18])).toBe('17.996');
    expect(formatAgainst(12.34, [18])).toBe('12.3');
    expect(formatAgainst(100, [100])).toBe('100');
    expect(formatAgainst(100.04, [100])).toBe('100.04');
  });
  it('keeps a value outside an "about" band outside it', () => {
    expect(formatAgainst(1.9504, [1.85, 1.95])).toBe('1.9504');
  });
  it('a tiny gap is not printed as zero', () => {
    expect(formatAgainst(0.004, [0])).toBe('0.004');
  });
});
