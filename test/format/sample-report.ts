// A small plan and reports built by hand, shared by the formatter tests.

import { parseFormula, type Formula } from '../../src/core/formula.js';
import type { CheckReport, ComputeReport, ComputeRow, IndicatorInfo, Plan, Summary, Verdict } from '../../src/core/types.js';

function formula(source: string): Formula {
  const parsed = parseFormula(source);
  if (!parsed.formula) throw new Error(`bad test formula ${source}`);
  return parsed.formula;
}

export function samplePlan(): Plan {
  return {
    meta: { id: 'test-plan', title: '测试规划', title_en: 'Test plan', baseline_year: 2020, target_year: 2025 },
    inputs: [
      { id: 'urban_population', label: '城镇常住人口', unit: '人', aggregate: 'sum', index: 0 },
      { id: 'community_workers', label: '专职社区工作者数', unit: '人', aggregate: 'sum', index: 1 },
      { id: 'urban_income_per_capita', label: '城镇居民人均可支配收入', unit: '元', aggregate: 'weighted_mean', weight: formula('urban_population'), index: 2 },
      { id: 'smart_community_county', label: '智慧社区建成', unit: '个', aggregate: 'sum', index: 3 },
    ],
    indicators: [
      {
        id: 'community_workers_per_10k_urban',
        no: '17',
        name: '每万城镇常住人口拥有专职社区工作者数量',
        name_en: 'Full-time community workers per 10,000 urban residents',
        unit: '人',
        formula: formula('community_workers / urban_population * 10000'),
        baseline: 9.8,
        target: { value: 18, comparator: '>=' },
        target_year: 2025,
        attribute: 'expected',
        levels: ['province', 'city', 'county'],
        quotas: {},
        lever: 'community_workers',
        requires: [0, 1],
      },
      {
        id: 'smart_community_counties',
        no: '11',
        name: '智慧社区建设县(市、区)',
        name_en: 'Counties with smart communities',
        unit: '个',
        formula: formula('smart_community_county'),
        baseline: null,
        target: { value: 11, comparator: '>=' },
        target_year: 2025,
        attribute: 'binding',
        levels: ['province'],
        quotas: { '330100': 2 },
        requires: [3],
      },
    ],
    rules: [],
  };
}

export const SAMPLE_INDICATORS: IndicatorInfo[] = samplePlan().indicators.map(({ id, no, name, name_en, unit, attribute }) => ({
  id,
  no,
  name,
  name_en,
  unit,
  attribute,
}));

export function verdict(overrides: Partial<Verdict>): Verdict {
  return {
    region_code: '330000',
    region_name: '浙江省',
    level: 'province',
    year: 2024,
    indicator: 'community_workers_per_10k_urban',
    no: '17',
    value: null,
    baseline: 9.8,
    baseline_source: 'plan',
    target: 18,
    comparator: '>=',
    target_source: 'plan',
    target_year: 2025,
    expected: null,
    attribute: 'expected',
    status: 'no_data',
    gap: null,
    needed: null,
    coverage: null,
    ...overrides,
  };
}

export function sampleVerdicts(): Verdict[] {
  return [
    verdict({
      value: 16.523456,
      expected: 16.36,
      status: 'on_track',
      gap: 1.476544,
      coverage: { from: 'children', used: 9, expected: 11, childLevel: 'city' },
    }),
    verdict({
      region_code: '330100',
      region_name: '杭州市',
      level: 'city',
      value: 12.34,
      expected: 16.36,
      status: 'off_track',
      gap: 5.66,
      needed: { field: 'community_workers', amount: 1234 },
      coverage: { from: 'reported', used: 1, expected: 1 },
    }),
    verdict({
      region_code: '330106',
      region_name: '=HYPERLINK("http://x")',
      level: 'county',
      value: null,
      status: 'no_data',
      reason: { code: 'missing_input', field: 'community_workers' },
    }),
    verdict({
      region_code: '330000',
      indicator: 'smart_community_counties',
      no: '11',
      value: 12,
      baseline: 0,
      target: 11,
      attribute: 'binding',
      expected: 8.8,
      status: 'met',
      gap: -1,
    }),
    verdict({
      region_code: '330100',
      region_name: '杭州市',
      level: 'city',
      indicator: 'smart_community_counties',
      no: '11',
      value: 1,
      baseline: null,
      baseline_source: null,
      target: 2,
      target_source: 'quota',
      attribute: 'binding',
      status: 'no_data',
      reason: { code: 'no_baseline' },
    }),
    verdict({
      region_code: '330106',
      region_name: '西湖区',
      level: 'county',
      indicator: 'smart_community_counties',
      no: '11',
      value: 1,
      baseline: 0,
      target: 11,
      attribute: 'binding',
      status: 'not_applicable',
      reason: { code: 'not_judged_at_level', level: 'county' },
    }),
  ];
}

function summarise(verdicts: Verdict[]): Summary {
  const summary: Summary = { met: 0, not_met: 0, on_track: 0, off_track: 0, no_data: 0, not_applicable: 0 };
  for (const v of verdicts) summary[v.status]++;
  return summary;
}

export function sampleCheckReport(results: Verdict[] = sampleVerdicts()): CheckReport {
  return {
    plan: { id: 'test-plan', title: '测试规划', baseline_year: 2020, target_year: 2025 },
    indicators: SAMPLE_INDICATORS,
    year: 2024,
    results,
    summary: summarise(results),
  };
}

/** Its rows an array, for tests that change one. */
export function sampleComputeReport(): ComputeReport & { rows: ComputeRow[] } {
  return {
    plan: { id: 'test-plan', title: '测试规划', baseline_year: 2020, target_year: 2025 },
    indicators: SAMPLE_INDICATORS,
    years: [2024],
    rows: [
      {
        region_code: '330000',
        region_name: '浙江省',
        level: 'province',
        year: 2024,
        values: { community_workers_per_10k_urban: 16.523456, smart_community_counties: 12 },
        reasons: {},
        coverage: { community_workers_per_10k_urban: { from: 'children', used: 9, expected: 11, childLevel: 'city' } },
      },
      {
        region_code: '330106',
        region_name: '西湖区',
        level: 'county',
        year: 2024,
        values: { community_workers_per_10k_urban: null, smart_community_counties: -2.5 },
        reasons: { community_workers_per_10k_urban: { code: 'zero_denominator', denominator: 'urban_population' } },
        coverage: {},
      },
    ],
  };
}
