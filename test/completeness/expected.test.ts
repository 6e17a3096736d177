import { describe, expect, it } from 'vitest';
import { aggregateRows } from '../../src/core/aggregate.js';
import { completeness } from '../../src/core/completeness.js';
import { divisionsAt } from '../../src/core/divisions.js';
import { PlanmetricsError } from '../../src/core/diagnostics.js';
import type { Division, Level, Plan, SubmissionRow } from '../../src/core/types.js';
import { row, smallPlan } from '../helpers/plan.js';

const division = (code: string, name: string, level: Level, parent_code: string | null): Division => ({ code, name, level, parent_code });

const DIVISIONS: Division[] = [
  division('330000', '浙江省', 'province', null),
  division('330100', '杭州市', 'city', '330000'),
  division('330102', '上城区', 'county', '330100'),
  division('330105', '拱墅区', 'county', '330100'),
  division('330200', '宁波市', 'city', '330000'),
  division('330203', '海曙区', 'county', '330200'),
  division('330205', '江北区', 'county', '330200'),
];

function planWithDivisions(): Plan {
  return { ...smallPlan(), divisions: DIVISIONS };
}

const plan = planWithDivisions();
const FULL = { resident_population: 1000, urban_population: 800, community_workers: 10, urban_income_per_capita: 60000, rural_income_per_capita: 30000, min_living_standard: 12000, future_communities: 2 };

function full(code: string, leaveOut: string[] = []): SubmissionRow {
  return row(plan, code, 2024, Object.fromEntries(Object.entries(FULL).filter(([id]) => !leaveOut.includes(id))));
}

function report(rows: SubmissionRow[], selection: Parameters<typeof completeness>[2] = {}) {
  return completeness(plan, aggregateRows(plan, rows), selection);
}

const region = (r: ReturnType<typeof report>, code: string) => r.regions.find((x) => x.region_code === code)!;

describe('divisionsAt', () => {
  it('every division at the level, or those under the regions asked', () => {
    expect(divisionsAt(plan, 'county', 2024).map((d) => d.code)).toEqual(['330102', '330105', '330203', '330205']);
    expect(divisionsAt(plan, 'county', 2024, ['330200']).map((d) => d.code)).toEqual(['330203', '330205']);
    expect(divisionsAt(plan, 'county', 2024, ['330105', '330000']).map((d) => d.code)).toHaveLength(4);
    expect(divisionsAt(plan, 'city', 2024, ['330105'])).toEqual([]);
  });

  it('a year before a change: the codes of that year, unless the data under the parent is restated', () => {
    const changed: Plan = {
      ...plan,
      divisions: [...DIVISIONS, { ...division('330206', '新区', 'county', '330200'), valid_from: 2021 }],
      division_history: [{ ...division('330204', '旧区', 'county', '330200'), valid_to: 2020, successors: ['330206'] }],
    };
    expect(divisionsAt(changed, 'county', 2020, ['330200']).map((d) => d.code)).toEqual(['330203', '330204', '330205']);
    expect(divisionsAt(changed, 'county', 2024, ['330200']).map((d) => d.code)).toEqual(['330203', '330205', '330206']);
    const restated = (parent: string) => new Set(parent === '330200' ? ['330206'] : []);
    expect(divisionsAt(changed, 'county', 2020, ['330200'], restated).map((d) => d.code)).toEqual(['330203', '330205', '330206']);
  });
});

describe('a city with its own row vs one built from its counties', () => {
  const rows = [full('330100'), full('330203'), full('330205')];

  it('both count as arrived at city level', () => {
    const r = report(rows, { level: 'city' });
    expect(region(r, '330100')).toMatchObject({ submitted: true, missing_fields: [] });
    expect(region(r, '330100').children).toBeUndefined();
    expect(region(r, '330200')).toMatchObject({ submitted: true, missing_fields: [], children: { arrived: 2, expected: 2, child_level: 'county' } });
    expect(r.summary).toEqual({ expected: 2, complete: 2, partial: 0, absent: 0 });
  });

  it('a city missing one of its counties is not arrived, unless --min-coverage allows it', () => {
    const without = [full('330100'), full('330203')];
    expect(region(report(without, { level: 'city' }), '330200')).toMatchObject({ submitted: false, children: { arrived: 1, expected: 2 } });
    expect(region(report(without, { level: 'city', minCoverage: 0.5 }), '330200')).toMatchObject({ submitted: true, missing_fields: [] });
  });

  it('a county’s blank makes the city built from it partial, not the one with its own row', () => {
    const r = report([full('330100', ['community_workers']), full('330203'), full('330205', ['min_living_standard'])], { level: 'city' });
    expect(region(r, '330200')).toMatchObject({ submitted: true, missing_fields: ['min_living_standard'], indicators_blocked: ['min_living_standard'] });
    expect(region(r, '330100')).toMatchObject({ missing_fields: ['community_workers'], indicators_blocked: ['community_workers_per_10k_urban'] });
    // The province is built from both cities: each city's gap blocks it there.
    expect(region(r, '330100').blocks_parents).toEqual([{ region_code: '330000', region_name: '浙江省', indicators: ['community_workers_per_10k_urban'] }]);
  });

  it('a county’s gap blocks its city only where the city has no row of its own', () => {
    const r = report([full('330100'), full('330102', ['future_communities']), full('330105'), full('330203')], { level: 'county' });
    // 330100 reports future_communities itself; the province's quota-free count is judged at province level.
    expect(region(r, '330102').blocks_parents).toEqual([]);
    // 海曙区 arrived, 江北区 did not: 宁波市 (built from counties) and the province lose every indicator.
    const jiangbei = region(r, '330205');
    expect(jiangbei).toMatchObject({ submitted: false, missing_fields: [], indicators_blocked: [] });
    expect(jiangbei.blocks_parents.map((p) => p.region_code)).toEqual(['330200', '330000']);
    expect(jiangbei.blocks_parents[1]!.indicators).toContain('future_communities');
  });
});

describe('a county with townships only', () => {
  const townships = [row(plan, '330102001', 2024, FULL), row(plan, '330102002', 2024, { ...FULL, future_communities: Number.NaN })];

  it('counts as arrived, built from its townships, and the default level is the lowest the division list has', () => {
    const r = report([...townships, full('330105'), full('330203'), full('330205')]);
    expect(r.level).toBe('county');
    expect(region(r, '330102')).toMatchObject({ submitted: true, children: { arrived: 2, expected: 2, child_level: 'township' } });
    // one township left future_communities blank: the county's total lacks it
    expect(region(r, '330102').missing_fields).toEqual(['future_communities']);
    expect(r.summary).toEqual({ expected: 4, complete: 3, partial: 1, absent: 0 });
  });

  it('a county built from village rows arrives too; a blank village field shows', () => {
    const villages = [
      row(plan, '330102001001', 2024, FULL),
      row(plan, '330102001002', 2024, { ...FULL, community_workers: Number.NaN }),
    ];
    const r = report([...villages, full('330105'), full('330203'), full('330205')]);
    expect(r.level).toBe('county');
    expect(region(r, '330102')).toMatchObject({ submitted: true, missing_fields: ['community_workers'] });
  });
});

describe('what the selection can ask', () => {
  it('at province level, the one parent group has no parent code', () => {
    const r = report([full('330100'), full('330203'), full('330205')], { level: 'province' });
    expect(r.by_parent).toEqual([{ region_code: null, region_name: '', year: 2024, expected: 1, complete: 1, partial: 0, absent: 0 }]);
  });

  it('a plan without a division list cannot say who should report', () => {
    const bare = smallPlan();
    expect(() => completeness(bare, aggregateRows(bare, [row(bare, '330102', 2024, FULL)]))).toThrow(PlanmetricsError);
    try {
      completeness(bare, aggregateRows(bare, [row(bare, '330102', 2024, FULL)]));
    } catch (error) {
      expect((error as PlanmetricsError).diagnostics.map((d) => d.code)).toEqual(['DIVISIONS_NONE']);
    }
  });

  it('a region with nothing under it at the level is a usage error, not an empty success', () => {
    const plan2: Plan = { ...plan, divisions: [...DIVISIONS, division('330300', '温州市', 'city', '330000')] };
    const call = () => completeness(plan2, aggregateRows(plan2, [full('330102')]), { level: 'county', regions: ['330300'] });
    expect(call).toThrow(PlanmetricsError);
  });
});

describe('a division list that loops', () => {
  it('ends: a parent_code pointing back is not followed for ever', () => {
    const looped: Plan = {
      ...plan,
      divisions: [division('330000', '浙江省', 'province', '330102'), division('330100', '杭州市', 'city', '330000'), division('330102', '上城区', 'county', '330100')],
    };
    const r = completeness(looped, aggregateRows(looped, [full('330102', ['future_communities'])]), { level: 'county' });
    expect(r.summary).toEqual({ expected: 1, complete: 0, partial: 1, absent: 0 });
    expect(region(r, '330102').blocks_parents.map((p) => p.region_code)).toEqual(['330100', '330000']);
  });
});
