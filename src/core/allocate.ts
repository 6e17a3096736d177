// Target allocation (逐级分解): a count target split among a region's children in proportion to an
// input, with largest-remainder rounding so the whole-number parts add up exactly to the target.

import type { EngineResult } from './aggregate.js';
import { isWithin } from './whatif.js';
import type { IndicatorInfo, Level, Plan, PlanSummary } from './types.js';

export interface AllocationShare {
  code: string;
  name: string;
  /** The child's value of the `by` input. */
  weight: number;
  /** target × weight / Σ weight, before rounding. */
  exact: number;
  quota: number;
}

export interface AllocationReport {
  plan: PlanSummary;
  indicator: IndicatorInfo & { target_year: number };
  /** The input the target is split by. */
  by: string;
  year: number;
  parent: { code: string; name: string };
  level: Level;
  /** What is split: the parent's quota, or the plan's target. */
  total: number;
  shares: AllocationShare[];
  /** Children expected (in the data or the division list) that get no share, and why. */
  left_out: { code: string; name: string; reason: 'not_reported' | 'no_row' }[];
}

/**
 * Whole numbers proportional to `weights` that add up to `total` exactly (Hamilton's method):
 * everyone gets the whole part of their exact share, and the units left over go to the largest
 * fractions (ties: the larger weight, then the earlier entry).
 */
export function largestRemainder(total: number, weights: readonly number[]): number[] {
  const sum = weights.reduce((s, w) => s + w, 0);
  const exact = weights.map((w) => (total * w) / sum);
  // The epsilon keeps 2.9999999999996 (float noise for an exact 3) from losing a unit.
  const parts = exact.map((x) => Math.floor(x + 1e-9));
  let left = total - parts.reduce((s, p) => s + p, 0);
  const order = exact
    .map((x, i) => ({ i, fraction: x - parts[i]! }))
    .sort((a, b) => b.fraction - a.fraction || weights[b.i]! - weights[a.i]! || a.i - b.i);
  for (const { i } of order) {
    if (left <= 0) break;
    parts[i]!++;
    left--;
  }
  return parts;
}

export interface AllocationRequest {
  indicator: string;
  by: string;
  year: number;
  level: Level;
  /** The region whose target is split; default: the province in the data. */
  parent?: string;
}

function countInput(plan: Plan, indicatorIndex: number): string | null {
  const indicator = plan.indicators[indicatorIndex]!;
  const fields = indicator.formula.fields;
  if (fields.length !== 1 || indicator.formula.ast.kind !== 'field') return null;
  const input = plan.inputs.find((i) => i.id === fields[0]);
  return input?.aggregate === 'sum' ? input.id : null;
}

/**
 * Splits the parent's target. `fields` is an engine over the plan's inputs themselves (whatif's
 * fieldPlan), holding the `by` input aggregated for every region.
 */
export function allocate(plan: Plan, fields: EngineResult, fieldIndex: number, request: AllocationRequest): AllocationReport | { error: string } {
  const i = plan.indicators.findIndex((x) => x.id === request.indicator || x.no === request.indicator);
  if (i < 0) return { error: `--allocate: no indicator "${request.indicator}" in the plan (see planmetrics indicators)` };
  const indicator = plan.indicators[i]!;
  if (countInput(plan, i) === null) return { error: `--allocate splits a count target (an indicator that is one summed input); ${indicator.id} is ${indicator.formula.source}` };
  const parentCode = request.parent ?? fields.regions.find((r) => r.level === 'province' && r.year === request.year)?.code;
  if (!parentCode) return { error: `--allocate: no province in the data for ${request.year}` };
  const total = indicator.quotas[parentCode] ?? indicator.target.value;
  if (!Number.isInteger(total) || total < 0) return { error: `--allocate splits a whole-number target; ${indicator.id}'s is ${total}` };
  const children = fields.regions.filter((r) => r.year === request.year && r.level === request.level && r.submitted && r.code !== parentCode && isWithin(r.code, parentCode));
  const reporting = children.filter((r) => r.values[fieldIndex]?.value != null && r.values[fieldIndex]!.value! >= 0);
  const weights = reporting.map((r) => r.values[fieldIndex]!.value!);
  if (reporting.length === 0 || weights.every((w) => w === 0)) return { error: `--allocate: no ${request.level} in ${parentCode} reports ${request.by} for ${request.year}` };
  const sum = weights.reduce((s, w) => s + w, 0);
  const quotas = largestRemainder(total, weights);
  const seen = new Set(children.map((r) => r.code));
  const fromDivisions = (plan.divisions ?? []).filter((d) => d.level === request.level && isWithin(d.code, parentCode) && !seen.has(d.code));
  const parent = fields.get(parentCode, request.year);
  return {
    plan: { id: plan.meta.id, title: plan.meta.title, baseline_year: plan.meta.baseline_year, target_year: plan.meta.target_year },
    indicator: { id: indicator.id, no: indicator.no, name: indicator.name, name_en: indicator.name_en, unit: indicator.unit, attribute: indicator.attribute, target_year: indicator.target_year },
    by: request.by,
    year: request.year,
    parent: { code: parentCode, name: parent?.name ?? '' },
    level: request.level,
    total,
    shares: reporting.map((r, k) => ({ code: r.code, name: r.name, weight: weights[k]!, exact: (total * weights[k]!) / sum, quota: quotas[k]! })),
    left_out: [
      ...children.filter((r) => !reporting.includes(r)).map((r) => ({ code: r.code, name: r.name, reason: 'not_reported' as const })),
      ...fromDivisions.map((d) => ({ code: d.code, name: d.name, reason: 'no_row' as const })),
    ].sort((a, b) => a.code.localeCompare(b.code)),
  };
}
