// The region engine as it was before the scale work (commit b68740e), kept verbatim as a test oracle:
// the optimised engine in src/core/aggregate.ts must give exactly the same results.

// The region engine: rows stream in, inputs roll up the hierarchy by each field's rule, and every
// indicator is computed from the aggregated inputs (a ratio of sums, never a mean of ratios).
//
// Aggregation is per indicator: a parent's value uses only the children that report every input
// the indicator needs, and records how many did. Indicators that need the same inputs share one
// "input set", so the work is per set, not per indicator.
//
// Memory grows with regions, not rows: village rows (12 digits, never a parent) are folded into
// their township as they arrive; only rows of townships and above are kept.

import { divisionFor, divisionIndexOf, expectedChildren } from '../../src/core/divisions.js';
import { evaluate, type Formula } from '../../src/core/formula.js';
import { childLevelOf, levelDepth, parentCode, regionLevel } from '../../src/core/regions.js';
import type { Coverage, IndicatorValue, InputField, Level, Plan, Reason, SubmissionRow } from '../../src/core/types.js';

interface InputSet {
  /** Field indexes (into plan.inputs) this set needs, ascending. */
  fields: number[];
  /** For each position in `fields`: the weight formula of a weighted mean, evaluated on the set. */
  weights: (Formula | null)[];
  aggregates: InputField['aggregate'][];
  /** Field id -> position in `fields`. */
  position: Map<string, number>;
}

interface SetTotals {
  count: number;
  /** sum: Σx; weighted_mean: Σw·x; min/max: the extreme. */
  totals: Float64Array;
  /** weighted_mean only: Σw. */
  weightTotals: Float64Array;
  contributors: string[] | null;
}

/** A region's inputs for one set: values in set order, or why there are none. */
export interface SetValues {
  values: Float64Array | null;
  reason?: Reason;
  coverage: Coverage | null;
  /** Child codes that contributed (only with keepContributors). */
  contributors?: string[];
}

interface RegionNode {
  code: string;
  level: Level;
  year: number;
  name: string;
  own: Float64Array | null;
  villageRows: number;
  children: SetTotals[] | null;
  resolved: SetValues[] | null;
  /** Children expected, set by finish(). */
  expected: number;
}

export interface RegionResult {
  code: string;
  name: string;
  level: Level;
  year: number;
  /** One per plan indicator, in plan order. */
  values: IndicatorValue[];
  /** The region's own row, if it reported one (NaN = not reported). */
  own: Float64Array | null;
  submitted: boolean;
  sets: SetValues[];
}

export interface EngineResult {
  years: number[];
  /** Sorted by year, then region code. */
  regions: RegionResult[];
  get(code: string, year: number): RegionResult | undefined;
  /** For an indicator index: its input set (field order of SetValues.values). */
  setOf(indicatorIndex: number): { index: number; fields: number[]; position: ReadonlyMap<string, number> };
}

export interface EngineOptions {
  /** Keep the list of contributing child codes per region and set (for `explain`). */
  keepContributors?: boolean;
}

const MAX_CONTRIBUTORS = 10_000;

function buildSets(plan: Plan): { sets: InputSet[]; setOfIndicator: number[] } {
  const keyToSet = new Map<string, number>();
  const sets: InputSet[] = [];
  const setOfIndicator = plan.indicators.map((indicator) => {
    const key = indicator.requires.join(',');
    let index = keyToSet.get(key);
    if (index === undefined) {
      index = sets.length;
      keyToSet.set(key, index);
      const fields = indicator.requires;
      sets.push({
        fields,
        weights: fields.map((f) => plan.inputs[f]!.weight ?? null),
        aggregates: fields.map((f) => plan.inputs[f]!.aggregate),
        position: new Map(fields.map((f, i) => [plan.inputs[f]!.id, i])),
      });
    }
    return index;
  });
  return { sets, setOfIndicator };
}

function lookupIn(set: InputSet, values: Float64Array): (id: string) => number {
  return (id) => {
    const at = set.position.get(id);
    return at === undefined ? Number.NaN : values[at]!;
  };
}

export class RegionEngine {
  private readonly nodes = new Map<string, RegionNode>();
  private readonly sets: InputSet[];
  private readonly setOfIndicator: number[];
  /** Village rows seen ("year:code"): a repeated one is left out. */
  private readonly villages = new Set<string>();

  constructor(
    private readonly plan: Plan,
    private readonly options: EngineOptions = {},
  ) {
    ({ sets: this.sets, setOfIndicator: this.setOfIndicator } = buildSets(plan));
  }

  /** Adds one row. Rows with an unusable code are ignored here (validation reports them). */
  add(row: SubmissionRow): void {
    const level = regionLevel(row.code);
    if (!level) return;
    if (level === 'village') {
      const key = `${row.year}:${row.code}`;
      if (this.villages.has(key)) return;
      this.villages.add(key);
      const township = this.node(parentCode(row.code)!, row.year);
      township.villageRows++;
      this.foldIntoParent(township, row.code, (set) => this.ownSetValues(row.values, set));
      return;
    }
    const node = this.node(row.code, row.year);
    if (node.own) return; // a second row for the same region and year: validation reports it
    node.own = row.values;
    if (row.name) node.name = row.name;
  }

  finish(): EngineResult {
    this.addAncestors();
    this.expectChildren();
    const ordered = [...this.nodes.values()].sort((a, b) => levelDepth(b.level) - levelDepth(a.level));
    for (const node of ordered) this.resolve(node);
    const regions = [...this.nodes.values()]
      .sort((a, b) => a.year - b.year || a.code.localeCompare(b.code))
      .map((node) => this.result(node));
    const index = new Map(regions.map((r) => [`${r.year}:${r.code}`, r]));
    const years = [...new Set(regions.map((r) => r.year))].sort((a, b) => a - b);
    return {
      years,
      regions,
      get: (code, year) => index.get(`${year}:${code}`),
      setOf: (i) => {
        const index = this.setOfIndicator[i]!;
        return { index, ...this.sets[index]! };
      },
    };
  }

  private node(code: string, year: number): RegionNode {
    const key = `${year}:${code}`;
    let node = this.nodes.get(key);
    if (!node) {
      node = {
        code,
        year,
        level: regionLevel(code)!,
        name: code.length === 6 ? (divisionFor(this.plan, code, year)?.name ?? '') : '',
        own: null,
        villageRows: 0,
        children: null,
        resolved: null,
        expected: 0,
      };
      this.nodes.set(key, node);
    }
    return node;
  }

  private addAncestors(): void {
    for (const node of [...this.nodes.values()]) {
      let code = parentCode(node.code);
      while (code) {
        const key = `${node.year}:${code}`;
        if (this.nodes.has(key)) break;
        this.node(code, node.year);
        code = parentCode(code);
      }
    }
  }

  /** A row's values for one set, or null when it lacks any of them. */
  private ownSetValues(values: Float64Array, set: InputSet): Float64Array | null {
    const out = new Float64Array(set.fields.length);
    for (let i = 0; i < set.fields.length; i++) {
      const v = values[set.fields[i]!]!;
      if (Number.isNaN(v)) return null;
      out[i] = v;
    }
    return out;
  }

  private foldIntoParent(parent: RegionNode, childCode: string, valuesFor: (set: InputSet, index: number) => Float64Array | null): void {
    parent.children ??= this.sets.map((set) => ({
      count: 0,
      totals: new Float64Array(set.fields.length),
      weightTotals: new Float64Array(set.fields.length),
      contributors: this.options.keepContributors ? [] : null,
    }));
    this.sets.forEach((set, s) => {
      const values = valuesFor(set, s);
      if (!values) return;
      const acc = parent.children![s]!;
      for (let i = 0; i < set.fields.length; i++) {
        const x = values[i]!;
        // An input that belongs to a level is folded by max below it (into a parent at or below that level).
        const input = this.plan.inputs[set.fields[i]!]!;
        const belowLevel = input.level !== undefined && input.aggregate === 'sum' && levelDepth(parent.level) >= levelDepth(input.level);
        switch (belowLevel ? 'max' : set.aggregates[i]) {
          case 'sum':
            acc.totals[i] = acc.totals[i]! + x;
            break;
          case 'weighted_mean': {
            const w = evaluate(set.weights[i]!, lookupIn(set, values));
            const weight = w.value ?? 0;
            acc.totals[i] = acc.totals[i]! + weight * x;
            acc.weightTotals[i] = acc.weightTotals[i]! + weight;
            break;
          }
          case 'min':
            acc.totals[i] = acc.count === 0 ? x : Math.min(acc.totals[i]!, x);
            break;
          case 'max':
            acc.totals[i] = acc.count === 0 ? x : Math.max(acc.totals[i]!, x);
            break;
        }
      }
      acc.count++;
      if (acc.contributors && acc.contributors.length < MAX_CONTRIBUTORS) acc.contributors.push(childCode);
    });
  }

  /**
   * Expected children: a province's or city's listed children of that year, that year's data
   * children, and data children of any year the lists do not know (listed children without data
   * become regions of their own); elsewhere the data's children of any year.
   */
  private expectChildren(): void {
    const lists = divisionIndexOf(this.plan);
    const dataNodes = [...this.nodes.values()];
    const childrenIn = (code: string, year?: number) => new Set(dataNodes.filter((n) => parentCode(n.code) === code && (year === undefined || n.year === year)).map((n) => n.code));
    const queue = [...dataNodes].sort((a, b) => levelDepth(a.level) - levelDepth(b.level));
    for (let k = 0; k < queue.length; k++) {
      const node = queue[k]!;
      const anyYear = childrenIn(node.code);
      const reported = childrenIn(node.code, node.year);
      const listed = node.level === 'province' || node.level === 'city' ? expectedChildren(this.plan, node.code, node.year, reported) : [];
      if (listed.length === 0) {
        node.expected = anyYear.size + node.villageRows;
        continue;
      }
      const all = new Set([...reported, ...listed, ...[...anyYear].filter((c) => !lists.current.has(c) && !lists.retired.has(c))]);
      node.expected = all.size + node.villageRows;
      for (const code of listed) {
        if (this.nodes.has(`${node.year}:${code}`)) continue;
        queue.push(this.node(code, node.year));
      }
    }
  }

  private resolve(node: RegionNode): void {
    const expected = node.children ? node.expected : 0;
    node.resolved = this.sets.map((set, s) => {
      const own = node.own ? this.ownSetValues(node.own, set) : null;
      if (own) return { values: own, coverage: { from: 'reported', used: 1, expected: 1 } };
      const acc = node.children?.[s];
      if (acc && acc.count > 0) return this.fromChildren(node, set, acc, expected);
      return { values: null, reason: this.missingReason(node, set), coverage: null };
    });
    const parent = parentCode(node.code);
    // A region expected but sent nothing is counted, not folded.
    if (parent && (node.own || node.children)) this.foldIntoParent(this.nodes.get(`${node.year}:${parent}`)!, node.code, (_set, s) => node.resolved![s]!.values);
  }

  private fromChildren(node: RegionNode, set: InputSet, acc: SetTotals, expected: number): SetValues {
    const values = new Float64Array(set.fields.length);
    const childLevel = childLevelOf(node.level) ?? undefined;
    const coverage: Coverage = { from: 'children', used: acc.count, expected: Math.max(expected, acc.count), childLevel };
    const contributors = acc.contributors ?? undefined;
    for (let i = 0; i < set.fields.length; i++) {
      if (set.aggregates[i] !== 'weighted_mean') {
        values[i] = acc.totals[i]!;
        continue;
      }
      if (acc.weightTotals[i] === 0) {
        return { values: null, coverage, contributors, reason: { code: 'zero_denominator', denominator: `Σ ${set.weights[i]!.source}` } };
      }
      values[i] = acc.totals[i]! / acc.weightTotals[i]!;
    }
    return { values, coverage, contributors };
  }

  private missingReason(node: RegionNode, set: InputSet): Reason {
    if (node.own) {
      const missing = set.fields.find((f) => Number.isNaN(node.own![f]!));
      return { code: 'missing_input', field: this.plan.inputs[missing!]!.id };
    }
    if (!node.children) return { code: 'not_submitted' };
    return { code: 'no_complete_child', childLevel: childLevelOf(node.level) };
  }

  private result(node: RegionNode): RegionResult {
    const sets = node.resolved!;
    const values = this.plan.indicators.map((indicator, i): IndicatorValue => {
      const s = this.setOfIndicator[i]!;
      const setValues = sets[s]!;
      const base = { code: node.code, year: node.year, indicator: indicator.id, coverage: setValues.coverage };
      if (!setValues.values) return { ...base, value: null, reason: setValues.reason };
      const result = evaluate(indicator.formula, lookupIn(this.sets[s]!, setValues.values));
      return result.value === null ? { ...base, value: null, reason: result.reason } : { ...base, value: result.value };
    });
    return { code: node.code, name: node.name, level: node.level, year: node.year, values, own: node.own, submitted: node.own !== null || node.children !== null, sets };
  }
}

/** Convenience for tests and small inputs: all rows in, results out. */
export function aggregateRows(plan: Plan, rows: Iterable<SubmissionRow>, options?: EngineOptions): EngineResult {
  const engine = new RegionEngine(plan, options);
  for (const row of rows) engine.add(row);
  return engine.finish();
}
