// The values made for every region and verdict as a report is read (a national check of every
// level makes millions of each), made by constructors or shared, never by object literals: V8 may
// move every later object of a literal into the old generation once it has seen a few thousand of
// them alive at one collection, and short-lived verdicts then pile up there (docs/memory.md).
// Fields keep the order the literals had, so JSON and every formatter read them as before.

import type { SetValues } from './aggregate.js';
import { childLevelOf } from './regions.js';
import { LEVELS, type Coverage, type IndicatorValue, type Level, type Needed, type Reason } from './types.js';

/** A region's inputs for one set: values in set order, or why there are none. */
export class RegionSetValues implements SetValues {
  values: Float64Array | null;
  coverage: Coverage | null;
  declare contributors?: string[];
  declare reason?: Reason;

  constructor(values: Float64Array | null, coverage: Coverage | null, contributors?: string[], reason?: Reason) {
    this.values = values;
    this.coverage = coverage;
    if (contributors !== undefined) this.contributors = contributors;
    if (reason !== undefined) this.reason = reason;
  }
}

/** A region's own row: every region that reports one shares this coverage. */
export const REPORTED: Coverage = Object.freeze({ from: 'reported', used: 1, expected: 1 });

/** A value built from `used` of the region's `expected` children. */
export class ChildCoverage implements Coverage {
  readonly from = 'children';
  used: number;
  expected: number;
  declare childLevel?: Level;

  constructor(used: number, expected: number, childLevel: Level | undefined) {
    this.used = used;
    this.expected = expected;
    if (childLevel !== undefined) this.childLevel = childLevel;
  }
}

/** One indicator of one region in one year. */
export class RegionIndicatorValue implements IndicatorValue {
  code: string;
  year: number;
  indicator: string;
  coverage: Coverage | null;
  value: number | null;
  declare reason?: Reason;

  constructor(code: string, year: number, indicator: string, coverage: Coverage | null, value: number | null, reason?: Reason) {
    this.code = code;
    this.year = year;
    this.indicator = indicator;
    this.coverage = coverage;
    this.value = value;
    if (reason !== undefined) this.reason = reason;
  }
}

/** The change in one input that closes a gap. */
export class NeededChange implements Needed {
  field: string;
  amount: number;

  constructor(field: string, amount: number) {
    this.field = field;
    this.amount = amount;
  }
}

function byLevel<R extends Reason>(make: (level: Level) => R): Record<Level, R> {
  return Object.fromEntries(LEVELS.map((level) => [level, Object.freeze(make(level))])) as Record<Level, R>;
}

/** The reasons that say the same for every region of a level, made once. */
export const NOT_JUDGED_AT_LEVEL = byLevel((level) => ({ code: 'not_judged_at_level', level }));
export const NO_COMPLETE_CHILD = byLevel((level) => ({ code: 'no_complete_child', childLevel: childLevelOf(level) }));
export const NOT_SUBMITTED: Reason = Object.freeze({ code: 'not_submitted' });
export const OVERFLOW: Reason = Object.freeze({ code: 'overflow' });
export const NO_BASELINE: Reason = Object.freeze({ code: 'no_baseline' });
