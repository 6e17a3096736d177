// `project`: for each region and indicator, the verdict `check` gives, the trajectory to the target
// year, what closing the gap takes in inputs, and the same under each what-if scenario.
//
// Every value and verdict here comes from RegionEngine and judgeOne, the path `check` uses; a
// scenario is just another engine fed with changed rows (see whatif.ts).

import type { EngineResult, RegionResult } from './aggregate.js';
import { baselineOf, sameTerritoryIn } from './baseline.js';
import { evaluate } from './formula.js';
import { gapTo, judgeOne, selectIndicators, selectRegions, solveLever, type Selection } from './judge.js';
import { projectSeries, PROGRESS_CLASSES, trajectory, type Point, type ProgressClass, type Trajectory } from './trajectory.js';
import { STATUSES, type IndicatorInfo, type Needed, type Plan, type PlanSummary, type Reason, type Status, type Summary, type Verdict } from './types.js';
import type { Change, ScenarioNote } from './whatif.js';
import { indicatorInfos, planSummary } from './report-header.js';

/** Why a row has no trajectory: the value's own reason, no baseline, or nothing after the baseline year. */
export type NoTrajectory = Reason | { code: 'no_later_year' };

/** The lever input the target needs in the target year with the formula's other inputs carried forward at their own pace. */
export interface NeededAtTrend extends Needed {
  /** The lever's value that meets the target. */
  total: number;
  /** The other inputs as projected to the target year. */
  assumed: { field: string; value: number }[];
}

export interface ScenarioOutcome {
  value: number | null;
  status: Status;
  gap: number | null;
  needed: Needed | null;
  projected: number | null;
  progress: ProgressClass | null;
}

export interface ProjectRow {
  /** The baseline case, exactly as `check` judges it. */
  verdict: Verdict;
  trajectory: Trajectory | null;
  no_trajectory: NoTrajectory | null;
  needed_at_trend: NeededAtTrend | null;
  /** One per report scenario, in the same order. */
  scenarios: ScenarioOutcome[];
}

export interface ScenarioInfo {
  name: string;
  changes: Change[];
  notes: ScenarioNote[];
}

export interface ProjectReport {
  plan: PlanSummary;
  indicators: IndicatorInfo[];
  year: number | null;
  scenarios: ScenarioInfo[];
  rows: ProjectRow[];
  /** Progress classes of the baseline case; rows without a trajectory are counted apart. */
  summary: Record<ProgressClass, number> & { no_trajectory: number };
  /** check's status counts under each scenario, in scenario order. */
  scenario_summaries: Summary[];
}

export interface ScenarioRun {
  info: ScenarioInfo;
  engine: EngineResult;
}

export interface ProjectSelection extends Omit<Selection, 'years'> {
  /** The year looked from; default: the latest year in the data. */
  year?: number;
}

/** A region's points after the baseline year up to `year`, on its territory of `year` (a rename followed, nothing before a break). */
function seriesOf(plan: Plan, engine: EngineResult, now: RegionResult, read: (region: RegionResult) => number | null): Point[] {
  return engine.years
    .filter((y) => y > plan.meta.baseline_year && y <= now.year)
    .flatMap((y) => {
      const region = sameTerritoryIn(plan, engine, now, y).region;
      const value = region ? read(region) : null;
      return value === null ? [] : [{ year: y, value }];
    });
}

/** The trajectory of the value judged in `verdict`, from the same baseline `check` used. */
export function trajectoryFor(plan: Plan, engine: EngineResult, verdict: Verdict, i: number): { trajectory: Trajectory } | { reason: NoTrajectory } {
  if (verdict.value === null) return { reason: verdict.reason ?? { code: 'missing_input', field: plan.indicators[i]!.formula.fields[0]! } };
  // A value from too few children is no point to draw a line from.
  if (verdict.reason?.code === 'incomplete') return { reason: verdict.reason };
  const now = engine.get(verdict.region_code, verdict.year);
  if (verdict.baseline === null) {
    const brokenIn = now ? baselineOf(plan, engine, now).brokenIn : null;
    return { reason: brokenIn === null ? { code: 'no_baseline' } : { code: 'series_break', year: brokenIn } };
  }
  if (verdict.year <= plan.meta.baseline_year || !now) return { reason: { code: 'no_later_year' } };
  const observations = seriesOf(plan, engine, now, (r) => r.values[i]?.value ?? null);
  return {
    trajectory: trajectory({
      baseline: { year: plan.meta.baseline_year, value: verdict.baseline },
      ownBaseline: verdict.baseline_source === 'region',
      observations,
      target: plan.indicators[i]!.target,
      targetValue: verdict.target,
      targetYear: verdict.target_year,
    }),
  };
}

function wholeIfCount(plan: Plan, field: string, change: number): number {
  if (!plan.inputs.find((f) => f.id === field)?.integer) return change;
  return change > 0 ? Math.ceil(change - 1e-9) : Math.floor(change + 1e-9);
}

/**
 * For a ratio: the lever input needed in the target year when the formula's other inputs (a
 * per-capita ratio's population, say) keep moving at their own pace until then.
 */
export function neededAtTrend(plan: Plan, engine: EngineResult, verdict: Verdict, i: number): NeededAtTrend | null {
  const indicator = plan.indicators[i]!;
  const lever = indicator.lever ?? indicator.formula.fields[0]!;
  const others = indicator.formula.fields.filter((f) => f !== lever);
  if (others.length === 0 || verdict.value === null || verdict.reason?.code === 'incomplete' || verdict.year >= verdict.target_year) return null;
  const set = engine.setOf(i);
  const read = (field: string) => (region: RegionResult) => region.sets[set.index]?.values?.[set.position.get(field)!] ?? null;
  const current = engine.get(verdict.region_code, verdict.year);
  const leverNow = current ? read(lever)(current) : null;
  if (leverNow === null) return null;
  const assumed = others.map((field) => {
    const series = seriesOf(plan, engine, current!, read(field));
    const base = baselineOf(plan, engine, current!).region;
    const baseValue = base ? read(field)(base) : null;
    const points = baseValue === null ? series : [{ year: plan.meta.baseline_year, value: baseValue }, ...series];
    return { field, value: projectSeries(points, verdict.target_year) };
  });
  const lookup = (id: string): number => (id === lever ? leverNow : (assumed.find((a) => a.field === id)?.value ?? Number.NaN));
  const projectedValue = evaluate(indicator.formula, lookup).value;
  if (projectedValue === null) return null;
  const gap = gapTo(projectedValue, indicator.target, verdict.target);
  const goal = projectedValue < verdict.target ? projectedValue + gap : projectedValue - gap;
  const change = gap === 0 ? 0 : solveLever(indicator, lookup, lever, goal);
  if (change === null) return null;
  const amount = wholeIfCount(plan, lever, change);
  return { field: lever, amount, total: leverNow + amount, assumed };
}

function outcome(plan: Plan, engine: EngineResult, code: string, year: number, i: number, minCoverage: number | undefined): ScenarioOutcome {
  const region = engine.get(code, year);
  if (!region) return { value: null, status: 'no_data', gap: null, needed: null, projected: null, progress: null };
  const verdict = judgeOne(plan, engine, region, i, minCoverage);
  const path = trajectoryFor(plan, engine, verdict, i);
  const t = 'trajectory' in path ? path.trajectory : null;
  return { value: verdict.value, status: verdict.status, gap: verdict.gap, needed: verdict.needed, projected: t?.projected ?? null, progress: t?.progress ?? null };
}

function countStatuses(statuses: readonly Status[]): Summary {
  const summary = Object.fromEntries(STATUSES.map((s) => [s, 0])) as Summary;
  for (const status of statuses) summary[status]++;
  return summary;
}

export function projectReport(plan: Plan, engine: EngineResult, scenarios: readonly ScenarioRun[], selection: ProjectSelection = {}): ProjectReport {
  const year = selection.year ?? engine.years.at(-1) ?? null;
  const regions = year === null ? [] : selectRegions(engine, { years: [year], levels: selection.levels, regions: selection.regions });
  const indicatorIndexes = selectIndicators(plan, selection.indicators);
  const rows: ProjectRow[] = [];
  for (const i of indicatorIndexes) {
    for (const region of regions) {
      const verdict = judgeOne(plan, engine, region, i, selection.minCoverage);
      if (verdict.status === 'not_applicable') continue;
      const path = trajectoryFor(plan, engine, verdict, i);
      rows.push({
        verdict,
        trajectory: 'trajectory' in path ? path.trajectory : null,
        no_trajectory: 'reason' in path ? path.reason : null,
        needed_at_trend: neededAtTrend(plan, engine, verdict, i),
        scenarios: scenarios.map((s) => outcome(plan, s.engine, region.code, region.year, i, selection.minCoverage)),
      });
    }
  }
  const summary = Object.fromEntries([...PROGRESS_CLASSES, 'no_trajectory'].map((c) => [c, 0])) as ProjectReport['summary'];
  for (const row of rows) summary[row.trajectory?.progress ?? 'no_trajectory']++;
  return {
    plan: planSummary(plan),
    indicators: indicatorInfos(plan, indicatorIndexes),
    year,
    scenarios: scenarios.map((s) => s.info),
    rows,
    summary,
    scenario_summaries: scenarios.map((_, s) => countStatuses(rows.map((row) => row.scenarios[s]!.status))),
  };
}
