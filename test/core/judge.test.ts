import { describe, expect, it } from 'vitest';
import { aggregateRows } from '../../src/core/aggregate.js';
import { gapTo, judge, meetsTarget, straightLine } from '../../src/core/judge.js';
import type { Target } from '../../src/core/types.js';
import { row, smallPlan } from '../helpers/plan.js';

const plan = smallPlan();

function verdictFor(rows: ReturnType<typeof row>[], indicator: string, code: string, year?: number) {
  const report = judge(plan, aggregateRows(plan, rows), { indicators: [indicator], levels: ['province', 'city', 'county'], years: year ? [year] : [] });
  return report.results.find((v) => v.region_code === code)!;
}

describe('meetsTarget', () => {
  const about: Target = { value: 1.9, comparator: '≈', tolerance: 0.05, better: 'lower' };
  it('"about 1.9, lower is better" accepts the band and anything below it', () => {
    expect(meetsTarget(1.95, about)).toBe(true);
    expect(meetsTarget(1.85, about)).toBe(true);
    expect(meetsTarget(1.6, about)).toBe(true);
    expect(meetsTarget(1.951, about)).toBe(false);
    expect(gapTo(1.96, about)).toBeCloseTo(0.01, 12);
  });

  it('"at least" tolerates floating-point noise but not a real shortfall', () => {
    const atLeast: Target = { value: 18, comparator: '>=' };
    expect(meetsTarget(17.999999999999996, atLeast)).toBe(true);
    expect(meetsTarget(17.99, atLeast)).toBe(false);
    expect(gapTo(12.34, atLeast)).toBeCloseTo(5.66, 12);
  });
});

describe('straightLine', () => {
  it('is the linear path from baseline to target', () => {
    expect(straightLine(9.8, 18, 2020, 2025, 2023)).toBeCloseTo(14.72, 12);
    expect(straightLine(9.8, 18, 2020, 2025, 2025)).toBe(18);
  });
});

describe('judge', () => {
  const base2020 = row(plan, '330200', 2020, { urban_population: 10000, community_workers: 10 });

  it('is met when the target is reached, even before the target year', () => {
    const v = verdictFor([base2020, row(plan, '330200', 2023, { urban_population: 10000, community_workers: 19 })], 'community_workers_per_10k_urban', '330200');
    expect(v).toMatchObject({ status: 'met', gap: 0, needed: null, baseline: 10, baseline_source: 'region' });
  });

  it('is on or off track against the straight line before the target year', () => {
    // baseline 10 (the region's own 2020), target 18: expected(2023) = 14.8
    const on = verdictFor([base2020, row(plan, '330200', 2023, { urban_population: 10000, community_workers: 15 })], 'community_workers_per_10k_urban', '330200');
    expect(on).toMatchObject({ status: 'on_track' });
    expect(on.expected).toBeCloseTo(14.8, 12);
    const off = verdictFor([base2020, row(plan, '330200', 2023, { urban_population: 10000, community_workers: 14 })], 'community_workers_per_10k_urban', '330200');
    expect(off).toMatchObject({ status: 'off_track', needed: { field: 'community_workers', amount: 4 } });
    expect(off.gap).toBeCloseTo(4, 12);
  });

  it('is not met in the target year, with the numerator input needed', () => {
    const v = verdictFor([row(plan, '330200', 2025, { urban_population: 1_234_567, community_workers: 1523 })], 'community_workers_per_10k_urban', '330200');
    // 18 per 10,000 of 1,234,567 = 2222.2 -> 2223 workers, 700 more than 1523
    expect(v).toMatchObject({ status: 'not_met', needed: { field: 'community_workers', amount: 700 }, baseline: 9.8, baseline_source: 'plan' });
  });

  it('solves the lever for a decrease target through the denominator', () => {
    const v = verdictFor(
      [row(plan, '330200', 2025, { resident_population: 100, urban_population: 50, urban_income_per_capita: 80000, rural_income_per_capita: 40000 })],
      'urban_rural_income_ratio',
      '330200',
    );
    expect(v.status).toBe('not_met');
    expect(v.gap).toBeCloseTo(0.05, 12);
    // 80000 / 1.95 = 41025.64: rural income must rise by 1025.64
    expect(v.needed!.field).toBe('rural_income_per_capita');
    expect(v.needed!.amount).toBeCloseTo(80000 / 1.95 - 40000, 6);
  });

  it('gives no_data with the reason when the value cannot be computed', () => {
    const v = verdictFor([row(plan, '330200', 2024, { urban_population: 0, community_workers: 3 })], 'community_workers_per_10k_urban', '330200');
    expect(v).toMatchObject({ status: 'no_data', value: null, reason: { code: 'zero_denominator' } });
    expect(JSON.stringify(v)).not.toMatch(/NaN|Infinity/);
  });

  it('judges a province-wide count only at province level, or where the plan gives a quota', () => {
    const rows = [
      row(plan, '330100', 2025, { future_communities: 70 }),
      row(plan, '330200', 2025, { future_communities: 80 }),
    ];
    const report = judge(plan, aggregateRows(plan, rows), { indicators: ['future_communities'], levels: ['province', 'city'] });
    const byCode = Object.fromEntries(report.results.map((v) => [v.region_code, v]));
    expect(byCode['330000']).toMatchObject({ value: 150, target: 350, status: 'not_met', attribute: 'binding' });
    expect(byCode['330100']).toMatchObject({ target: 60, target_source: 'quota', status: 'met' });
    expect(byCode['330200']).toMatchObject({ status: 'not_applicable', reason: { code: 'not_judged_at_level', level: 'city' } });
    expect(report.summary).toMatchObject({ met: 1, not_met: 1, not_applicable: 1 });
  });

  it('orders results by indicator, then year, then region', () => {
    const rows = [row(plan, '330200', 2024, { future_communities: 1 }), row(plan, '330100', 2024, { future_communities: 1 })];
    const report = judge(plan, aggregateRows(plan, rows), { levels: ['province', 'city'] });
    expect(report.results.slice(0, 3).map((v) => [v.indicator, v.region_code])).toEqual([
      ['community_workers_per_10k_urban', '330000'],
      ['community_workers_per_10k_urban', '330100'],
      ['community_workers_per_10k_urban', '330200'],
    ]);
  });
});
