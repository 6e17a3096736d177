import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RegionEngine } from '../../src/core/aggregate.js';
import { allocate, largestRemainder, type AllocationReport } from '../../src/core/allocate.js';
import { fieldPlan } from '../../src/core/whatif.js';
import { row, smallPlan } from '../helpers/plan.js';

const plan = smallPlan();

describe('largestRemainder', () => {
  it('gives the leftover units to the largest fractions', () => {
    // exact shares 3.5, 2.1, 1.4: whole parts 3 + 2 + 1 = 6, the 7th unit goes to the .5
    expect(largestRemainder(7, [5, 3, 2])).toEqual([4, 2, 1]);
    expect(largestRemainder(350, [1, 1])).toEqual([175, 175]);
  });

  it('breaks ties by the larger weight, then by order', () => {
    expect(largestRemainder(10, [1, 1, 1])).toEqual([4, 3, 3]);
    expect(largestRemainder(1, [2, 2, 4])).toEqual([0, 0, 1]);
  });

  it('does not lose a unit to float noise on an exact share', () => {
    expect(largestRemainder(3, [0.1, 0.2])).toEqual([1, 2]);
  });

  it('parts add up exactly to the target and stay within one unit of the exact share (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 100_000 }), fc.array(fc.integer({ min: 0, max: 10_000_000 }), { minLength: 1, maxLength: 120 }), (total, weights) => {
        fc.pre(weights.some((w) => w > 0));
        const parts = largestRemainder(total, weights);
        const sum = weights.reduce((s, w) => s + w, 0);
        expect(parts.reduce((s, p) => s + p, 0)).toBe(total);
        parts.forEach((p, i) => {
          expect(Number.isInteger(p)).toBe(true);
          expect(Math.abs(p - (total * weights[i]!) / sum)).toBeLessThan(1);
        });
      }),
    );
  });
});

describe('allocate', () => {
  const rows = [
    row(plan, '330102', 2024, { resident_population: 1_000_000 }),
    row(plan, '330105', 2024, { resident_population: 2_000_000 }),
    row(plan, '330200', 2024, { resident_population: 4_000_000 }),
    row(plan, '330300', 2024, {}),
  ];
  const fields = new RegionEngine(fieldPlan(plan, ['resident_population']));
  for (const r of rows) fields.add(r);
  const totals = fields.finish();

  it('splits the province-wide count among the cities by the field, summing exactly to the target', () => {
    const result = allocate(plan, totals, 0, { indicator: 'future_communities', by: 'resident_population', year: 2024, level: 'city' }) as AllocationReport;
    expect(result.total).toBe(350);
    expect(result.parent.code).toBe('330000');
    // 3 of 7 million and 4 of 7: 150 and 200
    expect(result.shares.map((s) => [s.code, s.weight, s.quota])).toEqual([
      ['330100', 3_000_000, 150],
      ['330200', 4_000_000, 200],
    ]);
    expect(result.left_out).toEqual([{ code: '330300', name: '', reason: 'not_reported' }]);
  });

  it('splits a city\'s quota among its counties', () => {
    const result = allocate(plan, totals, 0, { indicator: '4', by: 'resident_population', year: 2024, level: 'county', parent: '330100' }) as AllocationReport;
    expect(result.total).toBe(60); // the plan's quota for 330100
    expect(result.shares.map((s) => s.quota)).toEqual([20, 40]);
  });

  it('refuses a ratio, and an indicator it does not know', () => {
    expect(allocate(plan, totals, 0, { indicator: 'community_workers_per_10k_urban', by: 'resident_population', year: 2024, level: 'city' })).toMatchObject({
      error: expect.stringContaining('count target'),
    });
    expect(allocate(plan, totals, 0, { indicator: 'nope', by: 'resident_population', year: 2024, level: 'city' })).toHaveProperty('error');
  });
});
