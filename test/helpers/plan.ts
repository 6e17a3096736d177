import { parsePlanText } from '../../src/io/plan-yaml.js';
import type { Plan, SubmissionRow } from '../../src/core/types.js';

/** A small plan for tests: sums, a weighted mean, a min, and ratios over them. */
export const SMALL_PLAN_YAML = `
plan:
  id: test-plan
  title: 测试规划
  baseline_year: 2020
  target_year: 2025
inputs:
  - { id: resident_population, label: 常住人口, unit: 人, aggregate: sum, integer: true, min: 0 }
  - { id: urban_population, label: 城镇常住人口, unit: 人, aggregate: sum, integer: true, min: 0 }
  - { id: community_workers, label: 专职社区工作者数, unit: 人, aggregate: sum, integer: true, min: 0 }
  - { id: urban_income_per_capita, label: 城镇居民人均可支配收入, unit: 元, aggregate: weighted_mean, weight: urban_population }
  - { id: rural_income_per_capita, label: 农村居民人均可支配收入, unit: 元, aggregate: weighted_mean, weight: resident_population - urban_population }
  - { id: min_living_standard, label: 城乡年最低生活保障标准, unit: 元, aggregate: min }
  - { id: future_communities, label: 未来社区数量, unit: 个, aggregate: sum, integer: true, min: 0 }
rules:
  - { id: urban_within_resident, assert: urban_population <= resident_population }
indicators:
  - id: community_workers_per_10k_urban
    no: "17"
    name: 每万城镇常住人口拥有专职社区工作者数量
    name_en: Full-time community workers per 10,000 urban residents
    unit: 人
    formula: community_workers / urban_population * 10000
    baseline: 9.8
    target: { value: 18, comparator: ">=" }
    target_year: 2025
    attribute: expected
    levels: [province, city, county]
  - id: urban_rural_income_ratio
    no: "1"
    name: 城乡居民收入倍差
    name_en: Urban-rural income ratio
    unit: 倍
    formula: urban_income_per_capita / rural_income_per_capita
    baseline: 1.96
    target: { value: 1.9, comparator: "≈", tolerance: 0.05, better: lower }
    target_year: 2025
    attribute: expected
    levels: [province, city, county]
    lever: rural_income_per_capita
  - id: min_living_standard
    no: "3"
    name: 城乡年最低生活保障标准
    name_en: Minimum living allowance standard
    unit: 元
    formula: min_living_standard
    baseline: 9600
    target: { value: 13000, comparator: ">=" }
    target_year: 2025
    attribute: expected
    levels: [province, city, county]
  - id: future_communities
    no: "4"
    name: 未来社区数量
    name_en: Future communities
    unit: 个
    formula: future_communities
    baseline: null
    target: { value: 350, comparator: ">=" }
    target_year: 2025
    attribute: binding
    levels: [province]
    quotas: { "330100": 60 }
`;

export function smallPlan(yaml = SMALL_PLAN_YAML): Plan {
  const { plan, diagnostics } = parsePlanText(yaml, 'test-plan.yaml');
  if (!plan) throw new Error(`test plan invalid: ${JSON.stringify(diagnostics)}`);
  return plan;
}

/** A row from a { field: value } record; fields left out are "not reported". */
export function row(plan: Plan, code: string, year: number, values: Record<string, number>, line = 2): SubmissionRow {
  const array = new Float64Array(plan.inputs.length).fill(Number.NaN);
  for (const [id, value] of Object.entries(values)) {
    const input = plan.inputs.find((i) => i.id === id);
    if (!input) throw new Error(`no input ${id}`);
    array[input.index] = value;
  }
  return { code, year, values: array, source: { file: 'test.csv', line } };
}
