// `explain`: how one region's value of one indicator was computed, in enough detail to redo it by
// hand: the region's aggregated inputs, each input's aggregation rule, the children that
// contributed (with their inputs) and those left out (and why), and the verdict.

import type { EngineResult } from './aggregate.js';
import { evaluate } from './formula.js';
import { judgeOne } from './judge.js';
import { parentCode } from './regions.js';
import type { Aggregation, Coverage, IndicatorInfo, Level, Plan, PlanSummary, Reason, Target, Verdict } from './types.js';

export interface ExplainedInput {
  id: string;
  label: string;
  unit: string;
  aggregate: Aggregation;
  /** For a weighted mean: the weight formula. */
  weight: string | null;
  /** The region's value (aggregated from its children, or its own row). */
  value: number | null;
}

export interface Contributor {
  code: string;
  name: string;
  level: Level | null;
  /** The child's inputs as they entered the sum; null for a village row (folded in as it was read). */
  inputs: Record<string, number> | null;
  /** For weighted means: each child's weight, by the weighted input's id. */
  weights: Record<string, number>;
  /** The child's own value of the indicator. */
  value: number | null;
}

export type LeftOutReason = Reason | { code: 'no_row' } | { code: 'own_row_used' };

export interface LeftOut {
  code: string;
  name: string;
  why: LeftOutReason;
}

export interface Explanation {
  plan: PlanSummary;
  indicator: IndicatorInfo & { formula: string; baseline: number | null; target: Target; target_year: number };
  region: { code: string; name: string; level: Level };
  year: number;
  /** 'reported': the region's own row; 'children': summed from the contributors; null: no value. */
  from: Coverage['from'] | null;
  inputs: ExplainedInput[];
  value: number | null;
  reason: Reason | null;
  coverage: Coverage | null;
  contributors: Contributor[];
  left_out: LeftOut[];
  verdict: Verdict;
}

export interface ExplainRequest {
  indicator: string;
  region: string;
  /** Default: the latest year in the data. */
  year?: number;
}

/** The children the engine expected that year: the data's, and the division list's of that year (each a region, with or without data). */
function knownChildren(engine: EngineResult, code: string, year: number): Map<string, string> {
  const children = new Map<string, string>();
  for (const r of engine.regions) if (r.year === year && parentCode(r.code) === code) children.set(r.code, r.name);
  return children;
}

/**
 * Explains one value. The engine must have been built with keepContributors, or no child is listed.
 */
export function explain(plan: Plan, engine: EngineResult, request: ExplainRequest): Explanation | { error: string } {
  const i = plan.indicators.findIndex((x) => x.id === request.indicator || x.no === request.indicator);
  if (i < 0) return { error: `no indicator "${request.indicator}" in the plan (see planmetrics indicators)` };
  const year = request.year ?? engine.years.at(-1);
  const region = year === undefined ? undefined : engine.get(request.region, year);
  if (!region || year === undefined) return { error: `no data for region ${request.region}${year === undefined ? '' : ` in ${year}`}` };
  const indicator = plan.indicators[i]!;
  const set = engine.setOf(i);
  const setValues = region.sets[set.index]!;
  const fields = set.fields.map((f) => plan.inputs[f]!);
  const inputs = fields.map((input, k): ExplainedInput => ({
    id: input.id,
    label: input.label,
    unit: input.unit,
    aggregate: input.aggregate,
    weight: input.weight?.source ?? null,
    value: setValues.values?.[k] ?? null,
  }));
  const contributorCodes = setValues.coverage?.from === 'children' ? [...(setValues.contributors ?? [])].sort() : [];
  const contributors = contributorCodes.map((code): Contributor => {
    const child = engine.get(code, year);
    const values = child?.sets[set.index]?.values ?? null;
    const lookup = (id: string) => (values ? values[set.position.get(id)!]! : Number.NaN);
    const weights: Record<string, number> = {};
    for (const input of fields) if (input.weight && values) weights[input.id] = evaluate(input.weight, lookup).value ?? 0;
    return {
      code,
      name: child?.name ?? '',
      level: child?.level ?? null,
      inputs: values ? Object.fromEntries(fields.map((f, k) => [f.id, values[k]!])) : null,
      weights,
      value: child?.values[i]?.value ?? null,
    };
  });
  const used = new Set(contributorCodes);
  const ownRow = setValues.coverage?.from === 'reported';
  const left_out = [...knownChildren(engine, region.code, year)]
    .filter(([code]) => !used.has(code))
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([code, name]): LeftOut => {
      if (ownRow) return { code, name, why: { code: 'own_row_used' } };
      const child = engine.get(code, year);
      const reason = child?.sets[set.index]?.reason;
      return { code, name, why: child?.submitted ? (reason ?? { code: 'no_row' }) : { code: 'no_row' } };
    });
  const computed = region.values[i]!;
  return {
    plan: { id: plan.meta.id, title: plan.meta.title, baseline_year: plan.meta.baseline_year, target_year: plan.meta.target_year },
    indicator: {
      id: indicator.id,
      no: indicator.no,
      name: indicator.name,
      name_en: indicator.name_en,
      unit: indicator.unit,
      attribute: indicator.attribute,
      formula: indicator.formula.source,
      baseline: indicator.baseline,
      target: indicator.target,
      target_year: indicator.target_year,
    },
    region: { code: region.code, name: region.name, level: region.level },
    year,
    from: setValues.coverage?.from ?? null,
    inputs,
    value: computed.value,
    reason: computed.reason ?? null,
    coverage: setValues.coverage,
    contributors,
    left_out,
    verdict: judgeOne(plan, engine, region, i),
  };
}
