// Machine output with the shapes of cli-contract.md. Full-precision numbers; NaN/Infinity become null.

import type { CheckStream } from '../core/judge.js';
import type { ComputeReport, ComputeRow, Coverage, Needed, Plan, Reason, Verdict } from '../core/types.js';
import { STATUSES } from '../core/types.js';
import type { Formatter, Text } from './formatter.js';
import { describeReason } from './messages.js';
import { finiteOrNull, numberText } from './numbers.js';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** `{ code, …args, message }`; the message is English whatever --lang says, so scripts see one wording. */
function reasonJson(reason: Reason, plan?: Plan): { [key: string]: Json } {
  return { ...reason, message: describeReason(reason, 'en', plan) };
}

/**
 * reasonJson, made once for each of the reasons many verdicts share (core/values.ts makes them
 * once and freezes them: "not judged at this level" is most of a national check's verdicts).
 */
function sharedReasonJson(plan?: Plan): (reason: Reason) => Json {
  const made = new Map<Reason, Json>();
  return (reason) => {
    if (!Object.isFrozen(reason)) return reasonJson(reason, plan);
    let json = made.get(reason);
    if (json === undefined) made.set(reason, (json = reasonJson(reason, plan)));
    return json;
  };
}

/**
 * A parent's coverage as the contract names it (`reported`, `expected`, `child_level`). `used` and
 * `childLevel` are the earlier names, kept for one release so that scripts reading them go on working.
 */
class CoverageJson {
  [key: string]: Json;

  constructor(coverage: Coverage) {
    this.from = coverage.from;
    this.reported = coverage.used;
    this.expected = coverage.expected;
    if (coverage.childLevel) this.child_level = coverage.childLevel;
    this.used = coverage.used;
    if (coverage.childLevel) this.childLevel = coverage.childLevel;
    if (coverage.missing) this.missing = coverage.missing;
  }
}

export function coverageJson(coverage: Coverage | null): Json {
  return coverage ? new CoverageJson(coverage) : null;
}

class NeededJson {
  [key: string]: Json;

  constructor(needed: Needed) {
    this.field = needed.field;
    this.amount = needed.amount;
  }
}

/** A verdict as the contract writes it; made by a constructor, as verdicts are (core/values.ts). */
class VerdictJson {
  [key: string]: Json;

  constructor(verdict: Verdict, reasonOf: (reason: Reason) => Json) {
    this.region_code = verdict.region_code;
    this.region_name = verdict.region_name;
    this.level = verdict.level;
    this.year = verdict.year;
    this.indicator = verdict.indicator;
    this.no = verdict.no;
    this.value = finiteOrNull(verdict.value);
    this.baseline = finiteOrNull(verdict.baseline);
    this.target = finiteOrNull(verdict.target);
    this.target_year = verdict.target_year;
    this.attribute = verdict.attribute;
    this.status = verdict.status;
    this.gap = finiteOrNull(verdict.gap);
    this.needed = verdict.needed && finiteOrNull(verdict.needed.amount) !== null ? new NeededJson(verdict.needed) : null;
    this.comparator = verdict.comparator;
    this.expected = finiteOrNull(verdict.expected);
    this.baseline_source = verdict.baseline_source;
    this.target_source = verdict.target_source;
    this.coverage = coverageJson(verdict.coverage);
    this.reason = verdict.reason ? reasonOf(verdict.reason) : null;
  }
}

function stringify(value: Json): string {
  return `${nested(value)}\n`;
}

/** An array field written item by item (see objectPieces). */
class Items {
  constructor(readonly items: Iterable<Json>) {}
}

/** A field's value: JSON, JSON made when the field is reached, or an array's items. */
type Field = Json | (() => Json) | Items;

/** What JSON.stringify escapes in a string (and surrogates, left to it to tell a pair from a lone half). */
const JSON_ESCAPED = /["\\\u0000-\u001f\ud800-\udfff]/;

/** JSON.stringify(text): each call of it costs more than the quoting of a plain name or code. */
function quoted(text: string): string {
  return JSON_ESCAPED.test(text) ? JSON.stringify(text) : `"${text}"`;
}

/**
 * JSON.stringify(value, null, 2) for a value nested in `indent` (every line after the first
 * indented by it), written out: a national check has millions of verdicts, and JSON.stringify with
 * an indent, then a replace to nest it, cost three times this. Same bytes (a property test holds
 * it to JSON.stringify).
 */
export function nested(value: Json, indent = ''): string {
  if (value === null) return 'null';
  if (typeof value === 'string') return quoted(value);
  if (typeof value === 'number') return Number.isFinite(value) ? numberText(value) : 'null';
  if (typeof value !== 'object') return JSON.stringify(value);
  const inner = `${indent}  `;
  let text = '';
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) text += `${i === 0 ? '[' : ','}\n${inner}${value[i] === undefined ? 'null' : nested(value[i]!, inner)}`;
    return text === '' ? '[]' : `${text}\n${indent}]`;
  }
  for (const key of Object.keys(value)) {
    const field = value[key];
    if (field === undefined) continue;
    text += `${text === '' ? '{' : ','}\n${inner}${quoted(key)}: ${nested(field, inner)}`;
  }
  return text === '' ? '{}' : `${text}\n${indent}}`;
}

/**
 * The text of stringify({ ...fields }) in pieces, an array given as Items written item by item:
 * a report of millions of verdicts is never one string (nor one array of objects). Same bytes.
 */
function* objectPieces(fields: [string, Field][]): Generator<string> {
  yield '{';
  for (let i = 0; i < fields.length; i++) {
    const [key, field] = fields[i]!;
    yield `${i === 0 ? '' : ','}\n  ${JSON.stringify(key)}: `;
    if (field instanceof Items) {
      let first = true;
      for (const item of field.items) {
        yield `${first ? '[' : ','}\n    ${nested(item, '    ')}`;
        first = false;
      }
      yield first ? '[]' : '\n  ]';
    } else {
      yield nested(typeof field === 'function' ? field() : field, '  ');
    }
  }
  yield fields.length === 0 ? '}\n' : '\n}\n';
}

function* mapped<T>(items: Iterable<T>, map: (item: T) => Json): Generator<Json> {
  for (const item of items) yield map(item);
}

function check(report: CheckStream, options: { plan?: Plan }): Text {
  const reasonOf = sharedReasonJson(options.plan);
  return objectPieces([
    ['plan', { ...report.plan }],
    ['year', report.year],
    ['results', new Items(mapped(report.results, (verdict) => new VerdictJson(verdict, reasonOf)))],
    [
      'summary',
      () => {
        const summary: { [key: string]: Json } = {};
        for (const status of STATUSES) summary[status] = report.summary[status];
        return summary;
      },
    ],
  ]);
}

function computeRowJson(row: ComputeRow, indicatorIds: string[], plan?: Plan): Json {
  const values: { [key: string]: Json } = {};
  const reasons: { [key: string]: Json } = {};
  const coverage: { [key: string]: Json } = {};
  for (const id of indicatorIds) {
    values[id] = finiteOrNull(row.values[id]);
    const reason = row.reasons[id];
    if (reason) reasons[id] = reasonJson(reason, plan);
    if (id in row.coverage) coverage[id] = coverageJson(row.coverage[id] ?? null);
  }
  return { region_code: row.region_code, region_name: row.region_name, level: row.level, year: row.year, values, reasons, coverage };
}

function compute(report: ComputeReport, options: { plan?: Plan }): Text {
  const ids = report.indicators.map((info) => info.id);
  return objectPieces([
    ['plan', { ...report.plan }],
    ['rows', new Items(mapped(report.rows, (row) => computeRowJson(row, ids, options.plan)))],
  ]);
}

function indicators(plan: Plan): Text {
  const { meta } = plan;
  return stringify({
    plan: { id: meta.id, title: meta.title, baseline_year: meta.baseline_year, target_year: meta.target_year },
    inputs: plan.inputs.map((input) => ({
      id: input.id,
      label: input.label,
      ...(input.label_en ? { label_en: input.label_en } : {}),
      unit: input.unit,
      aggregate: input.aggregate,
      ...(input.weight ? { weight: input.weight.source } : {}),
    })),
    indicators: plan.indicators.map((indicator) => ({
      id: indicator.id,
      no: indicator.no,
      name: indicator.name,
      name_en: indicator.name_en,
      unit: indicator.unit,
      formula: indicator.formula.source,
      baseline: finiteOrNull(indicator.baseline),
      target: indicator.target.value,
      comparator: indicator.target.comparator,
      ...(indicator.target.tolerance !== undefined ? { tolerance: indicator.target.tolerance } : {}),
      ...(indicator.target.better ? { better: indicator.target.better } : {}),
      target_year: indicator.target_year,
      attribute: indicator.attribute,
      levels: [...indicator.levels],
      ...(Object.keys(indicator.quotas).length > 0 ? { quotas: { ...indicator.quotas } } : {}),
    })),
  });
}

export const json: Formatter = { check, compute, indicators };
