// Judgement: a value against its target (or the straight line to it), for each region,
// indicator and year. The report carries its own summary so formatters stay dumb.

import type { EngineResult, RegionResult } from './aggregate.js';
import { compileFormula, type CompiledFormula } from './compiled-formula.js';
import { STATUSES, type CheckReport, type Indicator, type Level, type Needed, type Plan, type Status, type Summary, type Target, type Verdict } from './types.js';
import { inputById } from './plan-lookup.js';
import { indicatorInfos, planSummary } from './report-header.js';

export interface Selection {
  /** Years to judge; empty means the latest year in the data. */
  /** 'all': every year in the data; empty or absent: the latest year. */
  years?: number[] | 'all';
  levels?: Level[];
  regions?: string[];
  indicators?: string[];
}

/** Guards comparisons against floating-point noise (18 computed as 17.999999999999996). */
function epsilon(target: number): number {
  return 1e-9 * Math.max(1, Math.abs(target));
}

export function meetsTarget(value: number, target: Target, targetValue = target.value): boolean {
  const eps = epsilon(targetValue);
  switch (target.comparator) {
    case '>=':
      return value >= targetValue - eps;
    case '<=':
      return value <= targetValue + eps;
    case '=':
      return Math.abs(value - targetValue) <= (target.tolerance ?? 0) + eps;
    case '≈': {
      const tolerance = target.tolerance ?? 0;
      if (Math.abs(value - targetValue) <= tolerance + eps) return true;
      return (target.better === 'lower' && value < targetValue) || (target.better === 'higher' && value > targetValue);
    }
  }
}

/** The value the target asks for, at its nearest edge (for "about": the edge of the band). */
function targetEdge(target: Target, targetValue: number, value: number): number {
  if (target.comparator !== '≈' && target.comparator !== '=') return targetValue;
  const tolerance = target.tolerance ?? 0;
  return value > targetValue ? targetValue + tolerance : targetValue - tolerance;
}

/** How far the value is from meeting the target, in the indicator's unit; 0 when met. */
export function gapTo(value: number, target: Target, targetValue = target.value): number {
  if (meetsTarget(value, target, targetValue)) return 0;
  return Math.abs(targetEdge(target, targetValue, value) - value);
}

/** expected(t) = baseline + (target − baseline) × (t − t0) / (T − t0) */
export function straightLine(baseline: number, target: number, baselineYear: number, targetYear: number, year: number): number {
  return baseline + ((target - baseline) * (year - baselineYear)) / (targetYear - baselineYear);
}

function onTrack(value: number, expected: number, baseline: number, targetValue: number): boolean {
  const eps = epsilon(expected);
  return targetValue >= baseline ? value >= expected - eps : value <= expected + eps;
}

const compiledFormulas = new WeakMap<Indicator, { run: CompiledFormula; fields: string[] }>();

/**
 * The indicator's formula compiled over its own fields, once per indicator: the lever is solved
 * for every verdict short of its target (145,000 on a county check), and evaluate() walks the
 * tree with a lookup per field. Same numbers: a compiled formula gives NaN exactly where
 * evaluate() gives no value (compiled-formula.ts).
 */
function compiledFormulaOf(indicator: Indicator): { run: CompiledFormula; fields: string[] } {
  let compiled = compiledFormulas.get(indicator);
  if (!compiled) {
    const { fields } = indicator.formula;
    compiled = { run: compileFormula(indicator.formula, (id) => (fields.includes(id) ? fields.indexOf(id) : undefined)), fields };
    compiledFormulas.set(indicator, compiled);
  }
  return compiled;
}

/**
 * The change in the indicator's lever input that brings the value to `goal`, other inputs fixed.
 * Solved numerically (secant), so it works for any formula, linear in the lever or not.
 */
export function solveLever(
  indicator: Indicator,
  lookup: (id: string) => number,
  lever: string,
  goal: number,
): number | null {
  const current = lookup(lever);
  if (Number.isNaN(current)) return null;
  const { run, fields } = compiledFormulaOf(indicator);
  // Plain loops and assignments here: this runs for every verdict short of its target, mostly
  // before V8 has optimised it, where Float64Array.from and array destructuring go through the
  // iterator protocol and allocate on every step.
  const inputs = new Float64Array(fields.length);
  for (let i = 0; i < fields.length; i++) inputs[i] = lookup(fields[i]!);
  const leverAt = fields.indexOf(lever);
  const valueAt = (x: number): number | null => {
    if (leverAt >= 0) inputs[leverAt] = x;
    const value = run(inputs);
    return Number.isNaN(value) ? null : value;
  };
  let x0 = current;
  let f0 = valueAt(x0);
  let x1 = current + Math.max(1, Math.abs(current) * 0.01);
  let f1 = valueAt(x1);
  for (let i = 0; i < 50 && f0 !== null && f1 !== null; i++) {
    if (Math.abs(f1 - goal) <= epsilon(goal)) return x1 - current;
    if (f1 === f0) return null;
    const next = x1 - ((f1 - goal) * (x1 - x0)) / (f1 - f0);
    if (!Number.isFinite(next)) return null;
    x0 = x1;
    f0 = f1;
    x1 = next;
    f1 = valueAt(next);
  }
  return null;
}

function neededInput(plan: Plan, engine: EngineResult, region: RegionResult, i: number, goal: number): Needed | null {
  const indicator = plan.indicators[i]!;
  const set = engine.setOf(i);
  const values = region.sets[set.index]?.values;
  if (!values) return null;
  const lever = indicator.lever ?? indicator.formula.fields[0]!;
  const lookup = (id: string): number => {
    const at = set.position.get(id);
    return at === undefined ? Number.NaN : values[at]!;
  };
  const change = solveLever(indicator, lookup, lever, goal);
  if (change === null) return null;
  const input = inputById(plan, lever)!;
  const amount = input.integer ? (change > 0 ? Math.ceil(change - 1e-9) : Math.floor(change + 1e-9)) : change;
  return { field: lever, amount };
}

function baselineFor(plan: Plan, engine: EngineResult, region: RegionResult, i: number, quota: number | undefined): Pick<Verdict, 'baseline' | 'baseline_source'> {
  const own = engine.get(region.code, plan.meta.baseline_year)?.values[i]?.value ?? null;
  if (own !== null) return { baseline: own, baseline_source: 'region' };
  const planBaseline = plan.indicators[i]!.baseline;
  // The plan's baseline is a province-wide figure: a fair yardstick for a ratio anywhere, but not
  // for a region's share of a count, which is why a quota'd region needs its own baseline row.
  if (planBaseline !== null && quota === undefined) return { baseline: planBaseline, baseline_source: 'plan' };
  return { baseline: null, baseline_source: null };
}

type VerdictBase = Omit<Verdict, 'status' | 'reason'>;

/**
 * The verdict: the base with its status, then any changed fields and the reason, in place. Every
 * verdict gets the same field order (that of spreading `{ ...base, status, ... }`), and one or
 * two shapes in all: copying a 20-field object per verdict left 145,000 county verdicts in slow
 * shapes that every formatter then read field by field.
 */
function settle(base: VerdictBase, status: Status, changes: Partial<Pick<Verdict, 'expected' | 'gap' | 'needed' | 'reason'>>): Verdict {
  return Object.assign(base, { status }, changes);
}

export function judgeOne(plan: Plan, engine: EngineResult, region: RegionResult, i: number): Verdict {
  const indicator = plan.indicators[i]!;
  const computed = region.values[i]!;
  const quota = indicator.quotas[region.code];
  const target = quota ?? indicator.target.value;
  const { baseline, baseline_source } = baselineFor(plan, engine, region, i, quota);
  const base: VerdictBase = {
    region_code: region.code,
    region_name: region.name,
    level: region.level,
    year: region.year,
    indicator: indicator.id,
    no: indicator.no,
    value: computed.value,
    baseline,
    baseline_source,
    target,
    comparator: indicator.target.comparator,
    target_source: quota === undefined ? ('plan' as const) : ('quota' as const),
    target_year: indicator.target_year,
    expected: null,
    attribute: indicator.attribute,
    gap: null,
    needed: null,
    coverage: computed.coverage,
  };
  if (quota === undefined && !indicator.levels.includes(region.level)) {
    return settle(base, 'not_applicable', { reason: { code: 'not_judged_at_level', level: region.level } });
  }
  const value = computed.value;
  if (value === null) return settle(base, 'no_data', { reason: computed.reason });
  const gap = gapTo(value, indicator.target, target);
  if (gap === 0) return settle(base, 'met', { gap: 0 });
  const needed = neededInput(plan, engine, region, i, targetEdge(indicator.target, target, value));
  if (region.year >= indicator.target_year) return settle(base, 'not_met', { gap, needed });
  if (base.baseline === null) return settle(base, 'no_data', { gap, needed, reason: { code: 'no_baseline' } });
  const expected = straightLine(base.baseline, target, plan.meta.baseline_year, indicator.target_year, region.year);
  const status = onTrack(value, expected, base.baseline, target) ? 'on_track' : 'off_track';
  return settle(base, status, { expected, gap, needed });
}

export function summarize(verdicts: readonly Verdict[]): Summary {
  const summary = Object.fromEntries(STATUSES.map((s) => [s, 0])) as Record<Status, number>;
  for (const v of verdicts) summary[v.status]++;
  return summary;
}

export function selectYears(engine: EngineResult, years: number[] | 'all' | undefined): number[] {
  if (years === 'all') return engine.years;
  if (years && years.length > 0) return years;
  const latest = engine.years.at(-1);
  return latest === undefined ? [] : [latest];
}

export function selectRegions(engine: EngineResult, selection: Selection): RegionResult[] {
  const years = new Set(selectYears(engine, selection.years));
  const regions = selection.regions && selection.regions.length > 0 ? new Set(selection.regions) : null;
  const levels = selection.levels && selection.levels.length > 0 ? new Set(selection.levels) : null;
  return engine.regionsWhere((r) => years.has(r.year) && (!levels || levels.has(r.level)) && (!regions || regions.has(r.code)));
}

export function selectIndicators(plan: Plan, ids: string[] | undefined): number[] {
  const wanted = ids && ids.length > 0 ? new Set(ids) : null;
  return plan.indicators.flatMap((indicator, i) => (!wanted || wanted.has(indicator.id) || wanted.has(indicator.no) ? [i] : []));
}

/** Judges every selected region and indicator. Order: plan's indicator order, then year, then region code. */
export function judge(plan: Plan, engine: EngineResult, selection: Selection = {}): CheckReport {
  const regions = selectRegions(engine, selection);
  // A verdict short of its target solves for its lever from the region's input sets (neededInput),
  // so nearly every judged region needs them. Asked for first, they are worked out once, and the
  // region's values come from them; asked for after the values, both passes run.
  for (const region of regions) void region.sets;
  const indicatorIndexes = selectIndicators(plan, selection.indicators);
  const results = indicatorIndexes.flatMap((i) => regions.map((region) => judgeOne(plan, engine, region, i)));
  const years = selectYears(engine, selection.years);
  return {
    plan: planSummary(plan),
    indicators: indicatorInfos(plan, indicatorIndexes),
    year: years.length === 1 ? years[0]! : null,
    results,
    summary: summarize(results),
  };
}
