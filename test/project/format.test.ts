import { describe, expect, it } from 'vitest';
import { growthText, percentText, positionBar } from '../../src/format/project/view.js';
import { trajectory } from '../../src/core/trajectory.js';

describe('positionBar', () => {
  it('fills the share of the way from baseline to target, in eighths of a cell', () => {
    expect(positionBar(13.1, 9.8, 18)).toBe('████······ 40%');
    expect(positionBar(14.0, 10, 18)).toBe('█████····· 50%');
    expect(positionBar(10.1, 10, 18)).toBe('▏········· 1%');
  });

  it('stops at either end and says how far beyond', () => {
    expect(positionBar(8.8, 10, 18)).toBe('·········· -15%');
    expect(positionBar(20, 10, 18)).toBe('██████████ 125%');
    expect(positionBar(1.85, 1.96, 1.9)).toBe('██████████ 183%'); // a decrease target, overshot
  });

  it('shows a met target as a full bar, ✓ where a share would mislead', () => {
    expect(positionBar(1.72, 1.7, 1.9, true)).toBe('██████████ ✓');
    expect(positionBar(5, 5, 5, true)).toBe('██████████ ✓');
  });

  it('is empty without a baseline or a value, and never prints NaN', () => {
    expect(positionBar(null, 10, 18)).toBe('');
    expect(positionBar(12, null, 18)).toBe('');
    expect(positionBar(12, 10, 10)).toBe('');
    expect(positionBar(Number.NaN, 10, 18)).toBe('');
  });
});

describe('growthText', () => {
  it('gives rates for the growth method and units per year for the straight line', () => {
    const base = { baseline: { year: 2020, value: 9.8 }, ownBaseline: true, observations: [{ year: 2023, value: 13.1 }], target: { value: 18, comparator: '>=' as const }, targetValue: 18, targetYear: 2025 };
    expect(growthText(trajectory(base), 'en')).toBe('10.16% / 12.93%');
    expect(growthText(trajectory({ ...base, ownBaseline: false }), 'en')).toBe('+1.10/yr / +1.64/yr');
    expect(percentText(null)).toBe('—');
  });
});
