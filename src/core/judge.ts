// Judgement: a value against its target (or the straight line to it), for each region,
// indicator and year. The report carries its own summary so formatters stay dumb.

import type { EngineResult, RegionResult } from './aggregate.js';
import { baselineOf, type Earlier } from './baseline.js';
import { incompleteReason } from './coverage.js';
import { compileFormula, type CompiledFormula } from './compiled-formula.js';
import { STATUSES, type CheckReport, type Indicator, type IndicatorValue, type Level, type Needed, type Plan, type Reason, type Status, type Summary, type Target, type Verdict } from './types.js';
import { inputById } from './plan-lookup.js';
import { indicatorInfos, planSummary } from './report-header.js';
import { NeededChange, NO_BASELINE, NOT_JUDGED_AT_LEVEL } from './values.js';

export interface Selection {
  /** Years to judge; empty means the latest year in the data. */
  /** 'all': every year in the data; empty or absent: the latest year. */
  years?: number[] | 'all';
  levels?: Level[];
  regions?: string[];
  indicators?: string[];
  /** The share of its expected children a region built from them needs to be judged (default 1: all). */
  minCoverage?: number;
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
    case '>':
      return value > targetValue + eps;
    case '<':
      return value < targetValue - eps;
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
  const { run, fields } = compiledFormulaOf(indicator);
  const inputs = new Float64Array(fields.length);
  for (let i = 0; i < fields.length; i++) inputs[i] = lookup(fields[i]!);
  return solveCompiled(run, inputs, fields.indexOf(lever), lookup(lever), goal);
}

/**
 * solveLever on the formula's inputs in hand (`inputs`, the lever's at `leverAt`, or -1 when the
 * formula does not read it); `inputs` is changed. Plain loops and assignments: this runs for every
 * verdict short of its target, mostly before V8 has optimised it.
 */
function solveCompiled(run: CompiledFormula, inputs: Float64Array, leverAt: number, current: number, goal: number): number | null {
  if (Number.isNaN(current)) return null;
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

/**
 * What every verdict on one indicator shares, worked out once per indicator: a check judges each
 * indicator for every region (145,000 verdicts on a county check), and the lever's place in the
 * region's input set, the formula and the rest do not change from one region to the next.
 */
interface IndicatorJudging {
  plan: Plan;
  engine: EngineResult;
  i: number;
  indicator: Indicator;
  /** The region's input set that holds the formula's inputs, and where each of them is in it (-1: not there). */
  set: number;
  fieldAt: Int32Array;
  leverAt: number;
  /** The lever's place in the set (-1: not there). */
  leverInSet: number;
  leverIsCount: boolean;
  run: CompiledFormula;
  lever: string;
  minCoverage: number | undefined;
  /** Scratch for every verdict on the indicator: the region's set, and the formula's inputs. */
  setValues: Float64Array;
  inputs: Float64Array;
}

function judgingOf(plan: Plan, engine: EngineResult, i: number, minCoverage?: number): IndicatorJudging {
  const indicator = plan.indicators[i]!;
  const { run, fields } = compiledFormulaOf(indicator);
  const set = engine.setOf(i);
  const lever = indicator.lever ?? indicator.formula.fields[0]!;
  const positionOf = (id: string): number => set.position.get(id) ?? -1;
  return {
    plan,
    engine,
    i,
    indicator,
    set: set.index,
    fieldAt: Int32Array.from(fields, positionOf),
    leverAt: fields.indexOf(lever),
    leverInSet: positionOf(lever),
    leverIsCount: inputById(plan, lever)?.integer === true,
    run,
    lever,
    minCoverage,
    setValues: new Float64Array(set.fields.length),
    inputs: new Float64Array(fields.length),
  };
}

function neededInput(judging: IndicatorJudging, region: RegionResult, goal: number): Needed | null {
  const values = judging.engine.setValuesOf(region, judging.set, judging.setValues).values;
  if (!values) return null;
  const { fieldAt, leverInSet, inputs } = judging;
  for (let k = 0; k < fieldAt.length; k++) inputs[k] = fieldAt[k]! < 0 ? Number.NaN : values[fieldAt[k]!]!;
  const current = leverInSet < 0 ? Number.NaN : values[leverInSet]!;
  const change = solveCompiled(judging.run, inputs, judging.leverAt, current, goal);
  if (change === null) return null;
  const amount = judging.leverIsCount ? (change > 0 ? Math.ceil(change - 1e-9) : Math.floor(change + 1e-9)) : change;
  return new NeededChange(judging.lever, amount);
}

/**
 * A verdict. Made by a constructor, not a literal (values.ts says why); every verdict has the same
 * fields in the same order (a reason, when there is one, comes last), so that 145,000 county
 * verdicts share one or two shapes that every formatter reads quickly. The fields are declared
 * once, by Verdict, which the interface of the same name merges in.
 */
interface JudgedVerdict extends Verdict {}
class JudgedVerdict {
  constructor(
    indicator: Indicator,
    region: RegionResult,
    computed: IndicatorValue,
    baseline: number | null,
    baselineSource: Verdict['baseline_source'],
    quota: number | undefined,
    status: Status,
    expected: number | null,
    gap: number | null,
    needed: Needed | null,
    reason?: Reason,
  ) {
    this.region_code = region.code;
    this.region_name = region.name;
    this.level = region.level;
    this.year = region.year;
    this.indicator = indicator.id;
    this.no = indicator.no;
    this.value = computed.value;
    this.baseline = baseline;
    this.baseline_source = baselineSource;
    this.target = quota ?? indicator.target.value;
    this.comparator = indicator.target.comparator;
    this.target_source = quota === undefined ? 'plan' : 'quota';
    this.target_year = indicator.target_year;
    this.expected = expected;
    this.attribute = indicator.attribute;
    this.gap = gap;
    this.needed = needed;
    this.coverage = computed.coverage;
    this.status = status;
    if (reason !== undefined) this.reason = reason;
  }
}

/** `earlier`: the region's figures in the plan's baseline year, on the same territory (baseline.ts). */
function judgeWith(judging: IndicatorJudging, region: RegionResult, earlier: Earlier): Verdict {
  const { plan, engine, indicator, i } = judging;
  // Worked out per verdict and let go: a judged region keeps none of its results.
  const computed = engine.valueOf(region, i);
  const quota = indicator.quotas[region.code];
  const target = quota ?? indicator.target.value;
  // The plan's baseline is a province-wide figure: a fair yardstick for a ratio anywhere, but not
  // for a region's share of a count, which is why a quota'd region needs its own baseline row.
  const own = earlier.region ? engine.valueOf(earlier.region, i).value : null;
  const baseline = own ?? (quota === undefined && earlier.brokenIn === null ? indicator.baseline : null);
  const source = own !== null ? 'region' : baseline !== null ? 'plan' : null;
  const settle = (status: Status, expected: number | null, gap: number | null, needed: Needed | null, reason?: Reason): Verdict =>
    new JudgedVerdict(indicator, region, computed, baseline, source, quota, status, expected, gap, needed, reason);
  if (quota === undefined && !indicator.levels.includes(region.level)) {
    return settle('not_applicable', null, null, null, NOT_JUDGED_AT_LEVEL[region.level]);
  }
  const value = computed.value;
  if (value === null) return settle('no_data', null, null, null, computed.reason);
  const incomplete = incompleteReason(computed.coverage, judging.minCoverage);
  if (incomplete) return settle('no_data', null, null, null, incomplete);
  const gap = gapTo(value, indicator.target, target);
  if (meetsTarget(value, indicator.target, target)) return settle('met', null, 0, null);
  const needed = neededInput(judging, region, targetEdge(indicator.target, target, value));
  if (region.year >= indicator.target_year) return settle('not_met', null, gap, needed);
  if (baseline === null) return settle('no_data', null, gap, needed, earlier.brokenIn === null ? NO_BASELINE : { code: 'series_break', year: earlier.brokenIn });
  const expected = straightLine(baseline, target, plan.meta.baseline_year, indicator.target_year, region.year);
  return settle(onTrack(value, expected, baseline, target) ? 'on_track' : 'off_track', expected, gap, needed);
}

export function judgeOne(plan: Plan, engine: EngineResult, region: RegionResult, i: number, minCoverage?: number): Verdict {
  return judgeWith(judgingOf(plan, engine, i, minCoverage), region, baselineOf(plan, engine, region));
}

function emptySummary(): Summary {
  return Object.fromEntries(STATUSES.map((s) => [s, 0])) as Record<Status, number>;
}

export function summarize(verdicts: Iterable<Verdict>): Summary {
  const summary = emptySummary();
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

/**
 * A check report whose verdicts are made as they are read: each reading of `results` judges
 * again, so a report on 650,000 villages never holds its millions of verdicts at once. `summary`
 * counts a reading (a counting pass when none has finished). A CheckReport is one too.
 */
export interface CheckStream {
  plan: CheckReport['plan'];
  indicators: CheckReport['indicators'];
  year: number | null;
  results: Iterable<Verdict>;
  readonly summary: Summary;
}

const NO_EARLIER: Earlier = Object.freeze({ region: undefined, brokenIn: null });

/** Judges every selected region and indicator lazily. Order: plan's indicator order, then year, then region code. */
export function judgeStream(plan: Plan, engine: EngineResult, selection: Selection = {}): CheckStream {
  const regions = selectRegions(engine, selection);
  const indicatorIndexes = selectIndicators(plan, selection.indicators);
  let counted: Summary | null = null;
  function* verdicts(): Generator<Verdict> {
    // One per region: those with no baseline region and no break (most, below counties) share one.
    const baselineRegions = regions.map((region) => {
      const earlier = baselineOf(plan, engine, region);
      return earlier.region === undefined && earlier.brokenIn === null ? NO_EARLIER : earlier;
    });
    const summary = emptySummary();
    for (const i of indicatorIndexes) {
      const judging = judgingOf(plan, engine, i, selection.minCoverage);
      for (let r = 0; r < regions.length; r++) {
        const verdict = judgeWith(judging, regions[r]!, baselineRegions[r]!);
        summary[verdict.status]++;
        yield verdict;
      }
    }
    counted = summary;
  }
  const years = selectYears(engine, selection.years);
  return {
    plan: planSummary(plan),
    indicators: indicatorInfos(plan, indicatorIndexes),
    year: years.length === 1 ? years[0]! : null,
    results: { [Symbol.iterator]: verdicts },
    get summary(): Summary {
      if (counted === null) for (const _ of verdicts());
      return counted!;
    },
  };
}

/** Judges every selected region and indicator, every verdict kept (see judgeStream). */
export function judge(plan: Plan, engine: EngineResult, selection: Selection = {}): CheckReport {
  const stream = judgeStream(plan, engine, selection);
  const results = [...stream.results];
  return { plan: stream.plan, indicators: stream.indicators, year: stream.year, results, summary: summarize(results) };
}
