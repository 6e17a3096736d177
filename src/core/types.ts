// Plain data shared by every stage: parse -> validate -> compute -> assess -> format.
// Nothing here does I/O.

import type { Diagnostic } from './diagnostics.js';
import type { Formula, NoValueReason } from './formula.js';

export type Level = 'province' | 'city' | 'county' | 'township' | 'village';
export const LEVELS: readonly Level[] = ['province', 'city', 'county', 'township', 'village'];

export type Aggregation = 'sum' | 'weighted_mean' | 'min' | 'max';
export type Comparator = '>=' | '<=' | '=' | '≈' | '>' | '<';
export type Attribute = 'binding' | 'expected';
export type Lang = 'zh' | 'en';

/** Where a thing came from in a text file; line and column are 1-based. */
export interface SourcePos {
  file: string;
  line: number;
  column: number;
}

export interface PlanMeta {
  id: string;
  title: string;
  title_en?: string;
  issuer?: string;
  source?: string;
  baseline_year: number;
  target_year: number;
  /** Years a submission may carry; defaults to baseline_year..target_year. */
  period?: { from: number; to: number };
  /** Path of a division list (CSV code,name,level,parent_code), relative to the plan file. */
  divisions?: string;
  notes?: string[];
  /** Province codes the plan covers: without `divisions`, the built-in list of these provinces is used. */
  regions?: string[];
}

export interface InputField {
  id: string;
  label: string;
  label_en?: string;
  unit: string;
  aggregate: Aggregation;
  /** For weighted_mean: the weight, a formula over other inputs. */
  weight?: Formula;
  /** Declared plausible range; a value outside is a validation error. */
  min?: number;
  max?: number;
  /** Counts must be whole numbers. */
  integer?: boolean;
  /**
   * The level whose units this input counts (a county flag, a count of townships): folded by max
   * below that level, summed at and above it; a non-zero figure below it is a warning.
   */
  level?: Level;
  /** A parent's own row may exceed the sum of its children (what it runs itself, 市本级); never fall below it. */
  parent_may_exceed?: boolean;
  /** Index of this field in every values array. */
  index: number;
}

export interface Target {
  value: number;
  comparator: Comparator;
  /** Half-width of the band for '≈' (and allowed slack for '='). */
  tolerance?: number;
  /** For '≈': values beyond the band on the better side also meet the target. */
  better?: 'higher' | 'lower';
  /** Why the number is what it is, where the plan text is not a plain number. */
  assumption?: string;
}

export interface Indicator {
  id: string;
  no: string;
  name: string;
  name_en: string;
  unit: string;
  formula: Formula;
  baseline: number | null;
  target: Target;
  target_year: number;
  attribute: Attribute;
  levels: Level[];
  /** Region-specific targets (same unit and comparator as target). */
  quotas: Record<string, number>;
  /** The input whose change closes a gap ("+412 certified_social_workers"). */
  lever?: string;
  source?: string;
  notes?: string;
  /** Every input the value depends on, formula and weights included, in plan order. */
  requires: number[];
}

/** A consistency rule over one row's inputs, e.g. urban_population <= resident_population. */
export interface Rule {
  id: string;
  left: Formula;
  op: '<=' | '>=' | '<' | '>' | '=' | 'in';
  right?: Formula;
  /** For op 'in': the allowed values. */
  allowed?: number[];
  /** Only rows at these levels are checked. */
  levels?: Level[];
  message?: string;
}

export interface Division {
  code: string;
  name: string;
  level: Level;
  parent_code: string | null;
  /** First data year the code is valid for (absent: before the lists held). */
  valid_from?: number;
  /** Last data year the code is valid for (absent: in force). */
  valid_to?: number;
  /** For an abolished code: the codes that took over its territory. */
  successors?: string[];
  /** Years in which a code in force changed its territory (a break in its series). */
  redrawn?: number[];
  /** The approval document of the change. */
  source?: string;
}

export interface Plan {
  meta: PlanMeta;
  inputs: InputField[];
  indicators: Indicator[];
  rules: Rule[];
  divisions?: Division[];
  /** Codes no longer in force, each with its valid_to and successors (see src/core/divisions.ts). */
  division_history?: Division[];
  /** Warnings found while loading the plan (a division list that covers part of a parent). */
  warnings?: Diagnostic[];
}

/** One submitted row. values[i] is inputs[i]; NaN means "not reported" (never leaves the core). */
export interface SubmissionRow {
  code: string;
  name?: string;
  year: number;
  values: Float64Array;
  /** columns: field id (and region_code, year) -> 1-based column number; one map shared per file. */
  source: { file: string; line: number; columns?: ReadonlyMap<string, number> };
}

export interface Coverage {
  /** 'reported': the region's own row; 'children': built from its children. */
  from: 'reported' | 'children';
  used: number;
  expected: number;
  childLevel?: Level;
  /** Children expected but left out, with why (only kept when few). */
  missing?: string[];
}

/** Why a value is missing or not judged. Words for each code live in src/format/messages.ts. */
export type Reason =
  | NoValueReason
  | { code: 'no_complete_child'; childLevel: Level | null }
  | { code: 'not_judged_at_level'; level: Level }
  | { code: 'no_baseline' }
  /** A region the division list expects that sent nothing (no row, no child with data). */
  | { code: 'not_submitted' }
  /** Built from too few of its expected children to be judged (--min-coverage); the value is still given. */
  | { code: 'incomplete'; reported: number; expected: number; child_level: Level | null; min_coverage: number }
  /** A county whose territory changed after the baseline year (a split, merge or redrawn boundary): no baseline across it. */
  | { code: 'series_break'; year: number };

export interface IndicatorValue {
  code: string;
  year: number;
  indicator: string;
  value: number | null;
  reason?: Reason;
  coverage: Coverage | null;
}

export type Status = 'met' | 'not_met' | 'on_track' | 'off_track' | 'no_data' | 'not_applicable';
export const STATUSES: readonly Status[] = ['met', 'not_met', 'on_track', 'off_track', 'no_data', 'not_applicable'];

export interface Needed {
  field: string;
  amount: number;
}

export interface Verdict {
  region_code: string;
  region_name: string;
  level: Level;
  year: number;
  indicator: string;
  no: string;
  value: number | null;
  baseline: number | null;
  baseline_source: 'region' | 'plan' | null;
  target: number;
  comparator: Comparator;
  target_source: 'plan' | 'quota';
  target_year: number;
  expected: number | null;
  attribute: Attribute;
  status: Status;
  gap: number | null;
  needed: Needed | null;
  reason?: Reason;
  coverage: Coverage | null;
}

export type Summary = Record<Status, number>;

export type IndicatorInfo = Pick<Indicator, 'id' | 'no' | 'name' | 'name_en' | 'unit' | 'attribute'>;

export interface CheckReport {
  plan: PlanSummary;
  indicators: IndicatorInfo[];
  year: number | null;
  results: Verdict[];
  summary: Summary;
}

export interface PlanSummary {
  id: string;
  title: string;
  baseline_year: number;
  target_year: number;
}

/** `compute`: indicator values only, one row per region and year. */
export interface ComputeRow {
  region_code: string;
  region_name: string;
  level: Level;
  year: number;
  values: Record<string, number | null>;
  reasons: Record<string, Reason>;
  coverage: Record<string, Coverage | null>;
}

export interface ComputeReport {
  plan: PlanSummary;
  indicators: IndicatorInfo[];
  /** The rows' years, ascending. */
  years: number[];
  /** In region order; core/compute.ts makes them as they are read, again at each reading. */
  rows: Iterable<ComputeRow>;
}
