// Checks across a row's cells and across rows, as rows stream past. Each check is a small named
// function; the plan's consistency rules are data (plan.rules), not code.

import { CrossRowChecker } from './consistency.js';
import { diagnostic, type Diagnostic } from './diagnostics.js';
import { compileFormula, type CompiledFormula } from './compiled-formula.js';
import { regionLevel } from './regions.js';
import { RowIndex, rowKey } from './row-index.js';
import type { Level, Plan, Rule, SubmissionRow } from './types.js';

type RowCheck = (row: SubmissionRow, context: CheckContext) => Diagnostic[];

interface CheckContext {
  plan: Plan;
  seen: RowIndex;
  /** File names by index, for the places kept in `seen`. */
  files: FileNames;
  /** Set by noDuplicate: the row repeats a region and year seen before. */
  duplicate: boolean;
  divisionCodes: Set<string> | null;
  inputIndex: Map<string, number>;
  /** plan.rules, each with the input indexes it reads and its sides compiled once. */
  rules: CompiledRule[];
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

const RULE_OPS: Record<Exclude<Rule['op'], 'in'>, (a: number, b: number) => boolean> = {
  '<=': (a, b) => a <= b + 1e-9 * Math.max(1, Math.abs(b)),
  '>=': (a, b) => a >= b - 1e-9 * Math.max(1, Math.abs(b)),
  '<': (a, b) => a < b,
  '>': (a, b) => a > b,
  '=': (a, b) => Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(b)),
};

function where(row: SubmissionRow, field?: string) {
  const column = field === undefined ? undefined : row.source.columns?.get(field);
  return { file: row.source.file, line: row.source.line, column, field, region: row.code, year: row.year };
}

const yearInPeriod: RowCheck = (row, { plan }) => {
  const from = plan.meta.period?.from ?? plan.meta.baseline_year;
  const to = plan.meta.period?.to ?? plan.meta.target_year;
  if (row.year >= from && row.year <= to) return [];
  return [diagnostic('YEAR_OUT_OF_PERIOD', where(row, 'year'), { value: row.year, from, to })];
};

const knownRegion: RowCheck = (row, { divisionCodes, level }) => {
  // The division list names provinces, cities and counties; finer codes are checked by their county.
  const checkedCode = level === 'township' || level === 'village' ? row.code.slice(0, 6) : row.code;
  if (!divisionCodes || divisionCodes.has(checkedCode)) return [];
  return [diagnostic('REGION_UNKNOWN', where(row, 'region_code'), { value: row.code })];
};

const noDuplicate: RowCheck = (row, context) => {
  context.duplicate = false;
  const key = rowKey(row.code, row.year);
  if (key === null) return [];
  const first = context.seen.firstOrAdd(key, { file: context.files.indexOf(row.source.file), line: row.source.line });
  if (!first) return [];
  context.duplicate = true;
  const firstFile = context.files.names[first.file]!;
  return [diagnostic('DUPLICATE_ROW', where(row, 'region_code'), { first_file: firstFile, first_line: first.line })];
};

interface CompiledRule {
  rule: Rule;
  fields: number[];
  left: CompiledFormula;
  right: CompiledFormula | null;
}

/** null when a side has no value (a zero denominator): such a rule cannot be judged on this row. */
function ruleHolds({ rule, left: leftSide, right: rightSide }: CompiledRule, values: Float64Array): { holds: boolean; left: number; right: number } | null {
  const left = leftSide(values);
  if (Number.isNaN(left)) return null;
  if (rule.op === 'in') return { holds: rule.allowed!.includes(left), left, right: Number.NaN };
  const right = rightSide!(values);
  if (Number.isNaN(right)) return null;
  return { holds: RULE_OPS[rule.op](left, right), left, right };
}

/** "certified_community_workers 812, community_workers 640": the figures, so the clerk sees which is off. */
function ruleDetail(rule: Rule, left: number, right: number): string {
  const side = (source: string, value: number) => `${source.trim()} ${value}`;
  if (rule.op === 'in') return `${side(rule.left.source, left)}, allowed ${rule.allowed!.join(', ')}`;
  return `${side(rule.left.source, left)}, ${side(rule.right!.source, right)}`;
}

/** A rule over an input the row does not report cannot be broken; skipping it early saves most of the work. */
function readsUnreported(fields: number[], values: Float64Array): boolean {
  for (const field of fields) if (Number.isNaN(values[field]!)) return true;
  return false;
}

const consistencyRules: RowCheck = (row, { rules, level }) => {
  const problems: Diagnostic[] = [];
  for (const compiled of rules) {
    const { rule, fields } = compiled;
    if (rule.levels && (!level || !rule.levels.includes(level))) continue;
    if (readsUnreported(fields, row.values)) continue;
    const outcome = ruleHolds(compiled, row.values);
    if (!outcome || outcome.holds) continue;
    const field = rule.left.fields[0];
    problems.push(
      diagnostic('RULE_BROKEN', where(row, field), {
        rule: rule.id,
        assert: rule.op === 'in' ? `${rule.left.source} in [${rule.allowed!.join(', ')}]` : `${rule.left.source} ${rule.op} ${rule.right!.source}`,
        left: outcome.left,
        right: Number.isNaN(outcome.right) ? '' : outcome.right,
        detail: ruleDetail(rule, outcome.left, outcome.right),
        message: rule.message ?? '',
      }),
    );
  }
  return problems;
};

export const ROW_CHECKS: readonly RowCheck[] = [yearInPeriod, knownRegion, noDuplicate, consistencyRules];

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
    const fieldsOf = (rule: Rule) => [...new Set([...rule.left.fields, ...(rule.right?.fields ?? [])])].map((id) => inputIndex.get(id)!);
    this.context = {
      plan,
      inputIndex,
      rules: plan.rules.map((rule) => ({
        rule,
        fields: fieldsOf(rule),
        left: compileFormula(rule.left, indexOf),
        right: rule.right ? compileFormula(rule.right, indexOf) : null,
      })),
      seen: new RowIndex(),
      files: new FileNames(),
      duplicate: false,
      level: null,
      divisionCodes: plan.divisions ? new Set(plan.divisions.map((d) => d.code)) : null,
    };
  }

  check(row: SubmissionRow): Diagnostic[] {
    this.context.level = regionLevel(row.code);
    const problems: Diagnostic[] = [];
    for (const check of ROW_CHECKS) {
      const found = check(row, this.context);
      if (found.length > 0) problems.push(...found);
    }
    if (!this.context.duplicate) this.crossRows.add(row, this.context.level);
    return problems;
  }

  /** The findings that need every row: parent against children, year against year. */
  finish(): Diagnostic[] {
    return this.crossRows.finish();
  }
}
