// The checks that need more than one row. They read the region engine's one roll-up
// (aggregate.ts), which calls them as it folds; nothing here adds anything up:
// - DUPLICATE_ROW: a region and year reported twice (found by the engine where it is added);
// - PARENT_CHILD_MISMATCH: a parent's own figure for an input folded by sum against the sum of
//   its children's, when every expected child has a complete figure. The plan may let a parent
//   exceed that sum (`parent_may_exceed: true`: what a city runs or registers itself, 市本级);
//   below it is always a mismatch;
// - IMPLAUSIBLE_JUMP (warning): a region's figure against the one it reported in an earlier year.

import { diagnostic, type Diagnostic } from './diagnostics.js';
import { childLevelOf, foldedBy, levelDepth } from './regions.js';
import type { InputField, Level, Plan, SubmissionRow } from './types.js';

/** A parent may differ from its children's sum by 0.5% of the larger figure (rounding, late corrections). */
export const PARENT_CHILD_TOLERANCE = 0.005;
/** ...and always by half a unit, so a rounded decimal total is never a mismatch. */
export const PARENT_CHILD_SLACK = 0.5;
/**
 * A figure may grow or shrink by a factor of 3 a year (compounded over the years since the field
 * was last reported). An extra or lost digit (×10) between consecutive years, or 万人 for 人
 * (×10,000) at any distance, is flagged; a programme growing from 17 to 103 in two years is not.
 */
export const JUMP_FACTOR_PER_YEAR = 3;
/** Below this, counts move in steps (1 → 8 future villages), not by typos: not checked. */
export const JUMP_MIN_VALUE = 10;
/** Two figures within this factor of each other are never a jump: the smallest limit (one year's), less a margin for rounding. */
const NEAR = JUMP_FACTOR_PER_YEAR * 0.97;

export type OwnSource = SubmissionRow['source'];

/** A region's own row, as the engine holds it. */
export interface OwnRow {
  code: string;
  year: number;
  level: Level;
  own: Float64Array;
  source: OwnSource;
}

function where(row: { code: string; year: number; source: OwnSource }, field: InputField) {
  return { file: row.source.file, line: row.source.line, column: row.source.columns?.get(field.id), field: field.id, region: row.code, year: row.year };
}

/** Keeps messages free of float noise such as 1234.5600000000002. */
function readable(value: number): number {
  return Number(value.toPrecision(12));
}

function allowance(own: number, children: number): number {
  return Math.max(PARENT_CHILD_TOLERANCE * Math.max(Math.abs(own), Math.abs(children)), PARENT_CHILD_SLACK);
}

/** A parent's figure against its children's sum: off by more than the allowance (above it too, unless the parent may exceed). */
export function isMismatch(own: number, children: number, mayExceed = false): boolean {
  const difference = own - children;
  if (mayExceed && difference > 0) return false;
  return Math.abs(difference) > allowance(own, children);
}

export function isImplausibleJump(previous: number, value: number, years: number): boolean {
  const low = Math.min(previous, value);
  if (low < JUMP_MIN_VALUE || years <= 0) return false;
  return Math.max(previous, value) / low > JUMP_FACTOR_PER_YEAR ** years;
}

/** Gathers the findings across rows as the engine reports what it meets. */
export class CrossRowFindings {
  private findings: Diagnostic[] = [];
  /** By the depth of a parent: the inputs folded into it by sum, the only ones checked against its children. */
  private readonly summedAt: Int32Array[];

  constructor(private readonly plan: Plan) {
    this.summedAt = [0, 1, 2, 3].map((depth) => Int32Array.from(plan.inputs.filter((input) => foldedBy(input, depth) === 'sum'), (input) => input.index));
  }

  /** A repeated row; `first`: where the region and year were first seen, when that is known. */
  duplicate(row: SubmissionRow, first: { file: string; line: number } | null): Diagnostic {
    const args: Record<string, string | number> = first ? { first_file: first.file, first_line: first.line } : {};
    return diagnostic('DUPLICATE_ROW', { file: row.source.file, line: row.source.line, column: row.source.columns?.get('region_code'), field: 'region_code', region: row.code, year: row.year }, args);
  }

  /**
   * A parent's own row against its children's totals (by field index); `complete[f]` 1 where
   * every expected child has a complete figure for input f. `children`: how many there are.
   */
  parentAgainstChildren(parent: OwnRow, totals: Float64Array, complete: Uint8Array, children: number): void {
    const fields = this.summedAt[levelDepth(parent.level)]!;
    for (let k = 0; k < fields.length; k++) {
      const f = fields[k]!;
      const reported = parent.own[f]!;
      if (complete[f] === 0 || Number.isNaN(reported)) continue;
      const input = this.plan.inputs[f]!;
      const summed = totals[f]!;
      if (!isMismatch(reported, summed, input.parent_may_exceed === true)) continue;
      this.findings.push(
        diagnostic('PARENT_CHILD_MISMATCH', where(parent, input), {
          value: reported,
          children: readable(summed),
          child_level: childLevelOf(parent.level) ?? '',
          child_count: children,
        }),
      );
    }
  }

  /** Each region's rows in year order: every figure against the same field's in its last earlier year that has it. */
  jumps(byRegion: Map<string, { year: number; values: Float64Array; source: OwnSource }[]>): void {
    for (const [code, rows] of byRegion) if (rows.length > 1) this.jumpsOf(code, rows);
  }

  /** The findings so far, handed over once. */
  take(): Diagnostic[] {
    const findings = this.findings;
    this.findings = [];
    return findings;
  }

  private jumpsOf(code: string, rows: { year: number; values: Float64Array; source: OwnSource }[]): void {
    // Which fields have a figure yet, rather than NaN years: cold code boxes every NaN it reads.
    const { inputs } = this.plan;
    const width = inputs.length;
    const seen = new Uint8Array(width);
    const lastYear = new Float64Array(width);
    const lastValue = new Float64Array(width);
    for (const row of rows) {
      const { values, year } = row;
      for (let index = 0; index < width; index++) {
        const value = values[index]!;
        if (value !== value) continue; // NaN: not reported
        if (seen[index] === 0) {
          seen[index] = 1;
        } else {
          const previous = lastValue[index]!;
          // Nearly every figure is NEAR its last one, and passed without a call.
          const near = value <= previous * NEAR && previous <= value * NEAR;
          if (!near && isImplausibleJump(previous, value, year - lastYear[index]!)) {
            this.findings.push(
              diagnostic('IMPLAUSIBLE_JUMP', where({ code, year, source: row.source }, inputs[index]!), {
                previous,
                previous_year: lastYear[index]!,
                value,
                factor: readable(Math.max(previous, value) / Math.min(previous, value)),
              }),
            );
          }
        }
        lastYear[index] = year;
        lastValue[index] = value;
      }
    }
  }
}
