// What-if: changes to submitted inputs (`--set FIELD=VALUE|+N|-N|+P%|-P%`, `--scenario FILE`),
// applied to the rows themselves so that the values and verdicts come from the same engine and the
// same judgement as `check`, never from a second implementation.
//
// A change acts on one region's value of one input in one year (by default the year being
// looked at): the region named with --region / `region:`, else the whole province. Every row in
// that region's part of the tree that reports the input is changed, the region's own row and its
// descendants alike, so whichever rows the engine ends up using, the result is the same:
//   +P% / -P%  multiplies each of those rows by (1 ± P/100): exact at every level.
//   +N / -N    the region's aggregated value A becomes A + N; each row is multiplied by (A + N) / A,
//              i.e. N is spread in proportion to the rows' values. For a sum that adds exactly N to
//              the region (and its share to each child); a weighted mean or a minimum moves by N too.
//   VALUE      the same with A becoming VALUE.
// Changed counts may become fractional: they are estimates, not submissions.

import { RegionEngine } from './aggregate.js';
import { parseFormula } from './formula.js';
import { parentCode } from './regions.js';
import type { Indicator, InputField, Plan, SubmissionRow } from './types.js';

export type ChangeOp = { kind: 'set'; value: number } | { kind: 'add'; amount: number } | { kind: 'scale'; percent: number };

export interface Change {
  /** Input id. */
  field: string;
  op: ChangeOp;
  /** As written: "+5%", "13000". */
  text: string;
  /** The region whose value changes; none: each province in the data. */
  region?: string;
  /** The year changed; none: the year being looked at. */
  year?: number;
}

/** The name the --set changes go by, as a scenario beside a file's (which may not take it). */
export const SET_SCENARIO = '--set';

export interface Scenario {
  name: string;
  changes: Change[];
}

/** Why a change could not be applied (it is then skipped, and the report says so). */
export interface ScenarioNote {
  code: 'no_rows_in_scope' | 'zero_total' | 'negative_result';
  field: string;
  region: string;
  year: number;
}

const CHANGE = /^([+\-\u2212])?(\d+(?:\.\d+)?|\.\d+)(%)?$/; // \u2212 − (minus sign)

/** Why a change cannot be read: a key of the usage texts (src/format/messages.ts) and its args. */
export interface ChangeProblem {
  usage: string;
  args: Record<string, string>;
}

/** "+5%", "-2.5%", "+30", "-30", "13000". */
export function parseChangeValue(text: string): { op: ChangeOp } | { error: ChangeProblem } {
  const match = CHANGE.exec(text.trim());
  if (!match) return { error: { usage: 'change_syntax', args: { value: text } } };
  const [, sign, digits, percent] = match;
  const magnitude = Number(digits);
  const signed = sign === undefined || sign === '+' ? magnitude : -magnitude;
  if (percent) {
    if (sign === undefined) return { error: { usage: 'change_percent_sign', args: { value: text, digits: digits! } } };
    if (signed <= -100) return { error: { usage: 'change_to_zero', args: { value: text } } };
    return { op: { kind: 'scale', percent: signed } };
  }
  return { op: sign === undefined ? { kind: 'set', value: magnitude } : { kind: 'add', amount: signed } };
}

/** An input by id or by its Chinese label. */
export function findInput(plan: Plan, name: string): InputField | undefined {
  const trimmed = name.trim();
  return plan.inputs.find((input) => input.id === trimmed) ?? plan.inputs.find((input) => input.label === trimmed);
}

export function unknownField(name: string, option?: string): ChangeProblem {
  return { usage: 'not_an_input', args: { value: name, ...(option ? { option } : {}) } };
}

/** `--set FIELD=CHANGE`, with the scope given by --region (each code) and the year being looked at. */
export function parseSetOption(text: string, plan: Plan): { field: string; op: ChangeOp; text: string } | { error: ChangeProblem } {
  const at = text.indexOf('=');
  if (at <= 0) return { error: { usage: 'set_syntax', args: { value: text } } };
  const input = findInput(plan, text.slice(0, at));
  if (!input) return { error: unknownField(text.slice(0, at), '--set') };
  const value = text.slice(at + 1).trim();
  const parsed = parseChangeValue(value);
  if ('error' in parsed) return parsed;
  return { field: input.id, op: parsed.op, text: value };
}

/** The inputs a formula over `ids` needs: the ids and, transitively, their weights' inputs. */
function requiredInputs(plan: Plan, ids: string[]): number[] {
  const needed = new Set<number>();
  const visit = (id: string): void => {
    const input = plan.inputs.find((i) => i.id === id);
    if (!input || needed.has(input.index)) return;
    needed.add(input.index);
    input.weight?.fields.forEach(visit);
  };
  ids.forEach(visit);
  return [...needed].sort((a, b) => a - b);
}

/**
 * A plan whose indicators are the given inputs themselves, so that RegionEngine aggregates each
 * input up the tree by its own rule (sum, weighted mean, min, max) and nothing else.
 */
export function fieldPlan(plan: Plan, fieldIds: string[]): Plan {
  const indicators = fieldIds.map((id): Indicator => {
    const input = plan.inputs.find((i) => i.id === id)!;
    const parsed = parseFormula(id);
    if (!parsed.formula) throw new Error(`not an input id: ${id}`);
    return {
      id,
      no: id,
      name: input.label,
      name_en: input.label_en ?? id,
      unit: input.unit,
      formula: parsed.formula,
      baseline: null,
      target: { value: 0, comparator: '>=' },
      target_year: plan.meta.target_year,
      attribute: 'expected',
      levels: [],
      quotas: {},
      requires: requiredInputs(plan, [id]),
    };
  });
  return { ...plan, indicators, rules: [] };
}

export function isWithin(code: string, ancestor: string): boolean {
  for (let c: string | null = code; c !== null; c = parentCode(c)) if (c === ancestor) return true;
  return false;
}

function provinceOf(code: string): string {
  return `${code.slice(0, 2)}0000`;
}

/**
 * The region's value of one input, aggregated by the input's own rule from the rows that report it
 * (rows that do not report it add nothing to the engine's value either).
 */
function aggregatedValue(plan: Plan, rows: readonly SubmissionRow[], field: string, region: string, year: number): number | null {
  const engine = new RegionEngine(fieldPlan(plan, [field]));
  for (const row of rows) engine.add(row);
  return engine.finish().get(region, year)?.values[0]?.value ?? null;
}

/** What every row in scope is multiplied by; `total` is the region's current value (unused for %). */
function factorFor(op: ChangeOp, total: number): number {
  switch (op.kind) {
    case 'scale':
      return 1 + op.percent / 100;
    case 'add':
      return (total + op.amount) / total;
    case 'set':
      return op.value / total;
  }
}

/** The rows (by position) each region of the change would touch: of its year, reporting the field. */
function rowsInScope(rows: readonly SubmissionRow[], change: Change, index: number, year: number): Map<string, number[]> {
  const scopes = new Map<string, number[]>();
  rows.forEach((row, k) => {
    if (row.year !== year || Number.isNaN(row.values[index]!)) return;
    const region = change.region === undefined ? provinceOf(row.code) : isWithin(row.code, change.region) ? change.region : null;
    if (region === null) return;
    let positions = scopes.get(region);
    if (!positions) scopes.set(region, (positions = []));
    positions.push(k);
  });
  return scopes;
}

/** Applies one change to `rows` in place of their entries; `own` holds the copies this scenario made. */
function applyChange(plan: Plan, rows: SubmissionRow[], own: Set<SubmissionRow>, change: Change, year: number, notes: ScenarioNote[]): void {
  const index = plan.inputs.find((i) => i.id === change.field)!.index;
  const scopes = rowsInScope(rows, change, index, year);
  const regions = change.region ? [change.region] : [...new Set(rows.filter((r) => r.year === year).map((r) => provinceOf(r.code)))].sort();
  for (const region of regions) {
    const note = { field: change.field, region, year };
    const positions = scopes.get(region) ?? [];
    if (positions.length === 0) {
      notes.push({ code: 'no_rows_in_scope', ...note });
      continue;
    }
    const total = change.op.kind === 'scale' ? 1 : aggregatedValue(plan, positions.map((k) => rows[k]!), change.field, region, year);
    if (total === null || total === 0) {
      notes.push({ code: 'zero_total', ...note });
      continue;
    }
    const factor = factorFor(change.op, total);
    if (factor < 0) {
      notes.push({ code: 'negative_result', ...note });
      continue;
    }
    for (const k of positions) {
      let row = rows[k]!;
      if (!own.has(row)) {
        row = { ...row, values: Float64Array.from(row.values) };
        own.add(row);
        rows[k] = row;
      }
      row.values[index] = row.values[index]! * factor;
    }
  }
}

/**
 * The rows with a scenario's changes applied, in order. Rows not touched are returned as they
 * came (same objects); changed rows are copies. `year` is the year a change without one acts on.
 */
export function applyScenario(plan: Plan, rows: readonly SubmissionRow[], scenario: Scenario, year: number): { rows: SubmissionRow[]; notes: ScenarioNote[] } {
  const notes: ScenarioNote[] = [];
  const result = [...rows];
  const copies = new Set<SubmissionRow>();
  for (const change of scenario.changes) applyChange(plan, result, copies, change, change.year ?? year, notes);
  return { rows: result, notes };
}
