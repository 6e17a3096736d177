// The region engine: rows stream in, inputs roll up the hierarchy by each field's rule, and every
// indicator is computed from the aggregated inputs (a ratio of sums, never a mean of ratios).
//
// Aggregation is per indicator: a parent's value uses only the children that report every input
// the indicator needs, and records how many did. Indicators that need the same inputs share one
// "input set", so the work is per set, not per indicator.
//
// Memory grows with regions, not rows: village rows (12 digits, never a parent) are folded into
// their township as they arrive; only rows of townships and above are kept. The townships village
// rows go into are held compactly (townships.ts), not as regions: packed while the input is
// elsewhere, and folded into their county straight from there.
//
// Every region keeps one row of totals per input ("field totals": each child's figure, where it
// has one). While every child of a region reports every input of a set, that set's totals are
// those same field totals, so a child is folded once, not once per set. The first child a set
// leaves out (it lacks one of the set's inputs) gives that set, and only it, totals of its own
// from then on, starting from the field totals, so every sum still adds the same numbers in the
// same order. Indicator values are computed when a region is first read.
//
// The checks across rows read this one roll-up (consistency.ts): a parent's own row against its
// children's field totals, when every expected child has a complete figure; a region's rows across
// years; a repeated row, found where it is added (see `add`).
//
// Inputs that belong to a level (plan: `level: county`) are folded by max below that level and
// summed at and above it: three township rows of one county flagging it make the county 1.

import { compileFormula, whyNoValue, type CompiledFormula } from './compiled-formula.js';
import { CrossRowFindings, type OwnSource } from './consistency.js';
import type { Diagnostic } from './diagnostics.js';
import type { Formula } from './formula.js';
import { divisionFor, divisionIndexOf, expectedChildren } from './divisions.js';
import { Float64Slabs } from './packed.js';
import { childLevelOf, foldedBy, levelDepth, parentCode, regionLevel } from './regions.js';
import { townshipNumber, TownshipTable, VILLAGE_WORDS } from './townships.js';
import type { Coverage, IndicatorValue, InputField, Level, Plan, Reason, SubmissionRow } from './types.js';
import { ChildCoverage, NO_COMPLETE_CHILD, NOT_SUBMITTED, OVERFLOW, RegionIndicatorValue, RegionSetValues, REPORTED } from './values.js';

interface InputSet {
  /** Field indexes (into plan.inputs) this set needs, ascending. */
  fields: number[];
  /** For each position in `fields`: the weight formula of a weighted mean, evaluated on the set. */
  weights: (Formula | null)[];
  /** The same weights, compiled over the set's values. */
  weightOf: (CompiledFormula | null)[];
  /** By the depth of the region folded into (a level's input is max below its level). */
  aggregatesAt: InputField['aggregate'][][];
  /** Field id -> position in `fields`. */
  position: Map<string, number>;
}

/** A region's totals over the children folded into it so far. */
interface Accumulator {
  /** Children folded. */
  count: number;
  /**
   * Per input (by field index), over the children that have a figure for it: sum: Σx;
   * weighted_mean: Σw·x; min/max: the extreme (NaN before the first). After them, from the number
   * of inputs on, Σw of each weighted mean by its weighted slot.
   */
  fields: Float64Array;
  /**
   * Per input, children without a figure, then (from the number of inputs on) children without a
   * complete figure, missing ones included. Null while there are none. (A parent has at most
   * 1,000 children: a code has three digits for them.)
   */
  lacking: Uint16Array | null;
  /**
   * Per set: its own totals once a child was left out of it (SetTotals layout), else null (the
   * set reads the field totals). Null while no set has any.
   */
  setTotals: (Float64Array | null)[] | null;
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
  /** Where the own row was read. */
  source: OwnSource | null;
  /** Its place in the order regions were first seen (townships in the table too): children fold in this order. */
  seq: number;
  /** A township's index in the township table, where its villages went (-1: none). */
  township: number;
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
  /**
   * Whether any data reached it: its own row or a child's. False for a region the division list
   * expects under a parent in the data that sent nothing (listed, with no value and why).
   */
  submitted: boolean;
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
  /**
   * A region's value of one indicator, worked out now and not kept with the region (the same as
   * `region.values[i]`): a check reads every region once per indicator, and keeping each judged
   * region's results would grow memory with the report.
   */
  valueOf(region: RegionResult, indicatorIndex: number): IndicatorValue;
  /** All of a region's values, worked out now and not kept (the same as `region.values`): compute reads each region once. */
  valuesOf(region: RegionResult): IndicatorValue[];
  /**
   * A region's inputs for one set, worked out now and not kept (the same as `region.sets[setIndex]`).
   * `into`: an array of the set's width to write the values into (then read them before the next
   * call that writes there), else a new one.
   */
  setValuesOf(region: RegionResult, setIndex: number, into?: Float64Array): SetValues;
}

export interface EngineOptions {
  /** Keep the list of contributing child codes per region and set (for `explain`). */
  keepContributors?: boolean;
}

/**
 * A set's own totals, for a set of width w: [0, w) Σx or the extreme (as in field totals), [w, 2w)
 * each weighted mean's Σw, and at 2w the children counted.
 */
const setCountAt = (set: InputSet) => 2 * set.fields.length;

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
      const position = new Map(fields.map((f, i) => [plan.inputs[f]!.id, i]));
      const weights = fields.map((f) => plan.inputs[f]!.weight ?? null);
      sets.push({
        fields,
        weights,
        weightOf: weights.map((w) => (w ? compileFormula(w, (id) => position.get(id)) : null)),
        aggregatesAt: [0, 1, 2, 3].map((depth) => fields.map((f) => foldedBy(plan.inputs[f]!, depth))),
        position,
      });
    }
    return index;
  });
  return { sets, setOfIndicator };
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
  /** Every field some set needs, ascending; a child missing none of them counts for every set. */
  private readonly usedFields: Int32Array;
  /** Every input by how it is folded into a region at each depth, for tight loops. */
  private readonly byAggregateAt: Record<InputField['aggregate'], Int32Array>[];
  /** For each weighted field: its slot after the inputs in an accumulator's field totals, and its weight. */
  private readonly weightSlot: Int32Array;
  private readonly weightOfField: (CompiledFormula | null)[];
  private readonly weightedCount: number;
  /** False when some weight reads an input outside a set that uses it: then every region keeps totals per set. */
  private readonly canStayUniform: boolean;
  private readonly width: number;
  private readonly scratch: Float64Array;
  private readonly figureScratch: Float64Array;
  /** Set by figuresOf: per input, whether the region's figure is complete; and whether all are. */
  private readonly complete: Uint8Array;
  private figuresComplete = false;
  private readonly setScratch: Float64Array;
  private readonly resultScratch: Float64Array;
  /** For each set: the indicators computed from it. */
  private readonly indicatorsOfSet: number[][];
  private readonly slabs = new Float64Slabs();
  /** `missing_input` of each input, made once: a plan's inputs are few, the regions lacking one many. */
  private readonly missingInputReasons = new Map<number, Reason>();
  private nextSeq = 0;
  private readonly townships = new TownshipTable<Accumulator, RegionNode>();
  /** The township village rows are going into: its index (-1: none), code (townshipNumber), year, totals and seen villages. */
  private current = -1;
  private currentNumber = -1;
  private currentYear = 0;
  private currentAcc: Accumulator | null = null;
  /** Whether the input came back to the current township: its totals and villages are then kept live, not packed again. */
  private currentReturned = false;
  private currentVillages: Uint32Array;
  /** The villages of a township seen for the first time, packed when the input moves on. */
  private readonly firstVisitVillages = new Uint32Array(VILLAGE_WORDS);
  /** Totals arrays of townships packed away, for the next township's. */
  private readonly spareFields: Float64Array[] = [];
  /** Stands for a township of the table while it is folded into its county. */
  private townshipView: RegionNode | null = null;
  /** Set by the fold: each year's place in the order years were first seen. */
  private yearRank: Map<number, number> | null = null;
  /** The villages of the current run of one township in one file: their bits, and their lines. */
  private readonly runBits = new Uint32Array(VILLAGE_WORDS);
  private readonly runLines = new Float64Array(1000);
  private runFile = '';
  private readonly crossRows: CrossRowFindings;
  private folded: { years: number[]; findings: Diagnostic[] } | null = null;

  constructor(
    private readonly plan: Plan,
    private readonly options: EngineOptions = {},
  ) {
    ({ sets: this.sets, setOfIndicator: this.setOfIndicator } = buildSets(plan));
    this.formulaOf = plan.indicators.map((indicator, i) => {
      const set = this.sets[this.setOfIndicator[i]!]!;
      return compileFormula(indicator.formula, (id) => set.position.get(id));
    });
    const used = [...new Set(this.sets.flatMap((set) => set.fields))].sort((a, b) => a - b);
    this.usedFields = Int32Array.from(used);
    this.width = plan.inputs.length;
    this.byAggregateAt = [0, 1, 2, 3].map((depth) => {
      const folded = (aggregate: InputField['aggregate']) => Int32Array.from(plan.inputs.filter((input) => foldedBy(input, depth) === aggregate), (input) => input.index);
      return { sum: folded('sum'), weighted_mean: folded('weighted_mean'), min: folded('min'), max: folded('max') };
    });
    this.weightSlot = new Int32Array(plan.inputs.length).fill(-1);
    const inputIndex = new Map(plan.inputs.map((input) => [input.id, input.index]));
    this.weightOfField = plan.inputs.map((input) => (input.weight ? compileFormula(input.weight, (id) => inputIndex.get(id)) : null));
    let slots = 0;
    for (const input of plan.inputs) if (input.aggregate === 'weighted_mean') this.weightSlot[input.index] = slots++;
    this.weightedCount = slots;
    this.canStayUniform = this.sets.every((set) => set.weights.every((w) => !w || w.fields.every((id) => set.position.has(id))));
    this.scratch = new Float64Array(plan.inputs.length);
    this.figureScratch = new Float64Array(plan.inputs.length);
    this.complete = new Uint8Array(plan.inputs.length);
    this.setScratch = new Float64Array(Math.max(1, ...this.sets.map((set) => set.fields.length)));
    this.resultScratch = new Float64Array(this.setScratch.length);
    this.indicatorsOfSet = this.sets.map((_, s) => this.setOfIndicator.flatMap((set, i) => (set === s ? [i] : [])));
    this.crossRows = new CrossRowFindings(plan);
    this.currentVillages = this.firstVisitVillages;
  }

  /**
   * Adds one row; a DUPLICATE_ROW finding when its region and year came before (the row is then
   * left out). Rows with an unusable code are ignored here (the reader reports them).
   */
  add(row: SubmissionRow): Diagnostic | null {
    if (this.folded) throw new Error('RegionEngine.add after fold');
    const level = regionLevel(row.code);
    if (!level) return null;
    if (level === 'village') {
      const township = this.villageParent(row.code, row.year);
      const repeated = this.seenVillage(row);
      if (repeated) return repeated;
      this.townships.addRow(township);
      this.currentAcc = this.foldRow(this.currentAcc, row.code, row.values);
      return null;
    }
    const node = this.node(row.code, row.year);
    if (node.own) return this.crossRows.duplicate(row, node.source!);
    node.own = row.values;
    node.source = row.source;
    if (row.name) node.name = row.name;
    return null;
  }

  /**
   * Whether a village row repeats one of the current township's: a bit per village while the
   * township is current, packed as a list of the villages seen when the input moves on (nothing
   * per row); the current run of its villages in one file also keeps their lines, so a repeat
   * within the run names the first line. A repeat across runs (a file not grouped by township) is
   * found by its bit, without the first line.
   */
  private seenVillage(row: SubmissionRow): Diagnostic | null {
    // The last three digits, read without making a string ('0' is 48).
    const code = row.code;
    const village = (code.charCodeAt(9) - 48) * 100 + (code.charCodeAt(10) - 48) * 10 + (code.charCodeAt(11) - 48);
    if (row.source.file !== this.runFile) {
      this.runBits.fill(0);
      this.runFile = row.source.file;
    }
    const seen = this.currentVillages;
    const word = village >>> 5;
    const bit = 1 << (village & 31);
    if ((seen[word]! & bit) === 0) {
      seen[word] = seen[word]! | bit;
      this.runBits[village >>> 5] = this.runBits[village >>> 5]! | bit;
      this.runLines[village] = row.source.line;
      return null;
    }
    const inRun = (this.runBits[village >>> 5]! & bit) !== 0;
    return this.crossRows.duplicate(row, inRun ? { file: row.source.file, line: this.runLines[village]! } : null);
  }

  /** Folds every region into its parent and runs the checks across rows, once; their findings. */
  fold(): Diagnostic[] {
    if (this.folded) return this.folded.findings;
    this.leaveTownship();
    // Every row is in (rows added after the fold are not counted): the villages seen are not read again.
    this.townships.dropVillages();
    this.giveTownshipNodesTheirTotals();
    this.addAncestors();
    const byDepth = this.nodesByDepth();
    this.expectChildren(byDepth);
    for (let depth = byDepth.length - 1; depth >= 0; depth--) {
      // The table's townships fold among the township regions, each in its turn.
      const tableTownships = depth === levelDepth('township') ? this.tableTownships() : [];
      const tableKey = (t: number) => this.orderKey(this.townships.year(t), this.townships.seq(t));
      let next = 0;
      for (const node of byDepth[depth]!) {
        for (const key = this.orderKey(node.year, node.seq); next < tableTownships.length && tableKey(tableTownships[next]!) < key; next++) this.foldTableTownship(tableTownships[next]!);
        if (node.own && node.acc) this.checkAgainstChildren(node, node.acc);
        // A region expected but sent nothing is counted in its parent's `expected`, not folded.
        if (node.own || node.acc) this.foldIntoParent(node);
      }
      for (; next < tableTownships.length; next++) this.foldTableTownship(tableTownships[next]!);
    }
    this.crossRows.jumps(this.ownRowsByRegion());
    const years = [...this.nodes.keys()].sort((a, b) => a - b);
    this.folded = { years, findings: this.crossRows.take() };
    return this.folded.findings;
  }

  /**
   * Folds (if fold() has not) and gives the results. `levels`: the only levels whose results will
   * be read (then the regions at other levels are let go, and with them most of the memory).
   */
  finish(levels?: ReadonlySet<Level>): EngineResult {
    this.fold();
    if (!levels || levels.has('township')) this.makeTownshipNodes();
    // Results come from regions from here on: the packed townships are not read again.
    this.townships.clear();
    if (levels) this.keepOnly(levels);
    return this.results(this.folded!.years);
  }

  /** A region's own row against the field totals of its children, where every expected child has a complete figure. */
  private checkAgainstChildren(node: RegionNode, acc: Accumulator): void {
    if (acc.count === 0 || acc.count !== node.expected) return;
    const complete = this.complete;
    const gaps = acc.lacking;
    for (let f = 0; f < this.width; f++) complete[f] = gaps === null || gaps[this.width + f] === 0 ? 1 : 0;
    this.crossRows.parentAgainstChildren({ code: node.code, year: node.year, level: node.level, own: node.own!, source: node.source! }, acc.fields, complete, acc.count);
  }

  /** Each region's own rows, by year (for the jump check). */
  private ownRowsByRegion(): Map<string, { year: number; values: Float64Array; source: OwnSource }[]> {
    const byRegion = new Map<string, { year: number; values: Float64Array; source: OwnSource }[]>();
    const years = [...this.nodes.keys()].sort((a, b) => a - b);
    for (const year of years) {
      for (const node of this.nodes.get(year)!.values()) {
        if (!node.own) continue;
        const rows = byRegion.get(node.code);
        const row = { year, values: node.own, source: node.source! };
        if (rows) rows.push(row);
        else byRegion.set(node.code, [row]);
      }
    }
    return byRegion;
  }

  private keepOnly(levels: ReadonlySet<Level>): void {
    // New maps of the few kept: cheaper than deleting the many from the old ones.
    for (const [year, codes] of this.nodes) {
      const kept = new Map<string, RegionNode>();
      for (const [code, node] of codes) if (levels.has(node.level)) kept.set(code, node);
      this.nodes.set(year, kept);
    }
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
      valueOf: (region, i) => (region instanceof LazyRegionResult ? region.valueNow(i) : region.values[i]!),
      valuesOf: (region) => (region instanceof LazyRegionResult ? region.valuesNow() : region.values),
      setValuesOf: (region, s, into) => (region instanceof LazyRegionResult ? region.setNow(s, into) : region.sets[s]!),
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
      node = this.newNode(code, year);
      codes.set(code, node);
      // A township whose villages came first keeps the place they gave it.
      const township = code.length === 9 ? this.townships.find(townshipNumber(code), year) : -1;
      if (township >= 0) this.linkTownship(node, township);
      else node.seq = this.nextSeq++;
    }
    return node;
  }

  private newNode(code: string, year: number, level: Level = regionLevel(code)!): RegionNode {
    return {
      code,
      year,
      level,
      // The name the code had that year (330103 in 2020 is Xiacheng); a row's own name replaces it.
      name: code.length === 6 ? (divisionFor(this.plan, code, year)?.name ?? '') : '',
      own: null,
      source: null,
      seq: 0,
      township: -1,
      acc: null,
      expected: 0,
      result: null,
      parent: undefined,
    };
  }

  private linkTownship(node: RegionNode, township: number): void {
    node.township = township;
    node.seq = this.townships.seq(township);
    this.townships.link(township, node);
  }

  /** Village rows come grouped by township in practice: the current township is kept without a lookup. */
  private villageParent(code: string, year: number): number {
    const number = townshipNumber(code);
    if (number === this.currentNumber && year === this.currentYear && this.current >= 0) return this.current;
    this.leaveTownship();
    this.runBits.fill(0);
    let township = this.townships.find(number, year);
    if (township < 0) township = this.newTownship(parentCode(code)!, number, year);
    this.enterTownship(township, number, year);
    return township;
  }

  private newTownship(code: string, number: number, year: number): number {
    // The year's map is made now, as for any region: it sets the order of the years.
    let codes = this.nodes.get(year);
    if (!codes) this.nodes.set(year, (codes = new Map()));
    const node = codes.get(code);
    const township = this.townships.add(number, year, node ? node.seq : this.nextSeq++);
    if (node) this.linkTownship(node, township);
    return township;
  }

  private enterTownship(township: number, number: number, year: number): void {
    this.current = township;
    this.currentNumber = number;
    this.currentYear = year;
    this.currentReturned = this.townships.rows(township) > 0;
    if (this.currentReturned) {
      this.currentAcc = this.townshipTotals(township, true);
      if (this.currentAcc) this.townships.keepTotals(township, this.currentAcc);
      this.currentVillages = this.townships.liveVillagesOf(township);
    } else {
      this.currentAcc = null;
      this.currentVillages = this.firstVisitVillages;
      this.currentVillages.fill(0);
    }
  }

  /** The input moves on from a township seen the first time: its totals and villages are packed away. */
  private leaveTownship(): void {
    const township = this.current;
    this.current = -1;
    if (township < 0) return;
    if (this.currentReturned) {
      // Kept live since it came back (its first row made here if it had none before).
      if (this.currentAcc && !this.townships.liveTotals(township)) this.townships.keepTotals(township, this.currentAcc);
      return;
    }
    this.townships.packVillages(township, this.currentVillages);
    const acc = this.currentAcc;
    if (!acc) return;
    if (acc.lacking === null && acc.setTotals === null && acc.contributors === null) {
      this.townships.packTotals(township, acc.fields);
      this.spareFields.push(acc.fields);
    } else {
      this.townships.keepTotals(township, acc);
    }
  }

  /** A table township's totals: kept live, or unpacked (into a spare array, or one of their own when `keep`); null when it has none. */
  private townshipTotals(township: number, keep: boolean): Accumulator | null {
    const live = this.townships.liveTotals(township);
    if (live) return live;
    const fields = keep ? this.slabs.take(this.width + this.weightedCount) : (this.spareFields.pop() ?? this.slabs.take(this.width + this.weightedCount));
    if (!this.townships.readTotals(township, fields)) {
      if (!keep) this.spareFields.push(fields);
      return null;
    }
    return { count: this.townships.rows(township), fields, lacking: null, setTotals: null, contributors: null };
  }

  /** Township regions (a row of their own) take their villages' totals from the table. */
  private giveTownshipNodesTheirTotals(): void {
    for (let t = 0; t < this.townships.count; t++) {
      const node = this.townships.node(t);
      if (node) node.acc = this.townshipTotals(t, true);
    }
  }

  /** The table's townships without a region of their own, year by year, each in the order first seen. */
  private tableTownships(): number[] {
    const list: number[] = [];
    for (const year of this.nodes.keys()) for (const t of this.townships.ofYear(year)) if (!this.townships.node(t)) list.push(t);
    return list;
  }

  /** Folds a table township into its county, through a region object reused for each. */
  private foldTableTownship(township: number): void {
    // One region object for every table township, its code and year set for each.
    const view = (this.townshipView ??= this.newNode('000000000', 0, 'township'));
    view.code = this.townships.code(township);
    view.year = this.townships.year(township);
    view.acc = this.townshipTotals(township, false);
    if (!view.acc) return;
    view.expected = this.townships.rows(township);
    view.parent = this.townships.parentOf(township);
    this.foldIntoParent(view);
    if (view.acc && !this.townships.liveTotals(township)) this.spareFields.push(view.acc.fields);
    view.acc = null;
  }

  /** Regions for the table's townships, for results that read townships (their totals unpacked). */
  private makeTownshipNodes(): void {
    for (const t of this.tableTownships()) {
      const node = this.node(this.townships.code(t), this.townships.year(t));
      node.acc = this.townshipTotals(t, true);
      node.expected = this.townships.rows(t);
      node.parent = this.townships.parentOf(t);
    }
  }

  /** Each level's regions in the order first seen (a township whose villages came first, at their place), years in turn. */
  private nodesByDepth(): RegionNode[][] {
    const byDepth: RegionNode[][] = [[], [], [], [], []];
    for (const node of this.allNodes()) byDepth[levelDepth(node.level)]!.push(node);
    for (const level of byDepth) level.sort((a, b) => this.orderKey(a.year, a.seq) - this.orderKey(b.year, b.seq));
    return byDepth;
  }

  /** Years in the order first seen, then regions in the order first seen: the order of folding. */
  private orderKey(year: number, seq: number): number {
    this.yearRank ??= new Map([...this.nodes.keys()].map((y, rank) => [y, rank]));
    return this.yearRank.get(year)! * 2 ** 40 + seq;
  }

  /**
   * Links every region to its parent, making the parents no row named, in the order regions were
   * first seen (the table's townships among them): it sets the order of folding.
   */
  private addAncestors(): void {
    for (const [year, codes] of this.nodes) {
      const nodes = [...codes.values()].sort((a, b) => a.seq - b.seq);
      let next = 0;
      for (const township of this.townships.ofYear(year)) {
        if (this.townships.node(township)) continue;
        const seq = this.townships.seq(township);
        for (; next < nodes.length && nodes[next]!.seq < seq; next++) this.linkAncestors(nodes[next]!);
        this.townships.setParent(township, this.parentFor(this.townships.code(township), year));
      }
      for (; next < nodes.length; next++) this.linkAncestors(nodes[next]!);
    }
  }

  private linkAncestors(node: RegionNode): void {
    if (node.parent === undefined) node.parent = this.parentFor(node.code, node.year);
  }

  /** The parent of a region of this code: the one there is, else a new one, linked to its own parents now. */
  private parentFor(code: string, year: number): RegionNode | null {
    const parent = parentCode(code);
    if (parent === null) return null;
    const existing = this.nodes.get(year)!.get(parent);
    if (existing) return existing;
    const made = this.node(parent, year);
    this.linkAncestors(made);
    return made;
  }

  private hasEveryInput(values: Float64Array): boolean {
    for (let f = 0; f < values.length; f++) if (Number.isNaN(values[f]!)) return false;
    return true;
  }

  private hasUsedInputs(values: Float64Array): boolean {
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

  /** `spare`: a township's totals array packed away, used again (zeroed here). */
  private newAccumulator(depth: number, spare?: Float64Array): Accumulator {
    const fields = spare ? spare.fill(0) : this.slabs.take(this.width + this.weightedCount);
    const { min, max } = this.byAggregateAt[depth]!;
    for (let k = 0; k < min.length; k++) fields[min[k]!] = Number.NaN;
    for (let k = 0; k < max.length; k++) fields[max[k]!] = Number.NaN;
    const acc: Accumulator = { count: 0, fields, lacking: null, setTotals: null, contributors: null };
    if (this.options.keepContributors === true || !this.canStayUniform) this.sets.forEach((_, s) => this.diverge(acc, s));
    if (this.options.keepContributors) acc.contributors = this.sets.map(() => []);
    return acc;
  }

  /** Set s's own totals from now on, starting from the field totals: what it would have added up. */
  private diverge(acc: Accumulator, s: number): Float64Array {
    const set = this.sets[s]!;
    const w = set.fields.length;
    const totals = this.slabs.take(2 * w + 1);
    for (let i = 0; i < w; i++) {
      const f = set.fields[i]!;
      totals[i] = acc.fields[f]!;
      if (this.weightSlot[f]! >= 0) totals[w + i] = acc.fields[this.width + this.weightSlot[f]!]!;
    }
    totals[setCountAt(set)] = acc.count;
    (acc.setTotals ??= new Array<Float64Array | null>(this.sets.length).fill(null))[s] = totals;
    return totals;
  }

  /** Folds a village row into its township. */
  /** Folds a village row into its township's totals (made on the first); returns them. */
  private foldRow(totals: Accumulator | null, code: string, values: Float64Array): Accumulator {
    const acc = totals ?? this.newAccumulator(3, this.spareFields.pop());
    if (!acc.setTotals && this.hasEveryInput(values)) {
      this.foldEveryField(acc, values, 3);
    } else {
      for (let f = 0; f < this.width; f++) this.complete[f] = Number.isNaN(values[f]!) ? 0 : 1;
      // Sets first: a set that leaves this row out starts from the field totals before it.
      this.foldSets(acc, code, values, values, 3);
      this.foldFields(acc, values, this.complete, 3);
    }
    acc.count++;
    return acc;
  }

  /** Every input of a child that has them all: the fields go by how they fold, each kind in one tight loop. */
  private foldEveryField(acc: Accumulator, values: Float64Array, depth: number): void {
    const totals = acc.fields;
    const { sum, weighted_mean: weighted, min, max } = this.byAggregateAt[depth]!;
    for (let k = 0; k < sum.length; k++) {
      const f = sum[k]!;
      totals[f] = totals[f]! + values[f]!;
    }
    for (let k = 0; k < weighted.length; k++) {
      const f = weighted[k]!;
      const w = this.weightOfField[f]!(values);
      const weight = Number.isNaN(w) ? 0 : w;
      totals[f] = totals[f]! + weight * values[f]!;
      const slot = this.width + this.weightSlot[f]!;
      totals[slot] = totals[slot]! + weight;
    }
    for (let k = 0; k < min.length; k++) {
      const f = min[k]!;
      const t = totals[f]!;
      totals[f] = Number.isNaN(t) ? values[f]! : Math.min(t, values[f]!);
    }
    for (let k = 0; k < max.length; k++) {
      const f = max[k]!;
      const t = totals[f]!;
      totals[f] = Number.isNaN(t) ? values[f]! : Math.max(t, values[f]!);
    }
  }

  /** A child's figures field by field: NaN ones are counted missing, incomplete ones (complete[f] 0) as gaps. */
  private foldFields(acc: Accumulator, values: Float64Array, complete: Uint8Array, depth: number): void {
    const totals = acc.fields;
    const aggregates = this.byAggregateAt[depth]!;
    for (let f = 0; f < this.width; f++) {
      if (complete[f] === 0) {
        const lacking = (acc.lacking ??= new Uint16Array(2 * this.width));
        lacking[this.width + f]!++;
        if (Number.isNaN(values[f]!)) lacking[f]!++;
      }
    }
    // The fields a child has, by kind (NaN ones skipped).
    const { sum, weighted_mean: weighted, min, max } = aggregates;
    for (let k = 0; k < sum.length; k++) {
      const f = sum[k]!;
      const x = values[f]!;
      if (!Number.isNaN(x)) totals[f] = totals[f]! + x;
    }
    for (let k = 0; k < weighted.length; k++) {
      const f = weighted[k]!;
      const x = values[f]!;
      if (Number.isNaN(x)) continue;
      const w = this.weightOfField[f]!(values);
      const weight = Number.isNaN(w) ? 0 : w;
      totals[f] = totals[f]! + weight * x;
      const slot = this.width + this.weightSlot[f]!;
      totals[slot] = totals[slot]! + weight;
    }
    for (let k = 0; k < min.length; k++) {
      const f = min[k]!;
      const x = values[f]!;
      const t = totals[f]!;
      if (!Number.isNaN(x)) totals[f] = Number.isNaN(t) ? x : Math.min(t, x);
    }
    for (let k = 0; k < max.length; k++) {
      const f = max[k]!;
      const x = values[f]!;
      const t = totals[f]!;
      if (!Number.isNaN(x)) totals[f] = Number.isNaN(t) ? x : Math.max(t, x);
    }
  }

  /**
   * A child set by set, where it is not simply its figures added to the field totals: a set that
   * leaves it out (it lacks one of the set's inputs) or whose values differ from its figures (a
   * region whose own set totals left some child out) gets, or already has, totals of its own.
   * `figures`: the child's figures by field index; `from`: a row's values, or a region whose
   * values are resolved set by set.
   */
  private foldSets(acc: Accumulator, childCode: string, figures: Float64Array, from: Float64Array | RegionNode, depth: number): void {
    for (let s = 0; s < this.sets.length; s++) {
      const set = this.sets[s]!;
      const values = from instanceof Float64Array ? this.ownSetValues(from, set) : this.resolvedValues(from, set, s);
      let totals = acc.setTotals?.[s] ?? null;
      if (!totals) {
        if (values && this.areFigures(values, set, figures)) continue; // the field totals serve
        totals = this.diverge(acc, s);
      }
      if (values) this.foldSet(acc, set, s, totals, values, childCode, depth);
    }
  }

  /** Whether a child's values for a set are its figures for the set's inputs (what the field totals add). */
  private areFigures(values: Float64Array, set: InputSet, figures: Float64Array): boolean {
    for (let i = 0; i < set.fields.length; i++) if (!Object.is(values[i], figures[set.fields[i]!])) return false;
    return true;
  }

  private foldSet(acc: Accumulator, set: InputSet, s: number, totals: Float64Array, values: Float64Array, childCode: string, depth: number): void {
    const w = set.fields.length;
    const countAt = setCountAt(set);
    const first = totals[countAt] === 0;
    const aggregates = set.aggregatesAt[depth]!;
    for (let i = 0; i < w; i++) {
      const x = values[i]!;
      switch (aggregates[i]) {
        case 'sum':
          totals[i] = totals[i]! + x;
          break;
        case 'weighted_mean': {
          const weight = set.weightOf[i]!(values);
          const w8 = Number.isNaN(weight) ? 0 : weight;
          totals[i] = totals[i]! + w8 * x;
          totals[w + i] = totals[w + i]! + w8;
          break;
        }
        case 'min':
          totals[i] = first ? x : Math.min(totals[i]!, x);
          break;
        case 'max':
          totals[i] = first ? x : Math.max(totals[i]!, x);
          break;
      }
    }
    totals[countAt]!++;
    const contributors = acc.contributors?.[s];
    if (contributors && contributors.length < MAX_CONTRIBUTORS) contributors.push(childCode);
  }

  /**
   * Sets each region's `expected` children: where the division list has children for it, those of
   * that year (divisions.ts: expectedChildren, old codes before a change unless the data restates
   * the year on today's), plus any other child that year's data has; each listed child with no data
   * becomes a region of its own (no value, and why), and so on below it; a child code the lists
   * do not know counts when the data has it in any year. Where the list has no children for a
   * region (below counties, or no list), the children the data has in any year.
   */
  private expectChildren(byDepth: RegionNode[][]): void {
    // With one year in the data (the usual case), its children are the children of any year: one
    // map serves both (a set entry per region, 150,000 townships nationally, made once, not twice).
    const oneYear = this.nodes.size === 1;
    const dataChildren = new Map<string, Set<string>>();
    const inYear = new Map<number, Map<string, Set<string>>>();
    const addChild = (parent: string, code: string, year: number) => {
      let byParent = inYear.get(year);
      if (!byParent) inYear.set(year, (byParent = oneYear ? dataChildren : new Map()));
      add(byParent, parent, code);
      if (!oneYear) add(dataChildren, parent, code);
    };
    for (const level of byDepth) {
      for (const node of level) if (node.parent) addChild(node.parent.code, node.code, node.year);
    }
    // The table's townships: by count under a county in a single year (no code made for each), else by code.
    const counted = new Map<RegionNode, number>();
    for (const t of this.tableTownships()) {
      const parent = this.townships.parentOf(t);
      if (!parent) continue;
      if (oneYear && parent.level === 'county') counted.set(parent, (counted.get(parent) ?? 0) + 1);
      else addChild(parent.code, this.townships.code(t), this.townships.year(t));
    }
    const none: ReadonlySet<string> = new Set();
    const lists = divisionIndexOf(this.plan);
    const unlisted = (code: string) => !lists.current.has(code) && !lists.retired.has(code);
    for (let depth = 0; depth < byDepth.length; depth++) {
      // Regions made here join the next level down, whose turn comes next.
      for (const node of byDepth[depth]!) {
        const reported = inYear.get(node.year)?.get(node.code) ?? none;
        const listed = node.code.length === 6 && node.level !== 'county' ? expectedChildren(this.plan, node.code, node.year, reported) : [];
        if (listed.length === 0) {
          node.expected = (dataChildren.get(node.code)?.size ?? 0) + (counted.get(node) ?? 0) + this.villageRowsOf(node);
          continue;
        }
        let expected = reported.size;
        for (const code of dataChildren.get(node.code) ?? none) if (!reported.has(code) && unlisted(code)) expected++;
        for (const code of listed) {
          if (reported.has(code)) continue;
          expected++;
          const codes = this.nodes.get(node.year)!;
          if (codes.has(code)) continue;
          const child = this.node(code, node.year);
          child.parent = node;
          byDepth[depth + 1]!.push(child);
        }
        node.expected = expected + this.villageRowsOf(node);
      }
    }
  }

  private villageRowsOf(node: RegionNode): number {
    return node.township >= 0 ? this.townships.rows(node.township) : 0;
  }

  private foldIntoParent(node: RegionNode): void {
    const parent = node.parent;
    if (!parent) return;
    const depth = levelDepth(parent.level);
    const acc = (parent.acc ??= this.newAccumulator(depth));
    const figures = this.figuresOf(node);
    const uniform = this.uniformValues(node);
    // With no own row, a uniform region's values and its figures are the same numbers.
    const same = uniform !== null && (node.own ? figures === uniform : true);
    if (!acc.setTotals && same && this.figuresComplete && this.hasEveryInput(figures)) {
      this.foldEveryField(acc, figures, depth);
    } else {
      // Sets first: a set that leaves this child out starts from the field totals before it.
      this.foldSets(acc, node.code, figures, node, depth);
      this.foldFields(acc, figures, this.complete, depth);
    }
    acc.count++;
  }

  /**
   * A region's figure per input (its own where it reported one, else its children's totals), and
   * in `complete` whether each is complete: reported, or built from every expected child with a
   * complete figure (figuresComplete: all are). node.own itself when that is the whole answer.
   */
  private figuresOf(node: RegionNode): Float64Array {
    const { own, acc } = node;
    let all = true;
    if (own && (!acc || this.hasEveryInput(own))) {
      for (let f = 0; f < this.width; f++) {
        const has = Number.isNaN(own[f]!) ? 0 : 1;
        this.complete[f] = has;
        if (!has) all = false;
      }
      this.figuresComplete = all;
      return own;
    }
    const childrenComplete = acc !== null && acc.count > 0 && acc.count === node.expected;
    const gaps = acc?.lacking ?? null;
    const out = this.figureScratch;
    for (let f = 0; f < this.width; f++) {
      const reported = own ? own[f]! : Number.NaN;
      if (!Number.isNaN(reported)) {
        out[f] = reported;
        this.complete[f] = 1;
        continue;
      }
      out[f] = acc ? this.fieldValue(acc, f) : Number.NaN;
      const complete = childrenComplete && (gaps === null || gaps[this.width + f] === 0) ? 1 : 0;
      this.complete[f] = complete;
      if (!complete) all = false;
    }
    this.figuresComplete = all;
    return out;
  }

  /** An accumulator's figure for one input: its total (a weighted mean resolved), NaN when no child had it. */
  private fieldValue(acc: Accumulator, f: number): number {
    if (acc.lacking !== null && acc.lacking[f] === acc.count) return Number.NaN;
    const slot = this.weightSlot[f]!;
    if (slot < 0) return acc.fields[f]!;
    const weight = acc.fields[this.width + slot]!;
    return weight === 0 ? Number.NaN : acc.fields[f]! / weight;
  }

  /** The region's resolved inputs by field index when they are the same for every set, else null. */
  private uniformValues(node: RegionNode): Float64Array | null {
    if (node.own) return this.hasUsedInputs(node.own) ? node.own : null;
    const acc = node.acc;
    if (!acc || acc.setTotals || acc.count === 0) return null;
    const out = this.scratch;
    for (let f = 0; f < this.width; f++) out[f] = this.fieldValue(acc, f);
    for (let k = 0; k < this.usedFields.length; k++) if (Number.isNaN(out[this.usedFields[k]!]!)) return null;
    return out;
  }

  private childCount(acc: Accumulator | null, s: number): number {
    if (!acc) return 0;
    const totals = acc.setTotals?.[s];
    return totals ? totals[setCountAt(this.sets[s]!)]! : acc.count;
  }

  /** A set's resolved inputs (in the shared scratch array), or null when there are none. */
  private resolvedValues(node: RegionNode, set: InputSet, s: number): Float64Array | null {
    const own = node.own ? this.ownSetValues(node.own, set) : null;
    if (own) return own;
    const acc = node.acc;
    if (this.childCount(acc, s) === 0) return null;
    const out = this.setScratch;
    for (let i = 0; i < set.fields.length; i++) {
      const total = this.totalOf(acc!, s, i);
      if (this.weightSlot[set.fields[i]!]! < 0) {
        out[i] = total;
        continue;
      }
      const weight = this.weightTotalOf(acc!, s, i);
      if (weight === 0) return null;
      out[i] = total / weight;
    }
    return out;
  }

  private copyOwn(own: Float64Array, set: InputSet, out: Float64Array): Float64Array {
    for (let i = 0; i < set.fields.length; i++) out[i] = own[set.fields[i]!]!;
    return out;
  }

  private totalOf(acc: Accumulator, s: number, i: number): number {
    const totals = acc.setTotals?.[s];
    return totals ? totals[i]! : acc.fields[this.sets[s]!.fields[i]!]!;
  }

  private weightTotalOf(acc: Accumulator, s: number, i: number): number {
    const totals = acc.setTotals?.[s];
    return totals ? totals[this.sets[s]!.fields.length + i]! : acc.fields[this.width + this.weightSlot[this.sets[s]!.fields[i]!]!]!;
  }

  /** A region's inputs per set (for LazyRegionResult; not part of the engine's API). */
  setsOf(node: RegionNode): SetValues[] {
    return this.sets.map((set, s) => this.setValues(node, set, s));
  }

  /** What a region reports for a set: its own row, else its children, else why there is nothing. */
  private setValues(node: RegionNode, set: InputSet, s: number, into?: Float64Array): SetValues {
    if (node.own && this.ownSetValues(node.own, set)) {
      return new RegionSetValues(this.copyOwn(node.own, set, into ?? new Float64Array(set.fields.length)), REPORTED);
    }
    const used = this.childCount(node.acc, s);
    if (used > 0) return this.fromChildren(node, set, s, used, into);
    return new RegionSetValues(null, null, undefined, this.missingReason(node, set));
  }

  private fromChildren(node: RegionNode, set: InputSet, s: number, used: number, into?: Float64Array): SetValues {
    const acc = node.acc!;
    const values = into ?? new Float64Array(set.fields.length);
    const coverage = new ChildCoverage(used, Math.max(node.expected, used), childLevelOf(node.level) ?? undefined);
    const contributors = acc.contributors?.[s] ?? undefined;
    for (let i = 0; i < set.fields.length; i++) {
      const total = this.totalOf(acc, s, i);
      if (this.weightSlot[set.fields[i]!]! < 0) {
        values[i] = total;
      } else {
        const weight = this.weightTotalOf(acc, s, i);
        if (weight === 0) {
          return new RegionSetValues(null, coverage, contributors, { code: 'zero_denominator', denominator: `Σ ${set.weights[i]!.source}` });
        }
        values[i] = total / weight;
      }
      // Children's figures too large to add up (1e308 + 1e308): no value, and why.
      if (!Number.isFinite(values[i]!)) return new RegionSetValues(null, coverage, contributors, OVERFLOW);
    }
    return new RegionSetValues(values, coverage, contributors);
  }

  private missingInput(field: number): Reason {
    let reason = this.missingInputReasons.get(field);
    if (!reason) this.missingInputReasons.set(field, (reason = Object.freeze({ code: 'missing_input', field: this.plan.inputs[field]!.id })));
    return reason;
  }

  private missingReason(node: RegionNode, set: InputSet): Reason {
    if (node.own) {
      const missing = set.fields.find((f) => Number.isNaN(node.own![f]!));
      return this.missingInput(missing!);
    }
    if (!node.acc) return NOT_SUBMITTED;
    return NO_COMPLETE_CHILD[node.level];
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

  /** One indicator of a region, its set worked out in a scratch array (for LazyRegionResult). */
  oneIndicatorValue(node: RegionNode, i: number): IndicatorValue {
    const s = this.setOfIndicator[i]!;
    return this.indicatorValue(node, i, this.setValues(node, this.sets[s]!, s, this.resultScratch));
  }

  /** One set of a region, in `into` or an array of its own (for LazyRegionResult). */
  oneSetValues(node: RegionNode, s: number, into?: Float64Array): SetValues {
    return this.setValues(node, this.sets[s]!, s, into);
  }

  private indicatorValue(node: RegionNode, i: number, { values, coverage, reason }: SetValues): IndicatorValue {
    const { code, year } = node;
    const indicator = this.plan.indicators[i]!;
    if (!values) return new RegionIndicatorValue(code, year, indicator.id, coverage, null, reason);
    const value = this.formulaOf[i]!(values);
    if (!Number.isNaN(value)) return new RegionIndicatorValue(code, year, indicator.id, coverage, value);
    // The rare path: the same closures again, traced, for the reason.
    const set = this.sets[this.setOfIndicator[i]!]!;
    const why = whyNoValue(indicator.formula, (id) => set.position.get(id), values) ?? OVERFLOW;
    return new RegionIndicatorValue(code, year, indicator.id, coverage, null, why);
  }
}

/**
 * A region's result; its sets and indicator values are computed when first read, then kept. The
 * rest is read from the region's node (a check holds one of these per region judged: 700,000 on a
 * national check of every level, so each field held here counts).
 */
class LazyRegionResult implements RegionResult {
  #engine: RegionEngine;
  #node: RegionNode;
  #sets: SetValues[] | null = null;
  #values: IndicatorValue[] | null = null;

  constructor(engine: RegionEngine, node: RegionNode) {
    this.#engine = engine;
    this.#node = node;
  }

  get code(): string {
    return this.#node.code;
  }

  get name(): string {
    return this.#node.name;
  }

  get level(): Level {
    return this.#node.level;
  }

  get year(): number {
    return this.#node.year;
  }

  get own(): Float64Array | null {
    return this.#node.own;
  }

  get submitted(): boolean {
    return this.#node.own !== null || this.#node.acc !== null;
  }

  get sets(): SetValues[] {
    return (this.#sets ??= this.#engine.setsOf(this.#node));
  }

  set sets(sets: SetValues[]) {
    this.#sets = sets;
  }

  get values(): IndicatorValue[] {
    return (this.#values ??= this.valuesNow());
  }

  set values(values: IndicatorValue[]) {
    this.#values = values;
  }

  /** values, without keeping them (EngineResult.valuesOf). Most readers want values only (a county table holds 150,000): then the sets are not kept. */
  valuesNow(): IndicatorValue[] {
    return this.#values ?? (this.#sets ? this.#engine.indicatorValues(this.#node, this.#sets) : this.#engine.indicatorValuesOnly(this.#node));
  }

  /** values[i], without making or keeping the others (EngineResult.valueOf). */
  valueNow(i: number): IndicatorValue {
    return this.#values ? this.#values[i]! : this.#engine.oneIndicatorValue(this.#node, i);
  }

  /** sets[s], without making or keeping the others (EngineResult.setValuesOf). */
  setNow(s: number, into?: Float64Array): SetValues {
    return this.#sets ? this.#sets[s]! : this.#engine.oneSetValues(this.#node, s, into);
  }

  toJSON(): RegionResult {
    const { code, name, level, year, values, own, submitted, sets } = this;
    return { code, name, level, year, values, own, submitted, sets };
  }
}

/** Convenience for tests and small inputs: all rows in, results out (findings not read). */
export function aggregateRows(plan: Plan, rows: Iterable<SubmissionRow>, options?: EngineOptions): EngineResult {
  const engine = new RegionEngine(plan, options);
  for (const row of rows) engine.add(row);
  return engine.finish();
}

function add(map: Map<string, Set<string>>, key: string, value: string): void {
  const set = map.get(key);
  if (set) set.add(value);
  else map.set(key, new Set([value]));
}
