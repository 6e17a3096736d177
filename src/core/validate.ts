// Checks across a row's cells and across rows, as rows stream past. Each check is a small named
// function; the plan's consistency rules are data (plan.rules), not code.

import { CrossRowChecker, type CrossRowState } from './consistency.js';
import { diagnostic, type Diagnostic } from './diagnostics.js';
import { compileFormula, sumAt, sumOfFields, type CompiledFormula } from './compiled-formula.js';
import { regionLevel } from './regions.js';
import { regionCodeProblems, submissionYears } from './divisions.js';
import { RowIndex, rowKey } from './row-index.js';
import { compares, isScreenable, RuleScreen } from './rule-screen.js';
import type { Level, Plan, Rule, SubmissionRow } from './types.js';

/** A row's findings; most rows have none, and then every check returns the one shared empty list. */
type RowCheck = (row: SubmissionRow, context: CheckContext) => readonly Diagnostic[];

const NONE: readonly Diagnostic[] = Object.freeze([]);

interface CheckContext {
  seen: RowIndex;
  /** File names by index, for the places kept in `seen`. */
  files: FileNames;
  /** Set by noDuplicate: the row repeats a region and year seen before. */
  duplicate: boolean;
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

/** Numbers the files rows come from, so a place is two numbers, not a string per row. */
class FileNames {
  readonly names: string[] = [];
  private readonly index = new Map<string, number>();
  private last = -1;

  indexOf(name: string): number {
    if (this.names[this.last] === name) return this.last;
    let at = this.index.get(name);
    if (at === undefined) {
      at = this.names.push(name) - 1;
      this.index.set(name, at);
    }
    this.last = at;
    return at;
  }
}

function where(row: SubmissionRow, field?: string) {
  const column = field === undefined ? undefined : row.source.columns?.get(field);
  return { file: row.source.file, line: row.source.line, column, field, region: row.code, year: row.year };
}

const yearInPeriod: RowCheck = (row, { period: { from, to } }) => {
  if (row.year >= from && row.year <= to) return NONE;
  return [diagnostic('YEAR_OUT_OF_PERIOD', where(row, 'year'), { value: row.year, from, to })];
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

const noDuplicate: RowCheck = (row, context) => {
  context.duplicate = false;
  const key = rowKey(row.code, row.year);
  if (key === null) return NONE;
  const first = context.seen.firstOrAdd(key, context.files.indexOf(row.source.file), row.source.line);
  if (!first) return NONE;
  context.duplicate = true;
  const firstFile = context.files.names[first.file]!;
  return [diagnostic('DUPLICATE_ROW', where(row, 'region_code'), { first_file: firstFile, first_line: first.line })];
};

interface CompiledRule {
  rule: Rule;
  /** The input indexes either side reads. */
  fields: Int32Array;
  left: CompiledFormula;
  right: CompiledFormula | null;
  /** Each side as the fields it adds up, when it is that simple (see sumOfFields); else null. */
  leftSum: Int32Array | null;
  rightSum: Int32Array | null;
  holds: (left: number, right: number) => boolean;
}

function compileRule(rule: Rule, indexOf: (id: string) => number | undefined): CompiledRule {
  const fields = [...new Set([...rule.left.fields, ...(rule.right?.fields ?? [])])].map((id) => indexOf(id)!);
  const { op } = rule;
  const allowed = rule.allowed ?? [];
  return {
    rule,
    fields: Int32Array.from(fields),
    left: compileFormula(rule.left, indexOf),
    right: rule.right ? compileFormula(rule.right, indexOf) : null,
    leftSum: sumOfFields(rule.left, indexOf),
    rightSum: rule.right ? sumOfFields(rule.right, indexOf) : null,
    holds: isScreenable(op) ? (left, right) => compares(op, left, right) : (left) => allowed.includes(left),
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

/** A sum side's value as its compiled formula gives it: NaN unless finite. */
function finiteSum(fields: Int32Array, values: Float64Array): number {
  const total = sumAt(fields, values);
  return Number.isFinite(total) ? total : Number.NaN;
}

/**
 * The finding when the row breaks the rule; null when it holds or cannot be judged (an input not
 * reported, a side with no value such as a zero denominator). Allocates nothing when it holds.
 */
function brokenRule(compiled: CompiledRule, row: SubmissionRow): Diagnostic | null {
  const { rule, fields, holds, leftSum, rightSum } = compiled;
  const values = row.values;
  if (readsUnreported(fields, values)) return null;
  const left = leftSum ? finiteSum(leftSum, values) : compiled.left(values);
  if (Number.isNaN(left)) return null;
  const right = !compiled.right ? Number.NaN : rightSum ? finiteSum(rightSum, values) : compiled.right(values);
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

/** A level's rules: all of them in plan order, the screenable ones as one screen, and the rest. */
interface LevelRules {
  all: CompiledRule[];
  screen: RuleScreen;
  unscreened: CompiledRule[];
}

function levelRules(all: CompiledRule[]): LevelRules {
  const screenable = (c: CompiledRule) => isScreenable(c.rule.op) && c.leftSum !== null && c.rightSum !== null;
  return {
    all,
    screen: new RuleScreen(all.filter(screenable).map((c) => ({ op: c.rule.op, left: c.leftSum!, right: c.rightSum! }))),
    unscreened: all.filter((c) => !screenable(c)),
  };
}

const consistencyRules: RowCheck = (row, { rulesByLevel, level }) => {
  const rules = rulesByLevel.get(level ?? '')!;
  let problems: Diagnostic[] | null = null;
  // Most rows break no rule: the screen says so in one loop; a flagged row gets every rule checked.
  for (const compiled of rules.screen.mayBreak(row.values) ? rules.all : rules.unscreened) {
    const broken = brokenRule(compiled, row);
    if (broken) (problems ??= []).push(broken);
  }
  return problems ?? NONE;
};

/** For each level (and '' for none), the rules that apply there, in plan order. */
function rulesByLevel(rules: CompiledRule[]): Map<Level | '', LevelRules> {
  const levels: (Level | '')[] = ['', 'province', 'city', 'county', 'township', 'village'];
  return new Map(levels.map((level) => [level, levelRules(rules.filter(({ rule }) => !rule.levels || (level !== '' && rule.levels.includes(level))))]));
}

export const ROW_CHECKS: readonly RowCheck[] = [yearInPeriod, knownRegion, noDuplicate, consistencyRules];

export interface CheckerState {
  crossRows: CrossRowState;
}

/**
 * Runs every row check on rows as they stream past, then the cross-row checks in finish().
 * Holds 16 bytes per region and year (the duplicate index) plus per-region totals, never the rows.
 */
export class SubmissionChecker {
  private readonly context: CheckContext;
  private readonly crossRows: CrossRowChecker;

  constructor(plan: Plan) {
    const inputIndex = new Map(plan.inputs.map((input) => [input.id, input.index]));
    this.crossRows = new CrossRowChecker(plan);
    const indexOf = (id: string) => inputIndex.get(id);
    this.context = {
      rulesByLevel: rulesByLevel(plan.rules.map((rule) => compileRule(rule, indexOf))),
      period: submissionYears(plan.meta),
      lastKnownCounty: 'none',
      seen: new RowIndex(),
      files: new FileNames(),
      duplicate: false,
      level: null,
      divisionCodes: plan.divisions ? new Set(plan.divisions.map((d) => d.code)) : null,
      plan,
    };
  }

  check(row: SubmissionRow): readonly Diagnostic[] {
    this.context.level = regionLevel(row.code);
    let problems: readonly Diagnostic[] = NONE;
    for (const check of ROW_CHECKS) {
      const found = check(row, this.context);
      if (found.length > 0) problems = problems.length === 0 ? found : [...problems, ...found];
    }
    if (!this.context.duplicate) this.crossRows.add(row, this.context.level);
    return problems;
  }

  /** What the checker keeps from rows read so far, as plain data, for absorb() (see RegionEngine.exportState). */
  exportState(): CheckerState {
    return { crossRows: this.crossRows.exportState() };
  }

  /**
   * Takes in what another checker kept from the rows after this one's (their lines `lineOffset`
   * further down), for finish(). false when a region and year is in both. A row repeated in the
   * other part is not looked for here: every row adds its region (a village, its township) to the
   * engine, and RegionEngine.absorb declines a region in both.
   */
  absorb(state: CheckerState, lineOffset: number): boolean {
    return this.crossRows.absorb(state.crossRows, lineOffset);
  }

  /** The findings that need every row: parent against children, year against year. */
  finish(): Diagnostic[] {
    return this.crossRows.finish();
  }
}
