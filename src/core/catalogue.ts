// Turns a plan file's parsed content into a Plan, or into every problem found in it.
// Pure: the YAML text is parsed by src/io/read-plan.ts, which also supplies `locate`.

import { diagnostic, type Diagnostic } from './diagnostics.js';
import { parseFormula, type Formula } from './formula.js';
import { z } from 'zod';
import { planFileSchema, type PlanFile } from './plan-schema.js';
import type { Comparator, Indicator, InputField, Level, Plan, Rule } from './types.js';

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

/** Duplicate ids in a section, over every item with an id (even one with other problems); each names the line of the first. */
function checkUnique(ctx: Context, items: readonly unknown[], section: string): void {
  const seen = new Map<string, number>();
  items.forEach((item, i) => {
    const id = (item as { id?: unknown } | null)?.id;
    if (typeof id !== 'string') return;
    const first = seen.get(id);
    if (first === undefined) seen.set(id, i);
    else report(ctx, [section, i, 'id'], `'${id}' is declared twice (first at line ${ctx.locate([section, first, 'id']).line}, ${section}[${first}])`, 'PLAN_DUPLICATE_ID');
  });
}

function buildInputs(ctx: Context, file: Sections, known: ReadonlySet<string>): InputField[] {
  const built: InputField[] = [];
  file.inputs.forEach((raw, index) => {
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
    built.push({ ...rest, weight, index });
  });
  return built;
}

const COMPARISON = /(<=|>=|\u2264|\u2265|<|>|\uff1c|\uff1e|=)/; // \u2264 ≤, \u2265 ≥, \uff1c ＜, \uff1e ＞

/** A target's comparator as written (aliases included) to the one it means. */
const COMPARATORS: Record<string, Comparator> = { '≥': '>=', '≤': '<=', '＞': '>', '＜': '<' };

function buildRules(ctx: Context, file: Sections, known: ReadonlySet<string>): Rule[] {
  const raws = file.rules;
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
    const op = (COMPARATORS[match[1]!] as Rule['op'] | undefined) ?? (match[1] as Rule['op']);
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

function buildIndicators(ctx: Context, file: Sections, inputs: InputField[], known: ReadonlySet<string>): Indicator[] {
  const indicators: Indicator[] = [];
  file.indicators.forEach((raw, i) => {
    const path = ['indicators', i];
    const parsed = formula(ctx, raw.formula, [...path, 'formula'], known);
    const comparator = COMPARATORS[raw.target.comparator] ?? (raw.target.comparator as Comparator);
    if (raw.target.comparator === '≈' && raw.target.tolerance === undefined) {
      report(ctx, [...path, 'target', 'comparator'], '"≈" needs a tolerance (how far from the target still counts as "about")');
    }
    if (raw.target.better !== undefined && comparator !== '≈') {
      report(ctx, [...path, 'target', 'better'], `better is only used with "≈"; "${comparator}" already says which side meets the target`);
    }
    if (raw.lever !== undefined && parsed && !parsed.fields.includes(raw.lever)) {
      report(ctx, [...path, 'lever'], `lever '${raw.lever}' is not one of the formula's inputs (${parsed.fields.join(', ')})`);
    }
    if (!parsed) return;
    const { quotas, baseline_note: _note, formula: _f, levels, ...rest } = raw;
    indicators.push({
      ...rest,
      target: { ...raw.target, comparator },
      formula: parsed,
      levels: levels as Level[],
      quotas: quotas ?? {},
      requires: requiredInputs(parsed, inputs),
    });
  });
  return indicators;
}

function checkYears(ctx: Context, meta: PlanFile['plan']): void {
  const { baseline_year, target_year, period } = meta;
  if (baseline_year >= target_year) report(ctx, ['plan', 'target_year'], `target_year ${target_year} must come after baseline_year ${baseline_year}`);
  if (period && period.from > period.to) report(ctx, ['plan', 'period', 'to'], `period ends (${period.to}) before it starts (${period.from})`);
}

/** zod's words for the two commonest slips, in the plan file's own terms. */
function describeIssue(issue: { code: string; message: string; input?: unknown; expected?: unknown }, path: YamlPath): string {
  const key = path.at(-1);
  const inTarget = key === 'target' || (path.at(-2) === 'target' && key === 'value');
  if (inTarget && issue.code === 'invalid_type' && issue.input !== undefined) {
    return `a target is a number with a comparator, not ${describeValue(issue.input)}: write target: { value: 18, comparator: ">" } (comparator one of >= <= > < = ≈; the unit goes in unit:)`;
  }
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

/** The plan file's sections as far as they are valid: a list item with any problem is a hole (its index kept). */
interface Sections {
  $schema?: string;
  plan: PlanFile['plan'] | null;
  inputs: PlanFile['inputs'];
  rules: NonNullable<PlanFile['rules']>;
  indicators: PlanFile['indicators'];
}

const shape = planFileSchema.shape;
type ListKey = 'inputs' | 'rules' | 'indicators';

function reportIssues(ctx: Context, issues: readonly z.core.$ZodIssue[], prefix: YamlPath): void {
  for (const issue of issues) {
    const path = [...prefix, ...issue.path.filter((p): p is string | number => typeof p !== 'symbol')];
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) report(ctx, [...path, key], `unknown key '${key}' (check its spelling against the plan file format)`);
    } else {
      report(ctx, path, describeIssue(issue as Parameters<typeof describeIssue>[0], path));
    }
  }
}

/** Items with a schema problem, by section and index, as written: their formulas are still checked. */
type Failed = Record<ListKey, Map<number, Record<string, unknown>>>;

/** One list section, item by item, so that one bad item hides nothing in the others. */
function parseList<K extends ListKey>(ctx: Context, raw: Record<string, unknown>, key: K, failed: Failed): Sections[K] {
  const value = raw[key];
  const schema = shape[key] as z.ZodType;
  if (!Array.isArray(value) || value.length === 0) {
    const whole = schema.safeParse(value, { reportInput: true });
    if (!whole.success) reportIssues(ctx, whole.error.issues, [key]);
    return [] as unknown as Sections[K];
  }
  const list = (schema instanceof z.ZodOptional ? schema.unwrap() : schema) as z.ZodArray<z.ZodType>;
  const items: unknown[] = [];
  value.forEach((item, i) => {
    const parsed = list.element.safeParse(item, { reportInput: true });
    if (parsed.success) items[i] = parsed.data;
    else {
      reportIssues(ctx, parsed.error.issues, [key, i]);
      if (item !== null && typeof item === 'object') failed[key].set(i, item as Record<string, unknown>);
    }
  });
  return items as Sections[K];
}

function parseSections(ctx: Context, raw: unknown, failed: Failed): Sections | null {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    const parsed = planFileSchema.safeParse(raw, { reportInput: true });
    if (!parsed.success) reportIssues(ctx, parsed.error.issues, []);
    return null;
  }
  const record = raw as Record<string, unknown>;
  for (const key of Object.keys(record)) {
    if (!(key in shape)) report(ctx, [key], `unknown key '${key}' (check its spelling against the plan file format)`);
  }
  const meta = shape.plan.safeParse(record.plan, { reportInput: true });
  if (!meta.success) reportIssues(ctx, meta.error.issues, ['plan']);
  const schemaRef = shape.$schema.safeParse(record.$schema, { reportInput: true });
  if (!schemaRef.success) reportIssues(ctx, schemaRef.error.issues, ['$schema']);
  for (const key of ['inputs', 'rules', 'indicators'] as const) {
    if (Array.isArray(record[key])) checkUnique(ctx, record[key], key);
  }
  return {
    $schema: schemaRef.success ? schemaRef.data : undefined,
    plan: meta.success ? meta.data : null,
    inputs: parseList(ctx, record, 'inputs', failed),
    rules: parseList(ctx, record, 'rules', failed),
    indicators: parseList(ctx, record, 'indicators', failed),
  };
}

/** Input ids as written, valid or not, so that an input with another problem does not also make every formula using it unknown. */
function declaredInputIds(raw: unknown): Set<string> {
  const inputs = (raw as { inputs?: unknown } | null)?.inputs;
  const ids = Array.isArray(inputs) ? inputs.map((i) => (i as { id?: unknown } | null)?.id) : [];
  return new Set(ids.filter((id): id is string => typeof id === 'string'));
}

/**
 * Validates a plan file's content in one pass: schema, formula, duplicate-id and rule problems all
 * together, each located. Returns the Plan only when there is no problem at all.
 */
export function buildPlan(raw: unknown, file: string, locate: Locate): { plan: Plan | null; diagnostics: Diagnostic[] } {
  const ctx: Context = { file, locate, diagnostics: [] };
  const failed: Failed = { inputs: new Map(), rules: new Map(), indicators: new Map() };
  const data = parseSections(ctx, raw, failed);
  if (!data) return { plan: null, diagnostics: ctx.diagnostics };
  if (data.plan) checkYears(ctx, data.plan);
  const known = declaredInputIds(raw);
  checkFailedFormulas(ctx, failed, data, known);
  const inputs = buildInputs(ctx, data, known);
  const rules = buildRules(ctx, data, known);
  const indicators = buildIndicators(ctx, data, inputs, known);
  if (ctx.diagnostics.length > 0 || !data.plan) return { plan: null, diagnostics: sortByLine(ctx.diagnostics) };
  const { $schema: _schema, ...meta } = { $schema: data.$schema, ...data.plan };
  return { plan: { meta, inputs, indicators, rules }, diagnostics: [] };
}

/** The formulas of items with a schema problem, so that a formula mistake is not found only after the schema one is fixed. */
function checkFailedFormulas(ctx: Context, failed: Failed, data: Sections, known: ReadonlySet<string>): void {
  for (const [i, item] of failed.inputs) if (typeof item.weight === 'string') formula(ctx, item.weight, ['inputs', i, 'weight'], known);
  for (const [i, item] of failed.indicators) if (typeof item.formula === 'string') formula(ctx, item.formula, ['indicators', i, 'formula'], known);
  // A rule's own checks run on its id and assert alone (buildRules skips nothing it is given).
  for (const [i, item] of failed.rules) if (typeof item.assert === 'string') data.rules[i] = { id: String(item.id), assert: item.assert };
}

/** Findings in file order (the sections are checked one after another). */
function sortByLine(diagnostics: Diagnostic[]): Diagnostic[] {
  return diagnostics.sort((a, b) => (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0));
}
