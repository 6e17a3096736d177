// Checks across a row's cells and across rows, as rows stream past. Each check is a small named
// function; the plan's consistency rules are data (plan.rules), not code.

import { diagnostic, type Diagnostic } from './diagnostics.js';
import { evaluate } from './formula.js';
import { regionLevel } from './regions.js';
import type { Plan, Rule, SubmissionRow } from './types.js';

type RowCheck = (row: SubmissionRow, context: CheckContext) => Diagnostic[];

interface CheckContext {
  plan: Plan;
  lookup: (id: string) => number;
  seen: Map<string, { file: string; line: number }>;
  divisionCodes: Set<string> | null;
  inputIndex: Map<string, number>;
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

const knownRegion: RowCheck = (row, { divisionCodes }) => {
  const level = regionLevel(row.code);
  // The division list names provinces, cities and counties; finer codes are checked by their county.
  const checkedCode = level === 'township' || level === 'village' ? row.code.slice(0, 6) : row.code;
  if (!divisionCodes || divisionCodes.has(checkedCode)) return [];
  return [diagnostic('REGION_UNKNOWN', where(row, 'region_code'), { value: row.code })];
};

const noDuplicate: RowCheck = (row, { seen }) => {
  const key = `${row.code}:${row.year}`;
  const first = seen.get(key);
  if (!first) {
    seen.set(key, row.source);
    return [];
  }
  return [diagnostic('DUPLICATE_ROW', where(row, 'region_code'), { first_file: first.file, first_line: first.line })];
};

function ruleHolds(rule: Rule, lookup: (id: string) => number): { holds: boolean; left: number; right: number } | null {
  const left = evaluate(rule.left, lookup).value;
  if (left === null) return null;
  if (rule.op === 'in') return { holds: rule.allowed!.includes(left), left, right: Number.NaN };
  const right = evaluate(rule.right!, lookup).value;
  if (right === null) return null;
  return { holds: RULE_OPS[rule.op](left, right), left, right };
}

const consistencyRules: RowCheck = (row, { plan, lookup }) => {
  const level = regionLevel(row.code);
  const problems: Diagnostic[] = [];
  for (const rule of plan.rules) {
    if (rule.levels && (!level || !rule.levels.includes(level))) continue;
    const outcome = ruleHolds(rule, lookup);
    if (!outcome || outcome.holds) continue;
    const field = rule.left.fields[0];
    problems.push(
      diagnostic('RULE_BROKEN', where(row, field), {
        rule: rule.id,
        assert: rule.op === 'in' ? `${rule.left.source} in [${rule.allowed!.join(', ')}]` : `${rule.left.source} ${rule.op} ${rule.right!.source}`,
        left: outcome.left,
        right: Number.isNaN(outcome.right) ? '' : outcome.right,
        message: rule.message ?? '',
      }),
    );
  }
  return problems;
};

export const ROW_CHECKS: readonly RowCheck[] = [yearInPeriod, knownRegion, noDuplicate, consistencyRules];

/** Runs every row check on rows as they stream past; holds only one small entry per region and year. */
export class SubmissionChecker {
  private readonly context: CheckContext;
  private current: SubmissionRow | null = null;

  constructor(plan: Plan) {
    const inputIndex = new Map(plan.inputs.map((input) => [input.id, input.index]));
    this.context = {
      plan,
      inputIndex,
      seen: new Map(),
      divisionCodes: plan.divisions ? new Set(plan.divisions.map((d) => d.code)) : null,
      lookup: (id) => {
        const at = inputIndex.get(id);
        return at === undefined || !this.current ? Number.NaN : this.current.values[at]!;
      },
    };
  }

  check(row: SubmissionRow): Diagnostic[] {
    this.current = row;
    return ROW_CHECKS.flatMap((check) => check(row, this.context));
  }
}
