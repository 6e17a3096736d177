// Checks across a row's cells and across rows, as rows stream past. Each check is a small named
// function; the plan's consistency rules are data (plan.rules), not code. The checks across rows
// (a repeated row, parent against children, year against year) are the region engine's: it finds
// them in its one roll-up (aggregate.ts, consistency.ts).

import { RegionEngine } from './aggregate.js';
import { compileFormula, type CompiledFormula } from './compiled-formula.js';
import { diagnostic, type Diagnostic } from './diagnostics.js';
import { levelDepth, regionLevel } from './regions.js';
import type { InputField, Level, Plan, Rule, SubmissionRow } from './types.js';
import { regionCodeProblems, submissionYears } from './divisions.js';

/** A row's findings; most rows have none, and then every check returns the one shared empty list. */
type RowCheck = (row: SubmissionRow, context: CheckContext) => readonly Diagnostic[];

const NONE: readonly Diagnostic[] = Object.freeze([]);

interface CheckContext {
  inputs: InputField[];
  /** Per input: the largest figure its unit can sanely hold (VALUE_OUT_OF_RANGE above it). */
  bounds: Float64Array;
  /** Per depth of a row's level: the inputs that belong to a level above it (INPUT_BELOW_LEVEL). */
  aboveLevel: InputField[][];
  divisionCodes: Set<string> | null;
  plan: Plan;
  /** plan.rules that apply at each level (key '' for a malformed code), compiled once. */
  rulesByLevel: Map<Level | '', LevelRules>;
  period: { from: number; to: number };
  /** The last county code found in the division list: village rows come grouped by county. */
  lastKnownCounty: string;
  /** The current row's level (null for a malformed code), worked out once per row. */
  level: Level | null;
}

function where(row: SubmissionRow, field?: string) {
  const column = field === undefined ? undefined : row.source.columns?.get(field);
  return { file: row.source.file, line: row.source.line, column, field, region: row.code, year: row.year };
}

const yearInPeriod: RowCheck = (row, { period: { from, to } }) => {
  if (row.year >= from && row.year <= to) return NONE;
  return [diagnostic('YEAR_OUT_OF_PERIOD', where(row, 'year'), { value: row.year, from, to })];
};

/**
 * A code the reader let through whose county part is no county (330100001: a township under a
 * city): malformed, like any code that cannot exist; the engine leaves the row out.
 */
const codeExists: RowCheck = (row, { level }) => {
  if (level !== null) return NONE;
  return [diagnostic('REGION_CODE_MALFORMED', where(row, 'region_code'), { value: row.code })];
};

const knownRegion: RowCheck = (row, context) => {
  const { divisionCodes, level } = context;
  if (!divisionCodes) return NONE;
  // The division list names provinces, cities and counties; finer codes are checked by their county.
  const finer = level === 'township' || level === 'village';
  if (finer && row.code.startsWith(context.lastKnownCounty)) return NONE;
  const checkedCode = finer ? row.code.slice(0, 6) : row.code;
  if (divisionCodes.has(checkedCode)) {
    if (finer) context.lastKnownCounty = checkedCode;
    return NONE;
  }
  return regionCodeProblems(context.plan, checkedCode, row.year, where(row, 'region_code'));
};

/**
 * The largest figure an input's unit can sanely hold: persons and households beyond the
 * population of the country, anything else beyond 1e12 (a trillion yuan or square metres). A
 * figure above is a typo or a corrupted cell, and would overflow the totals.
 */
const SANE_BOUND_BY_UNIT: Readonly<Record<string, number>> = { 人: 2e9, 户: 1e9, 人次: 1e10 };
const SANE_BOUND = 1e12;

export function saneBound(unit: string): number {
  return SANE_BOUND_BY_UNIT[unit] ?? SANE_BOUND;
}

const valuesInBounds: RowCheck = (row, { bounds, inputs }) => {
  const values = row.values;
  let problems: Diagnostic[] | null = null;
  for (let f = 0; f < bounds.length; f++) {
    // NaN (not reported) compares false.
    if (!(Math.abs(values[f]!) > bounds[f]!)) continue;
    (problems ??= []).push(diagnostic('VALUE_OUT_OF_RANGE', where(row, inputs[f]!.id), { value: values[f]!, max: bounds[f]!, unit: inputs[f]!.unit }));
  }
  return problems ?? NONE;
};

/** A county's flag (or a township's count) on a township's or village's row: folded by max, not added up; worth a word. */
const flagAtItsLevel: RowCheck = (row, { aboveLevel, level }) => {
  if (level === null) return NONE;
  let problems: Diagnostic[] | null = null;
  for (const input of aboveLevel[levelDepth(level)]!) {
    const value = row.values[input.index]!;
    if (value > 0) (problems ??= []).push(diagnostic('INPUT_BELOW_LEVEL', where(row, input.id), { value, level: input.level!, row_level: level }));
  }
  return problems ?? NONE;
};

interface CompiledRule {
  rule: Rule;
  /** The rule's place in plan.rules. */
  order: number;
  /** The input indexes either side reads. */
  fields: Int32Array;
  left: CompiledFormula;
  right: CompiledFormula | null;
  holds: (left: number, right: number) => boolean;
}

/** How far `a <= b`, `a >= b` and `a = b` let a side drift: rounding, never a real excess. */
function ruleTolerance(right: number): number {
  return 1e-9 * Math.max(1, Math.abs(right));
}

function comparison(op: Rule['op'], allowed: number[]): (left: number, right: number) => boolean {
  switch (op) {
    case '<=':
      // `left <= right` first: a row within its bound (nearly all) passes without the tolerance.
      return (left, right) => left <= right || left <= right + ruleTolerance(right);
    case '>=':
      return (left, right) => left >= right || left >= right - ruleTolerance(right);
    case '<':
      return (left, right) => left < right;
    case '>':
      return (left, right) => left > right;
    case '=':
      return (left, right) => Math.abs(left - right) <= ruleTolerance(right);
    case 'in':
      return (left) => allowed.includes(left);
  }
}

function compileRule(rule: Rule, order: number, indexOf: (id: string) => number | undefined): CompiledRule {
  const fields = [...new Set([...rule.left.fields, ...(rule.right?.fields ?? [])])].map((id) => indexOf(id)!);
  return {
    rule,
    order,
    fields: Int32Array.from(fields),
    left: compileFormula(rule.left, indexOf),
    right: rule.right ? compileFormula(rule.right, indexOf) : null,
    holds: comparison(rule.op, rule.allowed ?? []),
  };
}

/** "certified_community_workers 812, community_workers 640": the figures, so the clerk sees which is off. */
function ruleDetail(rule: Rule, left: number, right: number): string {
  const side = (source: string, value: number) => `${source.trim()} ${value}`;
  if (rule.op === 'in') return `${side(rule.left.source, left)}, allowed ${rule.allowed!.join(', ')}`;
  return `${side(rule.left.source, left)}, ${side(rule.right!.source, right)}`;
}

/** A rule over an input the row does not report cannot be broken; skipping it early saves most of the work. */
function readsUnreported(fields: Int32Array, values: Float64Array): boolean {
  for (let i = 0; i < fields.length; i++) if (Number.isNaN(values[fields[i]!]!)) return true;
  return false;
}

/**
 * The finding when the row breaks the rule; null when it holds or cannot be judged (an input not
 * reported, a side with no value such as a zero denominator). Allocates nothing when it holds.
 */
function brokenRule(compiled: CompiledRule, row: SubmissionRow): Diagnostic | null {
  const { rule, fields, holds } = compiled;
  const values = row.values;
  if (readsUnreported(fields, values)) return null;
  const left = compiled.left(values);
  if (Number.isNaN(left)) return null;
  const right = compiled.right ? compiled.right(values) : Number.NaN;
  if (compiled.right && Number.isNaN(right)) return null;
  if (holds(left, right)) return null;
  return diagnostic('RULE_BROKEN', where(row, rule.left.fields[0]), {
    rule: rule.id,
    assert: rule.op === 'in' ? `${rule.left.source} in [${rule.allowed!.join(', ')}]` : `${rule.left.source} ${rule.op} ${rule.right!.source}`,
    left,
    right: Number.isNaN(right) ? '' : right,
    detail: ruleDetail(rule, left, right),
    message: rule.message ?? '',
  });
}

/**
 * A level's rules: those of the commonest shape, one cell at most another (`a <= b`), as pairs of
 * input indexes compared in one loop without a call (most of the plan's rules; a row within them,
 * nearly every row, costs two reads and a comparison each); the others through their formulas.
 */
interface LevelRules {
  pairs: Int32Array;
  pairRules: CompiledRule[];
  others: CompiledRule[];
}

function levelRules(rules: CompiledRule[]): LevelRules {
  const isPair = ({ rule }: CompiledRule) => rule.op === '<=' && rule.left.ast.kind === 'field' && rule.right?.ast.kind === 'field';
  const pairRules = rules.filter(isPair);
  return { pairs: Int32Array.from(pairRules.flatMap((c) => [c.fields[0]!, c.fields[1] ?? c.fields[0]!])), pairRules, others: rules.filter((c) => !isPair(c)) };
}

type Broken = { order: number; problem: Diagnostic }[] | null;

/** Adds the rule's finding to `broken` when the row breaks it (no closure per row: this runs for every row). */
function collectBroken(broken: Broken, compiled: CompiledRule, row: SubmissionRow): Broken {
  const problem = brokenRule(compiled, row);
  if (!problem) return broken;
  (broken ??= []).push({ order: compiled.order, problem });
  return broken;
}

const consistencyRules: RowCheck = (row, { rulesByLevel, level }) => {
  const { pairs, pairRules, others } = rulesByLevel.get(level ?? '')!;
  const values = row.values;
  let broken: Broken = null;
  for (let k = 0; k < pairs.length; k += 2) {
    // NaN (not reported) compares false: a rule that cannot be judged holds.
    if (values[pairs[k]!]! > values[pairs[k + 1]!]!) broken = collectBroken(broken, pairRules[k >> 1]!, row);
  }
  for (let i = 0; i < others.length; i++) broken = collectBroken(broken, others[i]!, row);
  if (!broken) return NONE;
  // In plan order, as the rules are listed.
  return broken.sort((a, b) => a.order - b.order).map(({ problem }) => problem);
};

/** For each level (and '' for none), the rules that apply there, in plan order. */
function rulesByLevel(rules: CompiledRule[]): Map<Level | '', LevelRules> {
  const levels: (Level | '')[] = ['', 'province', 'city', 'county', 'township', 'village'];
  return new Map(levels.map((level) => [level, levelRules(rules.filter(({ rule }) => !rule.levels || (level !== '' && rule.levels.includes(level))))]));
}

export const ROW_CHECKS: readonly RowCheck[] = [codeExists, yearInPeriod, knownRegion, valuesInBounds, flagAtItsLevel, consistencyRules];

/**
 * Runs every row check on rows as they stream past and adds each row to the region engine, whose
 * one roll-up finds the repeated rows and, in finish(), the findings across rows. Holds nothing
 * per row.
 */
export class SubmissionChecker {
  private readonly context: CheckContext;

  /** `engine`: the one the caller reads results from (default: one of its own, for `validate`). */
  constructor(
    plan: Plan,
    private readonly engine: RegionEngine = new RegionEngine(plan),
  ) {
    const inputIndex = new Map(plan.inputs.map((input) => [input.id, input.index]));
    const indexOf = (id: string) => inputIndex.get(id);
    this.context = {
      rulesByLevel: rulesByLevel(plan.rules.map((rule, order) => compileRule(rule, order, indexOf))),
      period: submissionYears(plan.meta),
      lastKnownCounty: 'none',
      level: null,
      inputs: plan.inputs,
      bounds: Float64Array.from(plan.inputs, (input) => saneBound(input.unit)),
      aboveLevel: [0, 1, 2, 3, 4].map((depth) => plan.inputs.filter((input) => input.level !== undefined && levelDepth(input.level) < depth)),
      divisionCodes: plan.divisions ? new Set(plan.divisions.map((d) => d.code)) : null,
      plan,
    };
  }

  /** The row's findings; the row (or `into`, what-if's adjusted copy of it) goes into the engine. */
  check(row: SubmissionRow, into: SubmissionRow = row): readonly Diagnostic[] {
    this.context.level = regionLevel(row.code);
    let problems: readonly Diagnostic[] = NONE;
    for (const check of ROW_CHECKS) {
      const found = check(row, this.context);
      if (found.length > 0) problems = problems.length === 0 ? found : [...problems, ...found];
    }
    const duplicate = this.engine.add(into);
    if (duplicate) problems = [...problems, duplicate];
    return problems;
  }

  /** The findings that need every row: parent against children, year against year. */
  finish(): Diagnostic[] {
    return this.engine.fold();
  }
}
