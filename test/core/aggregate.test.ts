import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { aggregateRows } from '../../src/core/aggregate.js';
import { row, smallPlan } from '../helpers/plan.js';

const plan = smallPlan();
const indicator = (id: string) => plan.indicators.findIndex((i) => i.id === id);
const WORKERS = indicator('community_workers_per_10k_urban');
const INCOME = indicator('urban_rural_income_ratio');
const ALLOWANCE = indicator('min_living_standard');

describe('region engine', () => {
  const counties = [
    row(plan, '330102', 2024, { resident_population: 1000, urban_population: 800, community_workers: 1, urban_income_per_capita: 80000, rural_income_per_capita: 40000, min_living_standard: 13000 }),
    row(plan, '330105', 2024, { resident_population: 3000, urban_population: 1200, community_workers: 3, urban_income_per_capita: 60000, rural_income_per_capita: 30000, min_living_standard: 12000 }),
  ];

  it('builds a city with no row of its own from its counties, as a ratio of sums', () => {
    const result = aggregateRows(plan, counties);
    const city = result.get('330100', 2024)!;
    expect(city.level).toBe('city');
    // (1 + 3) / (800 + 1200) * 10000 = 20, not the mean of 12.5 and 25
    expect(city.values[WORKERS]!.value).toBeCloseTo(20, 12);
    expect(city.values[WORKERS]!.coverage).toMatchObject({ from: 'children', used: 2, expected: 2, childLevel: 'county' });
    const province = result.get('330000', 2024)!;
    expect(province.values[WORKERS]!.value).toBeCloseTo(20, 12);
  });

  it('weights incomes by their populations and takes the lowest allowance standard', () => {
    const city = aggregateRows(plan, counties).get('330100', 2024)!;
    const urban = (80000 * 800 + 60000 * 1200) / 2000;
    const rural = (40000 * 200 + 30000 * 1800) / 2000;
    expect(city.values[INCOME]!.value).toBeCloseTo(urban / rural, 12);
    expect(city.values[ALLOWANCE]!.value).toBe(12000);
  });

  it('leaves out children that lack an input of the indicator, and says so in the coverage', () => {
    const third = row(plan, '330106', 2024, { resident_population: 500, urban_population: 500 });
    const city = aggregateRows(plan, [...counties, third]).get('330100', 2024)!;
    expect(city.values[WORKERS]!.value).toBeCloseTo(20, 12);
    expect(city.values[WORKERS]!.coverage).toMatchObject({ used: 2, expected: 3 });
  });

  it('uses a row reported for a parent as given', () => {
    const cityRow = row(plan, '330100', 2024, { resident_population: 5000, urban_population: 4000, community_workers: 10 });
    const city = aggregateRows(plan, [...counties, cityRow]).get('330100', 2024)!;
    expect(city.values[WORKERS]!.value).toBeCloseTo(25, 12);
    expect(city.values[WORKERS]!.coverage).toMatchObject({ from: 'reported' });
  });

  it('gives no value with a reason for a zero denominator and for a missing input', () => {
    const zero = row(plan, '330102', 2024, { resident_population: 10, urban_population: 0, community_workers: 0 });
    const missing = row(plan, '330200', 2024, { resident_population: 10, urban_population: 10 });
    const result = aggregateRows(plan, [zero, missing]);
    expect(result.get('330102', 2024)!.values[WORKERS]).toMatchObject({ value: null, reason: { code: 'zero_denominator', denominator: 'urban_population' } });
    expect(result.get('330200', 2024)!.values[WORKERS]).toMatchObject({ value: null, reason: { code: 'missing_input', field: 'community_workers' } });
  });

  it('folds villages into their township and townships into their county', () => {
    const villages = [
      row(plan, '330102001001', 2024, { urban_population: 100, community_workers: 1 }),
      row(plan, '330102001002', 2024, { urban_population: 300, community_workers: 1 }),
      row(plan, '330102002001', 2024, { urban_population: 600, community_workers: 2 }),
    ];
    const result = aggregateRows(plan, villages);
    expect(result.get('330102001', 2024)!.values[WORKERS]!.value).toBeCloseTo(50, 12);
    expect(result.get('330102001', 2024)!.values[WORKERS]!.coverage).toMatchObject({ used: 2, expected: 2, childLevel: 'village' });
    expect(result.get('330102', 2024)!.values[WORKERS]!.value).toBeCloseTo(40, 12);
  });

  it('gives one indicator or one input set on demand, the same as the whole result', () => {
    const third = row(plan, '330106', 2024, { resident_population: 500, urban_population: 500 });
    const villages = [row(plan, '330102001001', 2024, { resident_population: 10, urban_population: 0, community_workers: 1 })];
    const rows = [...counties, third, ...villages];
    // Read one at a time from one result, in full from another: the same values, reasons and coverage.
    const onDemand = aggregateRows(plan, rows);
    const whole = aggregateRows(plan, rows);
    for (const code of ['330100', '330102', '330106', '330102001', '330000']) {
      const region = onDemand.get(code, 2024)!;
      const full = whole.get(code, 2024)!;
      plan.indicators.forEach((_, i) => {
        expect(onDemand.valueOf(region, i)).toEqual(full.values[i]);
        const s = onDemand.setOf(i).index;
        expect(onDemand.setValuesOf(region, s)).toEqual(full.sets[s]);
      });
    }
  });

  it('keeps years apart', () => {
    const result = aggregateRows(plan, [counties[0]!, { ...counties[1]!, year: 2020 }]);
    expect(result.years).toEqual([2020, 2024]);
    expect(result.get('330100', 2024)!.values[WORKERS]!.value).toBeCloseTo(12.5, 12);
    expect(result.get('330100', 2020)!.values[WORKERS]!.value).toBeCloseTo(25, 12);
  });
});

describe('ratio of sums (property)', () => {
  const county = fc.record({
    urban: fc.integer({ min: 1, max: 5_000_000 }),
    workers: fc.integer({ min: 0, max: 20_000 }),
    reports: fc.boolean(),
  });

  it("a parent's ratio equals the ratio of its reporting children's summed inputs", () => {
    fc.assert(
      fc.property(fc.array(county, { minLength: 1, maxLength: 30 }), (children) => {
        const rows = children.map((c, i) =>
          row(plan, `3301${String(i + 1).padStart(2, '0')}`, 2024, c.reports ? { urban_population: c.urban, community_workers: c.workers } : { urban_population: c.urban }),
        );
        const city = aggregateRows(plan, rows).get('330100', 2024)!.values[WORKERS]!;
        const reporting = children.filter((c) => c.reports);
        if (reporting.length === 0) {
          expect(city.value).toBeNull();
          return;
        }
        const expected = (reporting.reduce((s, c) => s + c.workers, 0) / reporting.reduce((s, c) => s + c.urban, 0)) * 10000;
        expect(city.value).toBeCloseTo(expected, 9);
        expect(city.coverage).toMatchObject({ used: reporting.length, expected: children.length });
      }),
    );
  });

  it('never yields NaN or Infinity, whatever is reported', () => {
    const value = fc.option(fc.integer({ min: 0, max: 1000 }), { nil: undefined });
    fc.assert(
      fc.property(fc.array(fc.tuple(value, value, value, value), { maxLength: 12 }), (cells) => {
        const rows = cells.map(([a, b, c, d], i) => {
          const record: Record<string, number> = {};
          if (a !== undefined) record.resident_population = a + (b ?? 0);
          if (b !== undefined) record.urban_population = b;
          if (c !== undefined) record.community_workers = c;
          if (d !== undefined) record.rural_income_per_capita = d;
          return row(plan, `3302${String(i + 1).padStart(2, '0')}`, 2024, record);
        });
        for (const region of aggregateRows(plan, rows).regions) {
          for (const v of region.values) {
            if (v.value !== null) expect(Number.isFinite(v.value)).toBe(true);
            else expect(v.reason).toBeDefined();
          }
        }
      }),
    );
  });
});
