// Turns a plan file's parsed content into a Plan, or into every problem found in it.
// Pure: the YAML text is parsed by src/io/read-plan.ts, which also supplies `locate`.

import { diagnostic, type Diagnostic } from './diagnostics.js';
import { parseFormula, type Formula } from './formula.js';
import { planFileSchema, type PlanFile } from './plan-schema.js';
import type { Indicator, InputField, Level, Plan, Rule } from './types.js';

export type YamlPath = readonly (string | number)[];
/** Where a YAML value starts (plus an offset into a scalar), 1-based. */
export type Locate = (path: YamlPath, offsetInScalar?: number) => { line: number; column: number };

interface Context {
  file: string;
  locate: Locate;
  diagnostics: Diagnostic[];
}

function report(ctx: Context, path: YamlPath, message: string, code: 'PLAN_SCHEMA' | 'PLAN_DUPLICATE_ID' = 'PLAN_SCHEMA', offset?: number): void {
  const at = ctx.locate(path, offset);
  ctx.diagnostics.push(diagnostic(code, { file: ctx.file, ...at, field: path.join('.') }, { path: path.join('.'), message }));
}

function formula(ctx: Context, source: string, path: YamlPath, known: ReadonlySet<string>): Formula | null {
  const result = parseFormula(source, known);
  for (const error of result.errors) {
    const at = ctx.locate(path, error.offset);
    const code = error.kind === 'unknown_id' ? 'FORMULA_UNKNOWN_ID' : 'FORMULA_SYNTAX';
    ctx.diagnostics.push(
      diagnostic(code, { file: ctx.file, ...at, field: path.join('.') }, { formula: source, message: error.message, id: error.id ?? '' }),
    );
  }
  return result.formula;
}

function checkUnique(ctx: Context, items: readonly { id: string }[], section: string): void {
  const seen = new Map<string, number>();
  items.forEach((item, i) => {
    const first = seen.get(item.id);
    if (first === undefined) seen.set(item.id, i);
    else report(ctx, [section, i, 'id'], `'${item.id}' is declared twice (first at ${section}[${first}])`, 'PLAN_DUPLICATE_ID');
  });
}

function buildInputs(ctx: Context, file: PlanFile): InputField[] {
  checkUnique(ctx, file.inputs, 'inputs');
  const known = new Set(file.inputs.map((i) => i.id));
  return file.inputs.map((raw, index) => {
    let weight: Formula | undefined;
    if (raw.aggregate === 'weighted_mean') {
      if (raw.weight === undefined) report(ctx, ['inputs', index, 'aggregate'], 'weighted_mean needs a weight (a formula over other inputs)');
      else weight = formula(ctx, raw.weight, ['inputs', index, 'weight'], known) ?? undefined;
      if (weight?.fields.includes(raw.id)) report(ctx, ['inputs', index, 'weight'], 'a weight cannot depend on the input it weights');
    } else if (raw.weight !== undefined) {
      report(ctx, ['inputs', index, 'weight'], `weight is only used with aggregate: weighted_mean, not ${raw.aggregate}`);
    }
    if (raw.min !== undefined && raw.max !== undefined && raw.min > raw.max) {
      report(ctx, ['inputs', index, 'max'], `max ${raw.max} is below min ${raw.min}`);
    }
    const { notes: _notes, weight: _weight, ...rest } = raw;
    return { ...rest, weight, index };
  });
}

const COMPARISON = /(<=|>=|\u2264|\u2265|<|>|=)/; // \u2264 ≤, \u2265 ≥

function buildRules(ctx: Context, file: PlanFile, known: ReadonlySet<string>): Rule[] {
  const raws = file.rules ?? [];
  checkUnique(ctx, raws, 'rules');
  const rules: Rule[] = [];
  raws.forEach((raw, i) => {
    const path = ['rules', i, 'assert'];
    const membership = /^(.*?)\s+in\s+\[([^\]]*)\]\s*$/.exec(raw.assert);
    const base = { id: raw.id, levels: raw.levels as Level[] | undefined, message: raw.message };
    if (membership) {
      const left = formula(ctx, membership[1]!, path, known);
      const allowed = membership[2]!.split(',').map((s) => Number(s.trim()));
      if (allowed.some((n) => !Number.isFinite(n))) report(ctx, path, 'the list after "in" must hold numbers, e.g. [0, 1]');
      if (left) rules.push({ ...base, left, op: 'in', allowed });
      return;
    }
    const match = COMPARISON.exec(raw.assert);
    if (!match) {
      report(ctx, path, 'a rule reads "<formula> <op> <formula>" (op: <= >= < > =) or "<formula> in [a, b]"');
      return;
    }
    const at = match.index;
    const op = ({ '≤': '<=', '≥': '>=' } as Record<string, Rule['op']>)[match[1]!] ?? (match[1] as Rule['op']);
    const left = formula(ctx, raw.assert.slice(0, at), path, known);
    const rightText = raw.assert.slice(at + match[1]!.length);
    const right = parseFormula(rightText, known);
    for (const error of right.errors) {
      const pos = ctx.locate(path, at + match[1]!.length + error.offset);
      const code = error.kind === 'unknown_id' ? 'FORMULA_UNKNOWN_ID' : 'FORMULA_SYNTAX';
      ctx.diagnostics.push(diagnostic(code, { file: ctx.file, ...pos, field: path.join('.') }, { formula: raw.assert, message: error.message, id: error.id ?? '' }));
    }
    if (left && right.formula) rules.push({ ...base, left, op, right: right.formula });
  });
  return rules;
}

/** Inputs a value depends on: the formula's, plus the weights of weighted means, transitively. */
function requiredInputs(formula: Formula, inputs: readonly InputField[]): number[] {
  const byId = new Map(inputs.map((i) => [i.id, i]));
  const needed = new Set<number>();
  const visit = (id: string): void => {
    const input = byId.get(id);
    if (!input || needed.has(input.index)) return;
    needed.add(input.index);
    input.weight?.fields.forEach(visit);
  };
  formula.fields.forEach(visit);
  return [...needed].sort((a, b) => a - b);
}

function buildIndicators(ctx: Context, file: PlanFile, inputs: InputField[]): Indicator[] {
  checkUnique(ctx, file.indicators, 'indicators');
  const known = new Set(inputs.map((i) => i.id));
  const indicators: Indicator[] = [];
  file.indicators.forEach((raw, i) => {
    const path = ['indicators', i];
    const parsed = formula(ctx, raw.formula, [...path, 'formula'], known);
    if (raw.target.comparator === '≈' && raw.target.tolerance === undefined) {
      report(ctx, [...path, 'target', 'comparator'], '"≈" needs a tolerance (how far from the target still counts as "about")');
    }
    if (raw.target.better !== undefined && raw.target.comparator !== '≈') {
      report(ctx, [...path, 'target', 'better'], `better is only used with "≈"; "${raw.target.comparator}" already says which side meets the target`);
    }
    if (raw.lever !== undefined && parsed && !parsed.fields.includes(raw.lever)) {
      report(ctx, [...path, 'lever'], `lever '${raw.lever}' is not one of the formula's inputs (${parsed.fields.join(', ')})`);
    }
    if (!parsed) return;
    const { quotas, baseline_note: _note, formula: _f, levels, ...rest } = raw;
    indicators.push({
      ...rest,
      formula: parsed,
      levels: levels as Level[],
      quotas: quotas ?? {},
      requires: requiredInputs(parsed, inputs),
    });
  });
  return indicators;
}

function checkYears(ctx: Context, file: PlanFile): void {
  const { baseline_year, target_year, period } = file.plan;
  if (baseline_year >= target_year) report(ctx, ['plan', 'target_year'], `target_year ${target_year} must come after baseline_year ${baseline_year}`);
  if (period && period.from > period.to) report(ctx, ['plan', 'period', 'to'], `period ends (${period.to}) before it starts (${period.from})`);
}

/** zod's words for the two commonest slips, in the plan file's own terms. */
function describeIssue(issue: { code: string; message: string; input?: unknown; expected?: unknown }, path: YamlPath): string {
  const key = path.at(-1);
  if (issue.code === 'invalid_type' && issue.input === undefined) {
    return typeof key === 'string' ? `'${key}' is required here but missing` : 'a value is required here';
  }
  if (issue.code === 'invalid_type') return `${typeof key === 'string' ? `'${key}': ` : ''}expected ${String(issue.expected)}, found ${describeValue(issue.input)}`;
  return issue.message;
}

function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  return `${typeof value} ${JSON.stringify(value)}`;
}

/** Validates a plan file's content; returns the Plan only when there is no problem at all. */
export function buildPlan(raw: unknown, file: string, locate: Locate): { plan: Plan | null; diagnostics: Diagnostic[] } {
  const ctx: Context = { file, locate, diagnostics: [] };
  const parsed = planFileSchema.safeParse(raw, { reportInput: true });
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const path = issue.path.filter((p): p is string | number => typeof p !== 'symbol');
      if (issue.code === 'unrecognized_keys') {
        for (const key of issue.keys) report(ctx, [...path, key], `unknown key '${key}' (check its spelling against the plan file format)`);
      } else {
        report(ctx, path, describeIssue(issue, path));
      }
    }
    return { plan: null, diagnostics: ctx.diagnostics };
  }
  const data = parsed.data;
  checkYears(ctx, data);
  const inputs = buildInputs(ctx, data);
  const known = new Set(inputs.map((i) => i.id));
  const rules = buildRules(ctx, data, known);
  const indicators = buildIndicators(ctx, data, inputs);
  if (ctx.diagnostics.length > 0) return { plan: null, diagnostics: ctx.diagnostics };
  const { $schema: _schema, ...meta } = { $schema: data.$schema, ...data.plan };
  return { plan: { meta, inputs, indicators, rules }, diagnostics: [] };
}
