import { describe, expect, it } from 'vitest';
import { aggregateRows } from '../../src/core/aggregate.js';
import { explain, type Explanation } from '../../src/core/explain.js';
import { evaluate } from '../../src/core/formula.js';
import type { Plan } from '../../src/core/types.js';
import { row, smallPlan } from '../helpers/plan.js';

const plan: Plan = {
  ...smallPlan(),
  divisions: [
    { code: '330000', name: '浙江省', level: 'province', parent_code: null },
    { code: '330100', name: '杭州市', level: 'city', parent_code: '330000' },
    { code: '330102', name: '上城区', level: 'county', parent_code: '330100' },
    { code: '330105', name: '拱墅区', level: 'county', parent_code: '330100' },
    { code: '330106', name: '西湖区', level: 'county', parent_code: '330100' },
    { code: '330108', name: '滨江区', level: 'county', parent_code: '330100' },
  ],
};

const counties = [
  row(plan, '330102', 2024, { resident_population: 1000, urban_population: 800, community_workers: 1, urban_income_per_capita: 80000, rural_income_per_capita: 40000 }),
  row(plan, '330105', 2024, { resident_population: 3000, urban_population: 1200, community_workers: 3, urban_income_per_capita: 60000, rural_income_per_capita: 30000 }),
  // reports the population but not the workers: left out of the workers ratio
  row(plan, '330106', 2024, { resident_population: 500, urban_population: 500, urban_income_per_capita: 70000, rural_income_per_capita: 35000 }),
];
const engine = aggregateRows(plan, counties, { keepContributors: true });

function explained(indicator: string, region: string): Explanation {
  const result = explain(plan, engine, { indicator, region });
  if ('error' in result) throw new Error(result.error);
  return result;
}

describe('explain a city built from its counties', () => {
  const e = explained('community_workers_per_10k_urban', '330100');

  it('lists every contributing county with its inputs, and their sums reproduce the city value', () => {
    expect(e.from).toBe('children');
    expect(e.contributors.map((c) => c.code)).toEqual(['330102', '330105']);
    const summed = Object.fromEntries(e.inputs.map((input) => [input.id, e.contributors.reduce((s, c) => s + c.inputs![input.id]!, 0)]));
    expect(summed).toEqual(Object.fromEntries(e.inputs.map((input) => [input.id, input.value])));
    const recomputed = evaluate(plan.indicators.find((i) => i.id === e.indicator.id)!.formula, (id) => summed[id] ?? Number.NaN).value;
    expect(recomputed).toBeCloseTo(e.value!, 12);
    expect(e.value).toBeCloseTo(20, 12);
  });

  it('lists those left out, and why', () => {
    expect(e.left_out).toEqual([
      { code: '330106', name: '西湖区', why: { code: 'missing_input', field: 'community_workers' } },
      { code: '330108', name: '滨江区', why: { code: 'no_row' } },
    ]);
  });

  it('gives each input its aggregation rule, and the verdict check gives', () => {
    expect(e.inputs.map((i) => [i.id, i.aggregate])).toEqual([
      ['urban_population', 'sum'],
      ['community_workers', 'sum'],
    ]);
    // Two of the four counties listed report the workers: the value is given, but not judged (coverage before verdicts).
    expect(e.verdict).toMatchObject({ region_code: '330100', value: e.value, status: 'no_data', reason: { code: 'incomplete', reported: 2, expected: 4 } });
  });
});

describe('explain a weighted mean', () => {
  it('lists each county\'s weight, and Σ w·x / Σ w reproduces the city\'s income', () => {
    const e = explained('urban_rural_income_ratio', '330100');
    expect(e.contributors).toHaveLength(3);
    for (const id of ['urban_income_per_capita', 'rural_income_per_capita']) {
      const weighted = e.contributors.reduce((s, c) => s + c.weights[id]! * c.inputs![id]!, 0);
      const weights = e.contributors.reduce((s, c) => s + c.weights[id]!, 0);
      expect(weighted / weights).toBeCloseTo(e.inputs.find((i) => i.id === id)!.value!, 9);
    }
    expect(e.contributors[0]!.weights).toEqual({ urban_income_per_capita: 800, rural_income_per_capita: 200 });
  });
});

describe('explain a region with its own row', () => {
  it('says the children are not added up', () => {
    const withOwn = aggregateRows(plan, [...counties, row(plan, '330100', 2024, { urban_population: 2500, community_workers: 5 })], { keepContributors: true });
    const e = explain(plan, withOwn, { indicator: '17', region: '330100' }) as Explanation;
    expect(e.from).toBe('reported');
    expect(e.contributors).toEqual([]);
    expect(e.left_out.every((l) => l.why.code === 'own_row_used')).toBe(true);
    expect(e.value).toBeCloseTo(20, 12);
  });

  it('names an unknown indicator or region', () => {
    expect(explain(plan, engine, { indicator: 'nope', region: '330100' })).toHaveProperty('error');
    expect(explain(plan, engine, { indicator: '17', region: '339900' })).toMatchObject({ error: expect.stringContaining('339900') });
  });
});
