// The region engine: rows stream in, inputs roll up the hierarchy by each field's rule, and every
// indicator is computed from the aggregated inputs (a ratio of sums, never a mean of ratios).
//
// Aggregation is per indicator: a parent's value uses only the children that report every input
// the indicator needs, and records how many did. Indicators that need the same inputs share one
// "input set", so the work is per set, not per indicator.
//
// Memory grows with regions, not rows: village rows (12 digits, never a parent) are folded into
// their township as they arrive; only rows of townships and above are kept.
//
// Speed: while every child of a region reports every input, each set's totals are the same
// per-field totals, so a region keeps one row of totals ("uniform") and folds a child once, not
// once per set. The first child that lacks an input some set needs makes the region keep totals
// per set from then on ("split"), starting from the uniform totals, so every sum still adds the
// same numbers in the same order. Indicator values are computed when a region is first read.

import { compileFormula, type CompiledFormula } from './compiled-formula.js';
import { evaluate, type Formula } from './formula.js';
import { Float64Slabs, Packer, unpack, unpackCounts, type Packed } from './packed.js';
import { childLevelOf, levelDepth, parentCode, regionLevel } from './regions.js';
import type { Coverage, Division, IndicatorValue, InputField, Level, Plan, Reason, SubmissionRow } from './types.js';

interface InputSet {
  /** Field indexes (into plan.inputs) this set needs, ascending. */
  fields: number[];
  /** For each position in `fields`: the weight formula of a weighted mean, evaluated on the set. */
  weights: (Formula | null)[];
  /** The same weights, compiled over the set's values. */
  weightOf: (CompiledFormula | null)[];
  aggregates: InputField['aggregate'][];
  /** Field id -> position in `fields`. */
  position: Map<string, number>;
  /** Where this set's totals start in a split accumulator. */
  offset: number;
}

/** A region's totals over the children folded into it so far. */
interface Accumulator {
  /** false: totals per input (by field index), one count; true: totals per set, flat at set.offset. */
  split: boolean;
  count: number;
  /** split only: children counted per set. */
  counts: Uint32Array | null;
  /**
   * sum: Σx; weighted_mean: Σw·x; min/max: the extreme. After them, from `weightBase` on, Σw of
   * each weighted mean (uniform: by weighted slot; split: in the same layout as the totals).
   */
  totals: Float64Array;
  weightBase: number;
  /** Per set: child codes that contributed (only with keepContributors). */
  contributors: string[][] | null;
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
  acc: Accumulator | null;
  /** Children expected (known from the data or the division list); set by finish(). */
  expected: number;
  /** Made when the region's result is first asked for, then the same one each time. */
  result: LazyRegionResult | null;
  /** The parent region's node (null: a province); undefined until finish() links it. */
  parent: RegionNode | null | undefined;
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
  sets: SetValues[];
}

/** What a region is, before its result is made. */
export type RegionKey = Pick<RegionResult, 'code' | 'level' | 'year'>;

export interface EngineResult {
  years: number[];
  /** Sorted by year, then region code. */
  readonly regions: RegionResult[];
  /** The regions `keep` keeps, in the order of `regions`; the others' results are not made. */
  regionsWhere(keep: (region: RegionKey) => boolean): RegionResult[];
  get(code: string, year: number): RegionResult | undefined;
  /** For an indicator index: its input set (field order of SetValues.values). */
  setOf(indicatorIndex: number): { index: number; fields: number[]; position: ReadonlyMap<string, number> };
}

/**
 * An engine's gathered regions, in the order they were first seen (see exportState), by column
 * (two objects per region, 20,000 townships, added several MB to the peak of both threads just
 * when a part was handed over). Per region: its code, its name, and its NodeNumbers, one after
 * another in `numbers`.
 */
export interface EngineState {
  codes: string[];
  names: string[];
  numbers: Float64Array;
  packed: Packed;
}

/** A region's numbers in EngineState; its arrays as places in `packed`, and hasAcc 0 when it has no accumulator. */
type NodeNumbers = [
  year: number,
  villageRows: number,
  expected: number,
  own: number,
  hasAcc: number,
  split: number,
  count: number,
  weightBase: number,
  totals: number,
  width: number,
  counts: number,
];

const NODE_NUMBERS = 11;

/** A finished engine's regions (those finish() kept) and years, as plain data: see exportFinished. */
export interface FinishedState {
  years: number[];
  regions: EngineState;
}

export interface EngineOptions {
  /** Keep the list of contributing child codes per region and set (for `explain`). */
  keepContributors?: boolean;
}

const MAX_CONTRIBUTORS = 10_000;

function buildSets(plan: Plan): { sets: InputSet[]; setOfIndicator: number[] } {
  const keyToSet = new Map<string, number>();
  const sets: InputSet[] = [];
  let offset = 0;
  const setOfIndicator = plan.indicators.map((indicator) => {
    const key = indicator.requires.join(',');
    let index = keyToSet.get(key);
    if (index === undefined) {
      index = sets.length;
      keyToSet.set(key, index);
      const fields = indicator.requires;
      const position = new Map(fields.map((f, i) => [plan.inputs[f]!.id, i]));
      const weights = fields.map((f) => plan.inputs[f]!.weight ?? null);
      sets.push({
        fields,
        weights,
        weightOf: weights.map((w) => (w ? compileFormula(w, (id) => position.get(id)) : null)),
        aggregates: fields.map((f) => plan.inputs[f]!.aggregate),
        position,
        offset,
      });
      offset += fields.length;
    }
    return index;
  });
  return { sets, setOfIndicator };
}

function nodeNumbers({ year, villageRows, expected, own, acc }: RegionNode, packer: Packer): NodeNumbers {
  const ownAt = packer.add(own);
  if (!acc) return [year, villageRows, expected, ownAt, 0, 0, 0, 0, -1, 0, -1];
  return [year, villageRows, expected, ownAt, 1, acc.split ? 1 : 0, acc.count, acc.weightBase, packer.add(acc.totals), acc.totals.length, packer.add(acc.counts)];
}

function byCode(a: { code: string }, b: { code: string }): number {
  // Codes are digit strings: code-unit order is numeric-prefix order (what localeCompare gave, faster).
  return a.code < b.code ? -1 : a.code > b.code ? 1 : 0;
}

export class RegionEngine {
  /** Year -> region code -> node. */
  private readonly nodes = new Map<number, Map<string, RegionNode>>();
  private readonly sets: InputSet[];
  private readonly setOfIndicator: number[];
  private readonly formulaOf: CompiledFormula[];
  private readonly divisionsByCode: Map<string, Division>;
  private readonly divisionChildren = new Map<string, Set<string>>();
  /** Every field some set needs, ascending; a child missing none of them counts for every set. */
  private readonly usedFields: Int32Array;
  private readonly usedAggregates: InputField['aggregate'][];
  /** The used fields by how they aggregate, for tight loops. */
  private readonly byAggregate: Record<InputField['aggregate'], Int32Array>;
  /** For each used weighted field: its slot in a uniform accumulator's weightTotals, and its weight. */
  private readonly weightSlot: Int32Array;
  private readonly weightOfField: (CompiledFormula | null)[];
  private readonly weightedCount: number;
  /** False when some weight reads an input outside a set that uses it: then every region keeps totals per set. */
  private readonly canStayUniform: boolean;
  private readonly totalSetWidth: number;
  private readonly scratch: Float64Array;
  private readonly setScratch: Float64Array;
  private readonly resultScratch: Float64Array;
  /** For each set: the indicators computed from it. */
  private readonly indicatorsOfSet: number[][];
  private lastVillageParent: RegionNode | null = null;
  private readonly slabs = new Float64Slabs();

  constructor(
    private readonly plan: Plan,
    private readonly options: EngineOptions = {},
  ) {
    ({ sets: this.sets, setOfIndicator: this.setOfIndicator } = buildSets(plan));
    this.formulaOf = plan.indicators.map((indicator, i) => {
      const set = this.sets[this.setOfIndicator[i]!]!;
      return compileFormula(indicator.formula, (id) => set.position.get(id));
    });
    this.divisionsByCode = new Map((plan.divisions ?? []).map((d) => [d.code, d]));
    for (const d of plan.divisions ?? []) {
      if (!d.parent_code) continue;
      let children = this.divisionChildren.get(d.parent_code);
      if (!children) this.divisionChildren.set(d.parent_code, (children = new Set()));
      children.add(d.code);
    }
    const used = [...new Set(this.sets.flatMap((set) => set.fields))].sort((a, b) => a - b);
    this.usedFields = Int32Array.from(used);
    this.usedAggregates = used.map((f) => plan.inputs[f]!.aggregate);
    const fieldsAggregated = (aggregate: InputField['aggregate']) => Int32Array.from(used.filter((f) => plan.inputs[f]!.aggregate === aggregate));
    this.byAggregate = { sum: fieldsAggregated('sum'), weighted_mean: fieldsAggregated('weighted_mean'), min: fieldsAggregated('min'), max: fieldsAggregated('max') };
    this.weightSlot = new Int32Array(plan.inputs.length).fill(-1);
    const inputIndex = new Map(plan.inputs.map((input) => [input.id, input.index]));
    this.weightOfField = plan.inputs.map((input) => (input.weight ? compileFormula(input.weight, (id) => inputIndex.get(id)) : null));
    let slots = 0;
    for (const f of used) if (plan.inputs[f]!.aggregate === 'weighted_mean') this.weightSlot[f] = slots++;
    this.weightedCount = slots;
    this.canStayUniform = this.sets.every((set) => set.weights.every((w) => !w || w.fields.every((id) => set.position.has(id))));
    this.totalSetWidth = this.sets.reduce((width, set) => width + set.fields.length, 0);
    this.scratch = new Float64Array(plan.inputs.length);
    this.setScratch = new Float64Array(Math.max(1, ...this.sets.map((set) => set.fields.length)));
    this.resultScratch = new Float64Array(this.setScratch.length);
    this.indicatorsOfSet = this.sets.map((_, s) => this.setOfIndicator.flatMap((set, i) => (set === s ? [i] : [])));
  }

  /** Adds one row. Rows with an unusable code are ignored here (validation reports them). */
  add(row: SubmissionRow): void {
    const level = regionLevel(row.code);
    if (!level) return;
    if (level === 'village') {
      const township = this.villageParent(row.code, row.year);
      township.villageRows++;
      this.foldChild(township, row.code, this.isComplete(row.values) ? row.values : null, row.values);
      return;
    }
    const node = this.node(row.code, row.year);
    if (node.own) return; // a second row for the same region and year: validation reports it
    node.own = row.values;
    if (row.name) node.name = row.name;
  }

  /**
   * What add() has gathered so far, as plain data with its arrays packed into a few (they move
   * between threads cheaply): for reading one file in parts, each part in its own engine, then
   * absorb()ed in file order.
   */
  exportState(): EngineState {
    const nodes = this.allNodes();
    const packer = new Packer(this.slabs);
    const numbers = new Float64Array(nodes.length * NODE_NUMBERS);
    nodes.forEach((node, i) => numbers.set(nodeNumbers(node, packer), i * NODE_NUMBERS));
    return { codes: nodes.map((node) => node.code), names: nodes.map((node) => node.name), numbers, packed: packer.finish() };
  }

  /**
   * Takes in the regions another engine gathered from the rows after this one's. false, with
   * nothing taken, when a region and year is in both: then the two parts cannot be put together
   * exactly as one reading would have (a split township, a repeated row), and the caller reads
   * the file in one go instead.
   */
  absorb({ codes, names, numbers, packed }: EngineState): boolean {
    for (let i = 0; i < codes.length; i++) if (this.nodes.get(numbers[i * NODE_NUMBERS]!)?.has(codes[i]!)) return false;
    this.slabs.adopt(packed);
    for (let i = 0; i < codes.length; i++) {
      const node = this.unpackNode(codes[i]!, names[i]!, numbers.subarray(i * NODE_NUMBERS, (i + 1) * NODE_NUMBERS), packed);
      let byCode = this.nodes.get(node.year);
      if (!byCode) this.nodes.set(node.year, (byCode = new Map()));
      byCode.set(node.code, node);
    }
    this.lastVillageParent = null;
    return true;
  }

  /** A region back from exportState's columns: `numbers` are its NodeNumbers, read in place. */
  private unpackNode(code: string, name: string, numbers: Float64Array, packed: Packed): RegionNode {
    const [year, villageRows, expected, own, hasAcc, split, count, weightBase, totals, width, counts] = numbers as unknown as NodeNumbers;
    const acc: Accumulator | null = hasAcc
      ? { split: split === 1, count, counts: unpackCounts(packed, counts, this.sets.length), totals: unpack(packed, totals, width)!, weightBase, contributors: null }
      : null;
    // Properties in the order node() and newAccumulator() give them: one shape for every region.
    return { code, year, level: regionLevel(code)!, name, own: unpack(packed, own, this.plan.inputs.length), villageRows, acc, expected, result: null, parent: undefined };
  }

  /** finish(), for the results to be read on another thread (see resultsOf). */
  exportFinished(levels?: ReadonlySet<Level>): FinishedState {
    const { years } = this.finish(levels);
    return { years, regions: this.exportState() };
  }

  /** The results of an engine finished on another thread. */
  static resultsOf(plan: Plan, { years, regions }: FinishedState): EngineResult {
    const engine = new RegionEngine(plan);
    engine.absorb(regions);
    return engine.results(years);
  }

  /**
   * Folds every region into its parent. `levels`: the only levels whose results will be read
   * (then the regions at other levels are let go once folded, and with them most of the memory).
   */
  finish(levels?: ReadonlySet<Level>): EngineResult {
    this.addAncestors();
    const nodes = this.allNodes();
    const knownChildren = this.indexChildren(nodes);
    // Deepest level first, each level in the order the regions were first seen.
    const byDepth: RegionNode[][] = [[], [], [], [], []];
    for (const node of nodes) byDepth[levelDepth(node.level)]!.push(node);
    for (const level of byDepth.reverse()) {
      for (const node of level) {
        node.expected = (knownChildren.get(node.code)?.size ?? 0) + node.villageRows;
        this.foldIntoParent(node);
      }
    }
    const years = [...this.nodes.keys()].sort((a, b) => a - b);
    if (levels) this.keepOnly(levels);
    return this.results(years);
  }

  private keepOnly(levels: ReadonlySet<Level>): void {
    // New maps of the few kept: cheaper than deleting the many from the old ones.
    for (const [year, codes] of this.nodes) {
      const kept = new Map<string, RegionNode>();
      for (const [code, node] of codes) if (levels.has(node.level)) kept.set(code, node);
      this.nodes.set(year, kept);
    }
    this.lastVillageParent = null;
  }

  /** Results are made per region when first asked for: a county report reads 3,000 regions of 40,000. */
  private results(years: number[]): EngineResult {
    const regionsWhere = (keep: (region: RegionKey) => boolean): RegionResult[] =>
      this.allNodes()
        .filter(keep)
        .sort((a, b) => a.year - b.year || byCode(a, b))
        .map((node) => this.resultOf(node));
    let all: RegionResult[] | null = null;
    return {
      years,
      get regions() {
        return (all ??= regionsWhere(() => true));
      },
      regionsWhere,
      get: (code, year) => {
        const node = this.nodes.get(year)?.get(code);
        return node && this.resultOf(node);
      },
      setOf: (i) => {
        const index = this.setOfIndicator[i]!;
        const { fields, position } = this.sets[index]!;
        return { index, fields, position };
      },
    };
  }

  private resultOf(node: RegionNode): LazyRegionResult {
    return (node.result ??= new LazyRegionResult(this, node));
  }

  private allNodes(): RegionNode[] {
    const all: RegionNode[] = [];
    for (const codes of this.nodes.values()) for (const node of codes.values()) all.push(node);
    return all;
  }

  private node(code: string, year: number): RegionNode {
    let codes = this.nodes.get(year);
    if (!codes) this.nodes.set(year, (codes = new Map()));
    let node = codes.get(code);
    if (!node) {
      node = {
        code,
        year,
        level: regionLevel(code)!,
        name: this.divisionsByCode.get(code)?.name ?? '',
        own: null,
        villageRows: 0,
        acc: null,
        expected: 0,
        result: null,
        parent: undefined,
      };
      codes.set(code, node);
    }
    return node;
  }

  /** Village rows come grouped by township in practice: the last township is reused without a lookup. */
  private villageParent(code: string, year: number): RegionNode {
    const last = this.lastVillageParent;
    if (last && last.year === year && code.startsWith(last.code)) return last;
    return (this.lastVillageParent = this.node(parentCode(code)!, year));
  }

  /** Links every region to its parent, making the parents no row named (in the same order as always: it sets the order of folding). */
  private addAncestors(): void {
    for (const first of this.allNodes()) {
      let node: RegionNode | null = first;
      while (node && node.parent === undefined) {
        const code = parentCode(node.code);
        const existing: RegionNode | undefined = code === null ? undefined : this.nodes.get(node.year)!.get(code);
        const parent: RegionNode | null = code === null ? null : (existing ?? this.node(code, node.year));
        node.parent = parent;
        // An existing parent gets its own turn; a new one is linked now.
        node = existing ? null : parent;
      }
    }
  }

  private isComplete(values: Float64Array): boolean {
    const fields = this.usedFields;
    for (let k = 0; k < fields.length; k++) if (Number.isNaN(values[fields[k]!]!)) return false;
    return true;
  }

  /** A row's values for one set (in the shared scratch array), or null when it lacks any of them. */
  private ownSetValues(values: Float64Array, set: InputSet): Float64Array | null {
    const out = this.setScratch;
    for (let i = 0; i < set.fields.length; i++) {
      const v = values[set.fields[i]!]!;
      if (Number.isNaN(v)) return null;
      out[i] = v;
    }
    return out;
  }

  private newAccumulator(): Accumulator {
    const split = this.options.keepContributors === true || !this.canStayUniform;
    return {
      split,
      count: 0,
      counts: split ? new Uint32Array(this.sets.length) : null,
      totals: this.slabs.take(split ? 2 * this.totalSetWidth : this.plan.inputs.length + this.weightedCount),
      weightBase: split ? this.totalSetWidth : this.plan.inputs.length,
      contributors: this.options.keepContributors ? this.sets.map(() => []) : null,
    };
  }

  /** From one row of totals to totals per set: each set starts from what it would have added up. */
  private split(acc: Accumulator): void {
    const width = this.totalSetWidth;
    const totals = this.slabs.take(2 * width);
    for (const set of this.sets) {
      set.fields.forEach((f, i) => {
        totals[set.offset + i] = acc.totals[f]!;
        if (set.aggregates[i] === 'weighted_mean') totals[width + set.offset + i] = acc.totals[acc.weightBase + this.weightSlot[f]!]!;
      });
    }
    acc.split = true;
    acc.counts = new Uint32Array(this.sets.length).fill(acc.count);
    acc.totals = totals;
    acc.weightBase = width;
  }

  /**
   * Folds a child into its parent. `complete`: the child's values by field index when it has every
   * used input for every set (then one pass serves all sets); else `from`, a row's values or a
   * region whose resolved values are read set by set.
   */
  private foldChild(parent: RegionNode, childCode: string, complete: Float64Array | null, from: Float64Array | RegionNode): void {
    const acc = (parent.acc ??= this.newAccumulator());
    if (!acc.split && complete) {
      this.foldUniform(acc, complete);
      return;
    }
    if (!acc.split) this.split(acc);
    for (let s = 0; s < this.sets.length; s++) {
      const set = this.sets[s]!;
      const source = complete ?? from;
      const values = source instanceof Float64Array ? this.ownSetValues(source, set) : this.resolvedValues(source, set, s);
      if (values) this.foldSet(acc, set, s, values, childCode);
    }
  }

  /** Every field aggregates on its own, so the fields go by kind, each kind in one tight loop. */
  private foldUniform(acc: Accumulator, values: Float64Array): void {
    const { totals, weightBase } = acc;
    const { sum, weighted_mean: weighted, min, max } = this.byAggregate;
    for (let k = 0; k < sum.length; k++) {
      const f = sum[k]!;
      totals[f] = totals[f]! + values[f]!;
    }
    for (let k = 0; k < weighted.length; k++) {
      const f = weighted[k]!;
      const w = this.weightOfField[f]!(values);
      const weight = Number.isNaN(w) ? 0 : w;
      totals[f] = totals[f]! + weight * values[f]!;
      const slot = weightBase + this.weightSlot[f]!;
      totals[slot] = totals[slot]! + weight;
    }
    const first = acc.count === 0;
    for (let k = 0; k < min.length; k++) {
      const f = min[k]!;
      totals[f] = first ? values[f]! : Math.min(totals[f]!, values[f]!);
    }
    for (let k = 0; k < max.length; k++) {
      const f = max[k]!;
      totals[f] = first ? values[f]! : Math.max(totals[f]!, values[f]!);
    }
    acc.count++;
  }

  private foldSet(acc: Accumulator, set: InputSet, s: number, values: Float64Array, childCode: string): void {
    const { totals, weightBase } = acc;
    const first = acc.counts![s] === 0;
    for (let i = 0; i < set.fields.length; i++) {
      const at = set.offset + i;
      const x = values[i]!;
      switch (set.aggregates[i]) {
        case 'sum':
          totals[at] = totals[at]! + x;
          break;
        case 'weighted_mean': {
          const w = set.weightOf[i]!(values);
          const weight = Number.isNaN(w) ? 0 : w;
          totals[at] = totals[at]! + weight * x;
          totals[weightBase + at] = totals[weightBase + at]! + weight;
          break;
        }
        case 'min':
          totals[at] = first ? x : Math.min(totals[at]!, x);
          break;
        case 'max':
          totals[at] = first ? x : Math.max(totals[at]!, x);
          break;
      }
    }
    acc.counts![s]!++;
    const contributors = acc.contributors?.[s];
    if (contributors && contributors.length < MAX_CONTRIBUTORS) contributors.push(childCode);
  }

  private indexChildren(nodes: RegionNode[]): Map<string, Set<string>> {
    const index = new Map<string, Set<string>>();
    for (const [parent, children] of this.divisionChildren) index.set(parent, new Set(children));
    for (const node of nodes) {
      const parent = node.parent?.code;
      if (!parent) continue;
      let children = index.get(parent);
      if (!children) index.set(parent, (children = new Set()));
      children.add(node.code);
    }
    return index;
  }

  private foldIntoParent(node: RegionNode): void {
    if (node.parent) this.foldChild(node.parent, node.code, this.uniformValues(node), node);
  }

  /** The region's resolved inputs by field index when they are the same for every set, else null. */
  private uniformValues(node: RegionNode): Float64Array | null {
    if (node.own) return this.isComplete(node.own) ? node.own : null;
    const acc = node.acc;
    if (!acc || acc.split || acc.count === 0) return null;
    const out = this.scratch;
    for (let k = 0; k < this.usedFields.length; k++) {
      const f = this.usedFields[k]!;
      if (this.usedAggregates[k] !== 'weighted_mean') {
        out[f] = acc.totals[f]!;
        continue;
      }
      const weight = acc.totals[acc.weightBase + this.weightSlot[f]!]!;
      if (weight === 0) return null;
      out[f] = acc.totals[f]! / weight;
    }
    return out;
  }

  private childCount(acc: Accumulator | null, s: number): number {
    if (!acc) return 0;
    return acc.split ? acc.counts![s]! : acc.count;
  }

  /** A set's resolved inputs (in the shared scratch array), or null when there are none. */
  private resolvedValues(node: RegionNode, set: InputSet, s: number): Float64Array | null {
    const own = node.own ? this.ownSetValues(node.own, set) : null;
    if (own) return own;
    const acc = node.acc;
    if (this.childCount(acc, s) === 0) return null;
    const out = this.setScratch;
    for (let i = 0; i < set.fields.length; i++) {
      const total = this.totalOf(acc!, set, i);
      if (set.aggregates[i] !== 'weighted_mean') {
        out[i] = total;
        continue;
      }
      const weight = this.weightTotalOf(acc!, set, i);
      if (weight === 0) return null;
      out[i] = total / weight;
    }
    return out;
  }

  private copyOwn(own: Float64Array, set: InputSet, out: Float64Array): Float64Array {
    for (let i = 0; i < set.fields.length; i++) out[i] = own[set.fields[i]!]!;
    return out;
  }

  private totalOf(acc: Accumulator, set: InputSet, i: number): number {
    return acc.split ? acc.totals[set.offset + i]! : acc.totals[set.fields[i]!]!;
  }

  private weightTotalOf(acc: Accumulator, set: InputSet, i: number): number {
    return acc.totals[acc.weightBase + (acc.split ? set.offset + i : this.weightSlot[set.fields[i]!]!)]!;
  }

  /** A region's inputs per set (for LazyRegionResult; not part of the engine's API). */
  setsOf(node: RegionNode): SetValues[] {
    return this.sets.map((set, s) => this.setValues(node, set, s));
  }

  /** What a region reports for a set: its own row, else its children, else why there is nothing. */
  private setValues(node: RegionNode, set: InputSet, s: number, into?: Float64Array): SetValues {
    if (node.own && this.ownSetValues(node.own, set)) {
      return { values: this.copyOwn(node.own, set, into ?? new Float64Array(set.fields.length)), coverage: { from: 'reported', used: 1, expected: 1 } };
    }
    const used = this.childCount(node.acc, s);
    if (used > 0) return this.fromChildren(node, set, s, used, into);
    return { values: null, reason: this.missingReason(node, set), coverage: null };
  }

  private fromChildren(node: RegionNode, set: InputSet, s: number, used: number, into?: Float64Array): SetValues {
    const acc = node.acc!;
    const values = into ?? new Float64Array(set.fields.length);
    const childLevel = childLevelOf(node.level) ?? undefined;
    const coverage: Coverage = { from: 'children', used, expected: Math.max(node.expected, used), childLevel };
    const contributors = acc.contributors?.[s] ?? undefined;
    for (let i = 0; i < set.fields.length; i++) {
      if (set.aggregates[i] !== 'weighted_mean') {
        values[i] = this.totalOf(acc, set, i);
        continue;
      }
      const weight = this.weightTotalOf(acc, set, i);
      if (weight === 0) {
        return { values: null, coverage, contributors, reason: { code: 'zero_denominator', denominator: `Σ ${set.weights[i]!.source}` } };
      }
      values[i] = this.totalOf(acc, set, i) / weight;
    }
    return { values, coverage, contributors };
  }

  private missingReason(node: RegionNode, set: InputSet): Reason {
    if (node.own) {
      const missing = set.fields.find((f) => Number.isNaN(node.own![f]!));
      return { code: 'missing_input', field: this.plan.inputs[missing!]!.id };
    }
    return { code: 'no_complete_child', childLevel: childLevelOf(node.level) };
  }

  /** A region's indicator values from its sets (for LazyRegionResult; not part of the engine's API). */
  indicatorValues(node: RegionNode, sets: SetValues[]): IndicatorValue[] {
    return this.plan.indicators.map((_, i) => this.indicatorValue(node, i, sets[this.setOfIndicator[i]!]!));
  }

  /** The same, without keeping the sets: each set is worked out in a scratch array and used at once. */
  indicatorValuesOnly(node: RegionNode): IndicatorValue[] {
    const values = new Array<IndicatorValue>(this.plan.indicators.length);
    this.sets.forEach((set, s) => {
      const setValues = this.setValues(node, set, s, this.resultScratch);
      for (const i of this.indicatorsOfSet[s]!) values[i] = this.indicatorValue(node, i, setValues);
    });
    return values;
  }

  private indicatorValue(node: RegionNode, i: number, { values, coverage, reason }: SetValues): IndicatorValue {
    const { code, year } = node;
    const indicator = this.plan.indicators[i]!;
    if (!values) return { code, year, indicator: indicator.id, coverage, value: null, reason };
    const value = this.formulaOf[i]!(values);
    if (!Number.isNaN(value)) return { code, year, indicator: indicator.id, coverage, value };
    // The rare path: evaluate() again, for the reason.
    const set = this.sets[this.setOfIndicator[i]!]!;
    const result = evaluate(indicator.formula, (id) => {
      const at = set.position.get(id);
      return at === undefined ? Number.NaN : values[at]!;
    });
    if (result.value === null) return { code, year, indicator: indicator.id, coverage, value: null, reason: result.reason };
    return { code, year, indicator: indicator.id, coverage, value: result.value };
  }
}

/** A region's result; its sets and indicator values are computed when first read, then kept. */
class LazyRegionResult implements RegionResult {
  code: string;
  name: string;
  level: Level;
  year: number;
  own: Float64Array | null;
  #engine: RegionEngine;
  #node: RegionNode;
  #sets: SetValues[] | null = null;
  #values: IndicatorValue[] | null = null;

  constructor(engine: RegionEngine, node: RegionNode) {
    this.code = node.code;
    this.name = node.name;
    this.level = node.level;
    this.year = node.year;
    this.own = node.own;
    this.#engine = engine;
    this.#node = node;
  }

  get sets(): SetValues[] {
    return (this.#sets ??= this.#engine.setsOf(this.#node));
  }

  set sets(sets: SetValues[]) {
    this.#sets = sets;
  }

  get values(): IndicatorValue[] {
    // Most readers want values only (a county table holds 150,000): then the sets are not kept.
    return (this.#values ??= this.#sets ? this.#engine.indicatorValues(this.#node, this.#sets) : this.#engine.indicatorValuesOnly(this.#node));
  }

  set values(values: IndicatorValue[]) {
    this.#values = values;
  }

  toJSON(): RegionResult {
    const { code, name, level, year, values, own, sets } = this;
    return { code, name, level, year, values, own, sets };
  }
}

/** Convenience for tests and small inputs: all rows in, results out. */
export function aggregateRows(plan: Plan, rows: Iterable<SubmissionRow>, options?: EngineOptions): EngineResult {
  const engine = new RegionEngine(plan, options);
  for (const row of rows) engine.add(row);
  return engine.finish();
}
