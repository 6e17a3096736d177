// `planmetrics init --province CODE`: a starter plan for a province, which `validate --plan`
// accepts as it stands: the shortest path from a plan's text to a working YAML.

import { builtInDivisions } from '../io/read-divisions.js';
import { usageError } from './options.js';
import type { CommandResult } from './result.js';

export interface InitOptions {
  province?: string;
  baseline?: string;
  target?: string;
}

function year(text: string | undefined, fallback: number, option: string): number {
  if (text === undefined) return fallback;
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1900 || value > 2200) throw usageError('init_year', { option, value: text });
  return value;
}

/** The starter plan's YAML for a province of the built-in list. */
export function starterPlan(province: string, name: string, cities: number, baselineYear: number, targetYear: number): string {
  const prefix = province.slice(0, 2);
  return `# yaml-language-server: $schema=plan.schema.json
# (completion in editors: write the schema beside this file with \`planmetrics schema -o plan.schema.json\`)
# A starter plan for ${name} (${province}), written by \`planmetrics init\`. It validates as it stands:
#   planmetrics validate --plan THIS_FILE
# Replace the example input, indicator and rule with the plan's own, one indicator of its table
# at a time; \`planmetrics schema\` prints every key this file may use.

plan:
  id: p${prefix}-plan-${baselineYear + 1}-${targetYear}     # any short id; it is printed on reports
  title: ${name}规划（${baselineYear + 1}–${targetYear}）     # the plan's own title
  baseline_year: ${baselineYear}        # the year of the plan's "现状" column
  target_year: ${targetYear}          # the year its targets are due
  period: { from: ${baselineYear + 1}, to: ${targetYear} }   # years a submission may carry (the baseline year is accepted too)
  # The plan's regions: the built-in division list of these provinces is used (${name}: ${cities}
  # prefecture-level units and their counties, with codes that changed and when).
  regions: [${province}]
  # divisions: my-divisions.csv   # or your own list (code,name,level,parent_code or 行政区划代码,名称,级别,上级代码)

# What a region reports: one column each in a submission CSV (id or Chinese label as header).
inputs:
  - id: urban_population
    label: 城镇常住人口
    unit: 人
    aggregate: sum          # sum | weighted_mean (with weight:) | min | max: how children add up to a parent
    integer: true
    min: 0
  - id: community_workers
    label: 城市社区工作者数
    unit: 人
    aggregate: sum
    integer: true
    min: 0

# Checks on each row; a row that breaks one is an error in \`validate\`. Operators: <= >= < > =, or "in [a, b]".
rules:
  - id: workers_within_population
    assert: community_workers <= urban_population

# The plan's targets. A ratio is computed from summed inputs (a ratio of sums), never averaged.
indicators:
  - id: community_workers_per_10k_urban
    no: "1"                  # its number in the plan's table
    name: 每万城镇常住人口拥有社区工作者数
    name_en: Community workers per 10,000 urban residents
    unit: 人
    formula: community_workers / urban_population * 10000
    baseline: null           # the plan's ${baselineYear} value, or null when it gives none
    target: { value: 18, comparator: ">" }   # comparator: >= <= > < = or ≈ (with tolerance:); ≥ ≤ ＞ ＜ also read
    target_year: ${targetYear}
    attribute: expected      # binding (约束性) or expected (预期性)
    levels: [province, city, county]   # the levels it is judged at
`;
}

export async function runInit(options: InitOptions): Promise<CommandResult> {
  const code = options.province?.trim() ?? '';
  // A province code: its ~100 rows only; a name: every row, to find it.
  const divisions = builtInDivisions(/^\d{2}0000$/.test(code) ? new Set([code]) : undefined);
  const provinces = divisions.filter((d) => d.level === 'province');
  const province = provinces.find((d) => d.code === code || d.name === code);
  if (!province) {
    throw usageError('init_province', { value: code });
  }
  const baseline = year(options.baseline, 2020, '--baseline');
  const target = year(options.target, 2025, '--target');
  if (target <= baseline) throw usageError('init_years_order', { target, baseline });
  const cities = divisions.filter((d) => d.parent_code === province.code && d.level === 'city').length;
  return { output: starterPlan(province.code, province.name, cities, baseline, target), exitCode: 0, warnings: [] };
}
