// Checks that need more than one row, run once every row has been seen:
// - PARENT_CHILD_MISMATCH: a parent's own figure for a `sum` field against the sum of its
//   children's, when every expected child has the figure (reported, or built from its own children);
// - IMPLAUSIBLE_JUMP (warning): a region's figure against the one it reported in an earlier year.
// State is per region and year, never per row: village rows are folded into their township's
// totals as they arrive; only the rows of townships and above are kept (the engine keeps them too).

import { diagnostic, type Diagnostic } from './diagnostics.js';
import { Float64Slabs, Packer, unpack, unpackCounts, type Packed } from './packed.js';
import { childLevelOf, levelDepth, parentCode, regionLevel } from './regions.js';
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

interface OwnRow {
  code: string;
  year: number;
  values: Float64Array;
  source: SubmissionRow['source'];
}

/**
 * The village rows of one township and year: how many, and per sum field (in sumFields order) the
 * sum and how many left it blank (null until one does: most files leave nothing blank).
 */
interface VillageTotals {
  rows: number;
  sums: Float64Array;
  blanks: Uint32Array | null;
}

/** The sum of a region's children per field; NaN where some expected child lacks the figure. */
interface ChildSums {
  sums: Float64Array;
  count: number;
  level: Level | null;
}

const regionYearKey = (code: string, year: number): string => `${year}:${code}`;

function where(row: OwnRow, field: InputField) {
  return { file: row.source.file, line: row.source.line, column: row.source.columns?.get(field.id), field: field.id, region: row.code, year: row.year };
}

/** Keeps messages free of float noise such as 1234.5600000000002. */
function readable(value: number): number {
  return Number(value.toPrecision(12));
}

export function isMismatch(own: number, children: number): boolean {
  const allowed = Math.max(PARENT_CHILD_TOLERANCE * Math.max(Math.abs(own), Math.abs(children)), PARENT_CHILD_SLACK);
  return Math.abs(own - children) > allowed;
}

export function isImplausibleJump(previous: number, value: number, years: number): boolean {
  const low = Math.min(previous, value);
  if (low < JUMP_MIN_VALUE || years <= 0) return false;
  return Math.max(previous, value) / low > JUMP_FACTOR_PER_YEAR ** years;
}

/**
 * A checker's own rows and village totals, their arrays as places in `packed`. The village totals
 * (one per township) by column, as in EngineState: per key, rows, sums and blanks in `villageNumbers`.
 */
export interface CrossRowState {
  own: { key: string; code: string; year: number; source: SubmissionRow['source']; values: number }[];
  villageKeys: string[];
  villageNumbers: Float64Array;
  packed: Packed;
}

const VILLAGE_NUMBERS = 3;

export class CrossRowChecker {
  private readonly own = new Map<string, OwnRow>();
  private readonly villages = new Map<string, VillageTotals>();
  private readonly sumFields: InputField[];
  /** The sumFields' indexes into a row's values, for the per-row loop. */
  private readonly sumIndexes: Int32Array;
  /** Village rows come grouped by township: the last totals used saves a key and a lookup per row. */
  private last: { township: string; year: number; totals: VillageTotals } | null = null;
  private readonly slabs = new Float64Slabs();
  /** A region's figures when it has neither a row nor children: all NaN, shared, never written. */
  private noFigures: Float64Array | null = null;

  constructor(private readonly plan: Plan) {
    this.sumFields = plan.inputs.filter((input) => input.aggregate === 'sum');
    this.sumIndexes = Int32Array.from(this.sumFields, (field) => field.index);
  }

  /** Adds a row; the caller passes each region and year once (duplicates are reported elsewhere). */
  add(row: SubmissionRow, level: Level | null = regionLevel(row.code)): void {
    if (!level) return;
    if (level === 'village') {
      this.addVillage(row);
      return;
    }
    const key = regionYearKey(row.code, row.year);
    if (!this.own.has(key)) this.own.set(key, { code: row.code, year: row.year, values: row.values, source: row.source });
  }

  /** The rows and village totals gathered so far, packed (see RegionEngine.exportState). */
  exportState(): CrossRowState {
    const packer = new Packer(this.slabs);
    const own = [...this.own].map(([key, { code, year, values, source }]) => ({ key, code, year, source, values: packer.add(values) }));
    const villageNumbers = new Float64Array(this.villages.size * VILLAGE_NUMBERS);
    let at = 0;
    for (const { rows, sums, blanks } of this.villages.values()) {
      villageNumbers.set([rows, packer.add(sums), packer.add(blanks)], at);
      at += VILLAGE_NUMBERS;
    }
    return { own, villageKeys: [...this.villages.keys()], villageNumbers, packed: packer.finish() };
  }

  /**
   * Takes in what another checker gathered from the rows after this one's; their lines move down
   * by `lineOffset`. false, with nothing taken, when a region and year is in both.
   */
  absorb({ own, villageKeys, villageNumbers, packed }: CrossRowState, lineOffset: number): boolean {
    if (own.some(({ key }) => this.own.has(key)) || villageKeys.some((key) => this.villages.has(key))) return false;
    const inputs = this.plan.inputs.length;
    const width = this.sumFields.length;
    for (const { key, code, year, source, values } of own) {
      this.own.set(key, { code, year, values: unpack(packed, values, inputs)!, source: { ...source, line: source.line + lineOffset } });
    }
    villageKeys.forEach((key, i) => {
      const [rows, sums, blanks] = villageNumbers.subarray(i * VILLAGE_NUMBERS, (i + 1) * VILLAGE_NUMBERS);
      this.villages.set(key, { rows: rows!, sums: unpack(packed, sums!, width)!, blanks: unpackCounts(packed, blanks!, width) });
    });
    this.last = null;
    return true;
  }

  finish(): Diagnostic[] {
    return [...this.parentChildMismatches(), ...this.implausibleJumps()];
  }

  private addVillage(row: SubmissionRow): void {
    const totals = this.villageTotals(row.code, row.year);
    totals.rows++;
    const { sumIndexes } = this;
    const { sums } = totals;
    for (let i = 0; i < sumIndexes.length; i++) {
      const value = row.values[sumIndexes[i]!]!;
      if (Number.isNaN(value)) {
        const blanks = (totals.blanks ??= new Uint32Array(sumIndexes.length));
        blanks[i] = blanks[i]! + 1;
        continue;
      }
      sums[i] = sums[i]! + value;
    }
  }

  private villageTotals(village: string, year: number): VillageTotals {
    if (this.last && this.last.year === year && village.startsWith(this.last.township)) return this.last.totals;
    const township = village.slice(0, 9);
    const key = regionYearKey(township, year);
    let totals = this.villages.get(key);
    if (!totals) {
      totals = { rows: 0, sums: this.slabs.take(this.sumFields.length), blanks: null };
      this.villages.set(key, totals);
    }
    this.last = { township, year, totals };
    return totals;
  }

  private parentChildMismatches(): Diagnostic[] {
    // Only a region's own row can disagree with its children: a file of village rows alone has none.
    if (this.sumFields.length === 0 || this.own.size === 0) return [];
    const children = this.childrenByParent();
    const problems: Diagnostic[] = [];
    for (const [year, codes] of this.regionsByYear()) {
      // A region's figure per field: its own, or else its children's sum when complete (NaN otherwise).
      const figures = new Map<string, Float64Array>();
      const deepestFirst = [...codes].sort((a, b) => levelDepth(regionLevel(b)!) - levelDepth(regionLevel(a)!));
      for (const code of deepestFirst) {
        const sums = this.childSums(code, year, children.get(code), figures);
        const own = this.own.get(regionYearKey(code, year)) ?? null;
        figures.set(code, this.figuresOf(own, sums, problems));
      }
    }
    return problems;
  }

  /**
   * Merges a region's own row with its children's sums, reporting each sum field where they
   * disagree. Only the sum fields of the result are read (by the parent's childSums), so with one
   * side missing the other side is the answer as it stands; only a region with both is merged.
   */
  private figuresOf(own: OwnRow | null, children: ChildSums | null, problems: Diagnostic[]): Float64Array {
    if (!own) return children ? children.sums : (this.noFigures ??= new Float64Array(this.plan.inputs.length).fill(Number.NaN));
    if (!children) return own.values;
    const figures = new Float64Array(this.plan.inputs.length).fill(Number.NaN);
    const { sumIndexes } = this;
    // Indexed loops here and below: these run per region and field before V8 has optimised
    // anything, where a for-of over an array allocates an iterator result per step.
    for (let i = 0; i < sumIndexes.length; i++) {
      const index = sumIndexes[i]!;
      const reported = own.values[index]!;
      const summed = children.sums[index]!;
      figures[index] = Number.isNaN(reported) ? summed : reported;
      if (!Number.isNaN(reported) && !Number.isNaN(summed) && isMismatch(reported, summed)) {
        problems.push(
          diagnostic('PARENT_CHILD_MISMATCH', where(own, this.sumFields[i]!), {
            value: reported,
            children: readable(summed),
            child_level: children.level ?? '',
            child_count: children.count,
          }),
        );
      }
    }
    return figures;
  }

  private childSums(code: string, year: number, childCodes: Set<string> | undefined, figures: Map<string, Float64Array>): ChildSums | null {
    const level = childLevelOf(regionLevel(code)!);
    if (level === 'village') {
      const totals = this.villages.get(regionYearKey(code, year));
      if (!totals) return null;
      const sums = new Float64Array(this.plan.inputs.length).fill(Number.NaN);
      const { sumIndexes } = this;
      for (let i = 0; i < sumIndexes.length; i++) {
        if (!totals.blanks || totals.blanks[i] === 0) sums[sumIndexes[i]!] = totals.sums[i]!;
      }
      return { sums, count: totals.rows, level };
    }
    if (!childCodes || childCodes.size === 0) return null;
    const sums = new Float64Array(this.plan.inputs.length);
    for (const child of childCodes) {
      const childFigures = figures.get(child);
      if (!childFigures) return null; // an expected child has nothing this year
      const { sumIndexes } = this;
      for (let i = 0; i < sumIndexes.length; i++) {
        const index = sumIndexes[i]!;
        sums[index] = sums[index]! + childFigures[index]!;
      }
    }
    return { sums, count: childCodes.size, level };
  }

  /** Every region with a row or with village rows, and their ancestors, by year. */
  private regionsByYear(): Map<number, Set<string>> {
    const byYear = new Map<number, Set<string>>();
    const add = (code: string | null, year: number): void => {
      let codes = byYear.get(year);
      if (!codes) byYear.set(year, (codes = new Set()));
      for (let at = code; at !== null && !codes.has(at); at = parentCode(at)) codes.add(at);
    };
    for (const row of this.own.values()) add(row.code, row.year);
    for (const key of this.villages.keys()) {
      const [year, township] = key.split(':');
      add(township!, Number(year));
    }
    return byYear;
  }

  /**
   * The children a parent is expected to have: those in the plan's division list, plus every
   * region seen in the data in any year (a county that reported in 2020 but not 2022 is missed).
   */
  private childrenByParent(): Map<string, Set<string>> {
    const children = new Map<string, Set<string>>();
    const link = (code: string, parent: string): boolean => {
      let set = children.get(parent);
      if (!set) children.set(parent, (set = new Set()));
      if (set.has(code)) return false;
      set.add(code);
      return true;
    };
    for (const division of this.plan.divisions ?? []) {
      if (division.parent_code) link(division.code, division.parent_code);
    }
    // Stops at the first link already made: everything above it is linked already.
    const linkUp = (code: string): void => {
      let at = code;
      let parent = parentCode(at);
      while (parent !== null && link(at, parent)) {
        at = parent;
        parent = parentCode(at);
      }
    };
    for (const row of this.own.values()) linkUp(row.code);
    for (const key of this.villages.keys()) linkUp(key.slice(key.indexOf(':') + 1));
    return children;
  }

  private implausibleJumps(): Diagnostic[] {
    const byRegion = new Map<string, OwnRow[]>();
    for (const row of this.own.values()) {
      const rows = byRegion.get(row.code);
      if (rows) rows.push(row);
      else byRegion.set(row.code, [row]);
    }
    const problems: Diagnostic[] = [];
    for (const rows of byRegion.values()) {
      if (rows.length > 1) problems.push(...this.jumpsOf(rows.sort((a, b) => a.year - b.year)));
    }
    return problems;
  }

  /** Compares each figure with the same field's figure in the region's last earlier year that has it. */
  private jumpsOf(rows: OwnRow[]): Diagnostic[] {
    // Which fields have a figure yet, rather than NaN years: cold code boxes every NaN it reads.
    // An input's index is its place in plan.inputs (catalogue.ts).
    const { inputs } = this.plan;
    const width = inputs.length;
    const seen = new Uint8Array(width);
    const lastYear = new Float64Array(width);
    const lastValue = new Float64Array(width);
    const problems: Diagnostic[] = [];
    for (const row of rows) {
      const { values, year } = row;
      for (let index = 0; index < width; index++) {
        const value = values[index]!;
        if (value !== value) continue; // NaN: not reported
        if (seen[index] === 0) {
          seen[index] = 1;
        } else {
          const previous = lastValue[index]!;
          // Nearly every figure is NEAR its last one, and passed without a call (this runs
          // unoptimised for every region, year and field).
          const near = value <= previous * NEAR && previous <= value * NEAR;
          if (!near && isImplausibleJump(previous, value, year - lastYear[index]!)) problems.push(this.jump(row, inputs[index]!, previous, lastYear[index]!, value));
        }
        lastYear[index] = year;
        lastValue[index] = value;
      }
    }
    return problems;
  }

  private jump(row: OwnRow, field: InputField, previous: number, previousYear: number, value: number): Diagnostic {
    return diagnostic('IMPLAUSIBLE_JUMP', where(row, field), {
      previous,
      previous_year: previousYear,
      value,
      factor: readable(Math.max(previous, value) / Math.min(previous, value)),
    });
  }
}
