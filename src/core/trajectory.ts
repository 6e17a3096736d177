// Trajectories: where a value is heading at its own pace, and whether that pace reaches the target.
//
// The progress class is the Eurostat method as published by Statistics Canada and Open SDG:
// R = CAGR_a / |CAGR_r| (sign flipped for a decrease target), ≥0.95 on track, 0.60–0.95 progress
// but acceleration needed, 0–0.60 limited progress, <0 deterioration; "target achieved" first.
//
// The actual pace is a least-squares trend over every point from the baseline to "now", fitted on
// log values: that is the constant-growth model CAGR itself assumes, so with exactly two points it
// gives the end-point CAGR, and with more it uses all of them instead of letting one noisy end
// decide. Where growth rates have no meaning (a zero or negative value or target, a target equal
// to the baseline) or the region has only one observation of its own, the straight-line method
// (units per year) is used instead, and the trajectory says so.

import { gapTo, meetsTarget, straightLine } from './judge.js';
import type { Target } from './types.js';

export interface Point {
  year: number;
  value: number;
}

export type ProgressClass = 'target_achieved' | 'on_track' | 'acceleration_needed' | 'limited_progress' | 'deterioration';
export const PROGRESS_CLASSES: readonly ProgressClass[] = ['target_achieved', 'on_track', 'acceleration_needed', 'limited_progress', 'deterioration'];

/** Why the straight-line method was used instead of growth rates. */
export type LinearReason = 'baseline_not_positive' | 'value_not_positive' | 'target_not_positive' | 'target_equals_baseline' | 'single_observation';

/** Thresholds on R (Eurostat / Statistics Canada / Open SDG). */
export const ON_TRACK_RATIO = 0.95;
export const ACCELERATION_RATIO = 0.6;

/** Beyond this many years from now, "reached at this pace" is reported as not at this pace. */
const HORIZON_YEARS = 100;

export interface TrajectoryInput {
  /** (t0, x0): the region's own value in the baseline year, or the plan's baseline. */
  baseline: Point;
  /** Whether the baseline is the region's own observation (it then counts as a data point). */
  ownBaseline: boolean;
  /** The region's values after the baseline year, ascending; the last one is "now". */
  observations: Point[];
  target: Target;
  /** The value aimed at (the plan's target or the region's quota). */
  targetValue: number;
  targetYear: number;
}

export interface Trajectory {
  method: 'cagr' | 'linear';
  /** Set when method is 'linear': why growth rates were not used. */
  linear_reason: LinearReason | null;
  /** 'end_points' with two points, 'least_squares' with more. */
  fit: 'end_points' | 'least_squares';
  points: Point[];
  baseline: Point;
  current: Point;
  /** The straight line from baseline to target, at the current year. */
  expected: number;
  /** Actual annual growth (CAGR_a, or the trend's rate); null with the straight-line method. */
  growth_actual: number | null;
  /** Required annual growth from the baseline (CAGR_r). */
  growth_required: number | null;
  /** Annual growth needed from now to the target year: (X* ÷ x_t)^(1/(T−t)) − 1. */
  growth_needed: number | null;
  /** Actual change per year, in the indicator's unit (trend slope). */
  pace_actual: number;
  /** Change per year the straight line asks for: (X* − x0)/(T − t0). */
  pace_required: number;
  /** Change per year needed from now: (X* − x_t)/(T − t); null once the target year is reached. */
  pace_needed: number | null;
  /** R: actual pace over required pace, sign flipped for a decrease target. */
  ratio: number | null;
  progress: ProgressClass;
  /** The value in the target year at the current pace, from the current value; null after the target year. */
  projected: number | null;
  projected_meets: boolean | null;
  /** The first year the target is (or was) met at this pace; null: not at this pace. */
  reached_year: number | null;
}

/** Least-squares slope and intercept of y on x (two points: the line through them). */
export function leastSquares(points: readonly { x: number; y: number }[]): { slope: number; intercept: number } {
  const n = points.length;
  const meanX = points.reduce((s, p) => s + p.x, 0) / n;
  const meanY = points.reduce((s, p) => s + p.y, 0) / n;
  let sxy = 0;
  let sxx = 0;
  for (const p of points) {
    sxy += (p.x - meanX) * (p.y - meanY);
    sxx += (p.x - meanX) ** 2;
  }
  const slope = sxx === 0 ? 0 : sxy / sxx;
  return { slope, intercept: meanY - slope * meanX };
}

/** Annual growth rate of a positive series: exp(slope of ln x on year) − 1. */
export function growthRate(points: readonly Point[]): number {
  return Math.exp(leastSquares(points.map((p) => ({ x: p.year, y: Math.log(p.value) }))).slope) - 1;
}

/** Change per year of a series (least-squares slope). */
export function linearPace(points: readonly Point[]): number {
  return leastSquares(points.map((p) => ({ x: p.year, y: p.value }))).slope;
}

/** CAGR between two values: (to/from)^(1/years) − 1. */
export function cagr(from: number, to: number, years: number): number {
  return (to / from) ** (1 / years) - 1;
}

/**
 * A series carried forward from its last point to `year` at its own pace (growth rate when every
 * value is positive, else units per year). One point: held constant.
 */
export function projectSeries(points: readonly Point[], year: number): number {
  const last = points[points.length - 1]!;
  if (points.length < 2) return last.value;
  if (points.every((p) => p.value > 0)) return last.value * (1 + growthRate(points)) ** (year - last.year);
  return last.value + linearPace(points) * (year - last.year);
}

export function progressClass(ratio: number): Exclude<ProgressClass, 'target_achieved'> {
  if (ratio >= ON_TRACK_RATIO) return 'on_track';
  if (ratio >= ACCELERATION_RATIO) return 'acceleration_needed';
  if (ratio >= 0) return 'limited_progress';
  return 'deterioration';
}

function linearReason(input: TrajectoryInput, points: readonly Point[]): LinearReason | null {
  if (input.baseline.value <= 0) return 'baseline_not_positive';
  if (points.some((p) => p.value <= 0)) return 'value_not_positive';
  if (input.targetValue <= 0) return 'target_not_positive';
  // Equal, or so close that the required growth rounds to nothing.
  if (cagr(input.baseline.value, input.targetValue, input.targetYear - input.baseline.year) === 0) return 'target_equals_baseline';
  const ownPoints = input.observations.length + (input.ownBaseline ? 1 : 0);
  if (ownPoints < 2) return 'single_observation';
  return null;
}

/** The value the target asks for at its nearest edge ("about 1.9 ±0.05" from above: 1.95). */
function goalEdge(value: number, input: TrajectoryInput): number {
  const gap = gapTo(value, input.target, input.targetValue);
  return value < input.targetValue ? value + gap : value - gap;
}

/** Years from now until the goal, at a constant growth rate or pace; null when it moves away. */
function yearsToGoal(method: Trajectory['method'], current: number, goal: number, growth: number | null, pace: number): number | null {
  if (method === 'cagr') {
    if (growth === null || growth === 0 || goal <= 0 || (goal > current) !== growth > 0) return null;
    return Math.log(goal / current) / Math.log(1 + growth);
  }
  if (pace === 0 || (goal > current) !== pace > 0) return null;
  return (goal - current) / pace;
}

function reachedYear(input: TrajectoryInput, points: readonly Point[], method: Trajectory['method'], growth: number | null, pace: number): number | null {
  const met = points.find((p) => meetsTarget(p.value, input.target, input.targetValue));
  if (met) return met.year;
  const current = points[points.length - 1]!;
  const years = yearsToGoal(method, current.value, goalEdge(current.value, input), growth, pace);
  if (years === null || !Number.isFinite(years) || years > HORIZON_YEARS) return null;
  // A fraction of a year means the target is met during that year, so counted by the next whole one.
  return current.year + Math.max(1, Math.ceil(years - 1e-9));
}

function projectedValue(method: Trajectory['method'], current: Point, targetYear: number, growth: number | null, pace: number): number | null {
  if (current.year > targetYear) return null;
  const years = targetYear - current.year;
  return method === 'cagr' ? current.value * (1 + growth!) ** years : current.value + pace * years;
}

/**
 * The trajectory of one region's indicator. Needs at least one observation after the baseline
 * year; the caller says why there is none (no baseline, no later year).
 */
export function trajectory(input: TrajectoryInput): Trajectory {
  const { baseline, observations, targetValue, targetYear } = input;
  const points = [baseline, ...observations];
  const current = observations[observations.length - 1]!;
  const reason = linearReason(input, points);
  const method = reason === null ? 'cagr' : 'linear';
  const direction = targetValue < baseline.value ? -1 : 1;
  const pace = linearPace(points);
  const paceRequired = (targetValue - baseline.value) / (targetYear - baseline.year);
  const growth = method === 'cagr' ? growthRate(points) : null;
  const growthRequired = method === 'cagr' ? cagr(baseline.value, targetValue, targetYear - baseline.year) : null;
  const yearsLeft = targetYear - current.year;
  let ratio: number | null = null;
  if (method === 'cagr') ratio = (direction * growth!) / Math.abs(growthRequired!);
  else if (paceRequired !== 0) ratio = (direction * pace) / Math.abs(paceRequired);
  const achieved = meetsTarget(current.value, input.target, targetValue);
  // A target equal to the baseline has no required pace: not meeting it means moving away from it.
  const progress: ProgressClass = achieved ? 'target_achieved' : ratio === null ? 'deterioration' : progressClass(ratio);
  const projected = projectedValue(method, current, targetYear, growth, pace);
  return {
    method,
    linear_reason: reason,
    fit: points.length > 2 ? 'least_squares' : 'end_points',
    points,
    baseline,
    current,
    expected: straightLine(baseline.value, targetValue, baseline.year, targetYear, current.year),
    growth_actual: growth,
    growth_required: growthRequired,
    growth_needed: method === 'cagr' && yearsLeft > 0 ? cagr(current.value, targetValue, yearsLeft) : null,
    pace_actual: pace,
    pace_required: paceRequired,
    pace_needed: yearsLeft > 0 ? (targetValue - current.value) / yearsLeft : null,
    ratio,
    progress,
    projected,
    projected_meets: projected === null ? null : meetsTarget(projected, input.target, targetValue),
    reached_year: reachedYear(input, points, method, growth, pace),
  };
}
