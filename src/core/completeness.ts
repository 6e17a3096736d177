// Completeness: for every region the plan's division list expects at one level and year, whether
// its submission arrived, which inputs it left blank, and which indicators that blocks there and
// above it. Everything is read from the engine's results (own rows, per-set coverage): no second
// reading and no second roll-up of values; only presence is followed down to the children.

import type { EngineResult, RegionResult } from './aggregate.js';
import { diagnostic, PlanmetricsError, type Diagnostic } from './diagnostics.js';
import { divisionsAt } from './divisions.js';
import { closestMatches, filterError, unmatchedFilters } from './filters.js';
import { childLevelOf, levelDepth, parentCode, regionLevel } from './regions.js';
import { LEVELS, type Division, type Indicator, type Level, type Plan } from './types.js';

export type CompletenessState = 'absent' | 'partial' | 'complete';

/** Indicators a region's gap leaves without a value at one of its ancestors. */
export interface BlockedParent {
  region_code: string;
  region_name: string;
  indicators: string[];
}

export interface CompletenessRegion {
  region_code: string;
  region_name: string;
  parent_code: string | null;
  year: number;
  submitted: boolean;
  /** Input ids the plan needs that are blank, in plan order (empty for an absent region: nothing arrived). */
  missing_fields: string[];
  /** Indicators judged at this region's level (or with a quota for it) that a missing field leaves without a value. */
  indicators_blocked: string[];
  /** Ancestors built from their children that this region's gap (or absence) leaves without values. */
  blocks_parents: BlockedParent[];
  /** Only for a region with no row of its own: how many of its expected children arrived. */
  children?: { arrived: number; expected: number; child_level: Level | null };
}

export interface ParentCompleteness {
  /** null: the regions with no parent (the provinces, at province level). */
  region_code: string | null;
  region_name: string;
  year: number;
  expected: number;
  complete: number;
  partial: number;
  absent: number;
}

export interface CompletenessSummary {
  expected: number;
  complete: number;
  partial: number;
  absent: number;
}

export interface CompletenessReport {
  plan: { id: string };
  level: Level;
  years: number[];
  /** Absent first, then partial, then complete; each by year, then code. */
  regions: CompletenessRegion[];
  by_parent: ParentCompleteness[];
  summary: CompletenessSummary;
}

export interface CompletenessSelection {
  /** Default: the lowest level present in the data that the division list has. */
  level?: string;
  /** Empty or absent: the latest year in the data; 'all': every year in it. */
  years?: number[] | 'all';
  /** Region codes; each selects itself or its descendants at the level. */
  regions?: string[];
  /** Share (0 to 1) of a parent's children that must arrive for it to count as arrived; default 1. */
  minCoverage?: number;
}

export function stateOf(region: Pick<CompletenessRegion, 'submitted' | 'missing_fields'>): CompletenessState {
  if (!region.submitted) return 'absent';
  return region.missing_fields.length > 0 ? 'partial' : 'complete';
}

function byCode(a: { code: string }, b: { code: string }): number {
  return a.code < b.code ? -1 : a.code > b.code ? 1 : 0;
}

interface Resolved {
  level: Level;
  years: number[];
}

/** Levels with a row of their own in the data, deepest last; 'village' when a township is built from village rows. */
function levelsInData(engine: EngineResult): Set<Level> {
  const present = new Set<Level>();
  for (const region of engine.regions) {
    if (region.own) present.add(region.level);
    else if (region.level === 'township') present.add('village');
  }
  return present;
}

/** Checks the selection against the division list and the data; every problem at once. */
function resolve(plan: Plan, engine: EngineResult, selection: CompletenessSelection): Resolved {
  const divisions = plan.divisions ?? [];
  if (divisions.length === 0) throw new PlanmetricsError([diagnostic('DIVISIONS_NONE', {}, { plan: plan.meta.id })]);
  const problems: Diagnostic[] = [];
  const listed = new Set(divisions.map((d) => d.level));
  const listedLevels = LEVELS.filter((l) => listed.has(l));

  let level: Level | undefined;
  if (selection.level !== undefined) {
    const asked = selection.level.trim();
    if (!(LEVELS as readonly string[]).includes(asked)) {
      problems.push(filterError('--level', asked, 'not_a_level', closestMatches(asked, LEVELS.map((l) => ({ keys: [l], shown: l })))));
    } else if (!listed.has(asked as Level)) {
      problems.push(filterError('--level', asked, 'level_not_in_divisions', listedLevels));
    } else level = asked as Level;
  } else {
    const present = levelsInData(engine);
    const deepest = Math.max(-1, ...[...present].map(levelDepth));
    // The lowest level in the data the division list has; above it when the list stops short.
    level = [...listedLevels].reverse().find((l) => levelDepth(l) <= deepest) ?? listedLevels[0];
  }

  let years: number[] = [];
  if (selection.years === 'all') years = [...engine.years];
  else if (!selection.years || selection.years.length === 0) years = engine.years.length > 0 ? [engine.years[engine.years.length - 1]!] : [];
  else {
    problems.push(...unmatchedFilters({ plan, engine }, { years: selection.years }));
    years = [...new Set(selection.years.filter((year) => engine.years.includes(year)))].sort((a, b) => a - b);
  }
  if (years.length === 0 && problems.length === 0) problems.push(filterError('--year', 'latest', 'no_rows', []));

  const byCodeMap = new Map([...(plan.division_history ?? []), ...divisions].map((d) => [d.code, d]));
  const within = selection.regions ?? [];
  for (const code of within) {
    const d = byCodeMap.get(code);
    const candidates = () => divisions.map((c) => ({ keys: [c.code, c.name], shown: `${c.code} ${c.name}` }));
    if (!d) problems.push(filterError('--region', code, 'not_in_divisions', closestMatches(code, candidates())));
    else if (level && levelDepth(d.level) > levelDepth(level)) {
      let above: Division | undefined = d;
      while (above && above.level !== level) above = above.parent_code === null ? undefined : byCodeMap.get(above.parent_code);
      problems.push(filterError('--region', code, 'below_level', above ? [`${above.code} ${above.name}`] : []));
    }
  }
  if (problems.length > 0) throw new PlanmetricsError(problems);
  return { level: level!, years };
}

/** What arrived for one region and year, as far as presence goes. */
interface Presence {
  arrived: boolean;
  /** Input indexes blank (at the required share of children, for a region built from them). */
  missing: number[];
  children?: { arrived: number; expected: number; child_level: Level | null };
}

const NOTHING: Presence = { arrived: false, missing: [] };

class CompletenessBuilder {
  /** Every input some indicator needs, in plan order. */
  private readonly needed: number[];
  private readonly divisionByCode: Map<string, Division>;
  /** Year -> parent code -> codes of the regions in the data under it. */
  private readonly dataChildren = new Map<number, Map<string, Set<string>>>();
  private readonly presence = new Map<string, Presence>();

  constructor(
    private readonly plan: Plan,
    private readonly engine: EngineResult,
    private readonly minCoverage: number,
  ) {
    this.needed = [...new Set(plan.indicators.flatMap((i) => i.requires))].sort((a, b) => a - b);
    const divisions = plan.divisions ?? [];
    this.divisionByCode = new Map(divisions.map((d) => [d.code, d]));
    for (const region of engine.regions) {
      const parent = parentCode(region.code);
      if (parent === null) continue;
      let byParent = this.dataChildren.get(region.year);
      if (!byParent) this.dataChildren.set(region.year, (byParent = new Map()));
      const children = byParent.get(parent);
      if (children) children.add(region.code);
      else byParent.set(parent, new Set([region.code]));
    }
  }

  parentOf(code: string): string | null {
    const d = this.divisionByCode.get(code);
    return d ? d.parent_code : parentCode(code);
  }

  nameOf(code: string, year?: number): string {
    return this.divisionByCode.get(code)?.name || (year === undefined ? undefined : this.engine.get(code, year)?.name) || '';
  }

  /** The codes the year's data has under a parent (the engine's regions: those with rows, and the children the list expects). */
  reportedUnder(parent: string, year: number): ReadonlySet<string> {
    return this.dataChildren.get(year)?.get(parent) ?? NO_CODES;
  }

  /**
   * The children a parent is built from, as the engine counts them: its regions that year, which
   * include every child the division list expects then (the engine adds the absent ones).
   */
  private childrenOf(code: string, year: number): string[] {
    const all = this.reportedUnder(code, year);
    // Only deeper codes: a division list that loops (a parent_code pointing back) must not recurse for ever.
    const depth = levelDepth(regionLevel(code) ?? 'village');
    return [...all].filter((child) => levelDepth(regionLevel(child) ?? 'province') > depth);
  }

  presenceOf(code: string, year: number): Presence {
    const key = `${year}:${code}`;
    let found = this.presence.get(key);
    if (!found) this.presence.set(key, (found = this.findPresence(code, year)));
    return found;
  }

  private findPresence(code: string, year: number): Presence {
    const region = this.engine.get(code, year);
    if (!region?.submitted) return NOTHING;
    if (region.own) return { arrived: true, missing: this.needed.filter((f) => Number.isNaN(region.own![f]!)) };
    const children = this.childrenOf(code, year);
    if (children.length === 0) return this.fromVillages(region);
    const states = children.map((child) => this.presenceOf(child, year));
    const arrived = states.filter((s) => s.arrived);
    const expected = children.length;
    const counts = { arrived: arrived.length, expected, child_level: childLevelOf(region.level) };
    if (arrived.length === 0 || arrived.length / expected < this.minCoverage) return { arrived: false, missing: [], children: counts };
    const missing = this.needed.filter((f) => arrived.filter((s) => !s.missing.includes(f)).length / expected < this.minCoverage);
    return { arrived: true, missing, children: counts };
  }

  /**
   * A township built from village rows (which the engine folds away): it arrived; an input is
   * blank when no indicator set holding it has enough of the villages reporting it.
   */
  private fromVillages(region: RegionResult): Presence {
    // Each indicator's value carries its input set's coverage; values, unlike sets, keep no arrays.
    const best = new Map<number, number>();
    region.values.forEach(({ coverage }, i) => {
      const share = coverage && coverage.expected > 0 ? coverage.used / coverage.expected : 0;
      for (const f of this.plan.indicators[i]!.requires) best.set(f, Math.max(best.get(f) ?? 0, share));
    });
    return { arrived: true, missing: this.needed.filter((f) => (best.get(f) ?? 0) < this.minCoverage) };
  }

  /** Indicators judged at this region (its level, or a quota for it) that need any of `fields`. */
  blocked(code: string, level: Level, fields: readonly number[]): Indicator[] {
    return this.plan.indicators.filter(
      (indicator) => (indicator.levels.includes(level) || Object.hasOwn(indicator.quotas, code)) && indicator.requires.some((f) => fields.includes(f)),
    );
  }

  /**
   * For each ancestor: the indicators it cannot have because of this region's gap. The direct
   * parent lacks an indicator when too few of its children report the indicator's inputs (the
   * engine's coverage, which leaves this region out); an ancestor above it, when that share less
   * the child that now lacks it falls short. An ancestor that reports the inputs in its own row,
   * or whose share is still enough, ends the walk for that indicator.
   */
  blocksParents(code: string, year: number, fields: readonly number[]): BlockedParent[] {
    const out: BlockedParent[] = [];
    const open = new Set(this.plan.indicators.flatMap((indicator, i) => (indicator.requires.some((f) => fields.includes(f)) ? [i] : [])));
    let lost = 0;
    const seen = new Set([code]);
    for (let ancestor = this.parentOf(code); ancestor !== null && open.size > 0 && !seen.has(ancestor); ancestor = this.parentOf(ancestor)) {
      seen.add(ancestor);
      const level = this.divisionByCode.get(ancestor)?.level ?? regionLevel(ancestor);
      if (!level) break;
      const region = this.engine.get(ancestor, year);
      const indicators: string[] = [];
      for (const i of [...open]) {
        const coverage = region?.sets[this.engine.setOf(i).index]?.coverage ?? null;
        const share = coverage && coverage.expected > 0 ? (coverage.used - lost) / coverage.expected : 0;
        if (coverage?.from === 'reported' || share >= this.minCoverage) {
          open.delete(i);
          continue;
        }
        const indicator = this.plan.indicators[i]!;
        if (indicator.levels.includes(level) || Object.hasOwn(indicator.quotas, ancestor)) indicators.push(indicator.id);
      }
      if (indicators.length > 0) out.push({ region_code: ancestor, region_name: this.nameOf(ancestor, year), indicators });
      lost = 1;
    }
    return out;
  }

  region(division: Division, year: number): CompletenessRegion {
    const presence = this.presenceOf(division.code, year);
    const ids = (fields: number[]) => fields.map((f) => this.plan.inputs[f]!.id);
    const lacking = presence.arrived ? presence.missing : this.needed;
    const hasGap = !presence.arrived || presence.missing.length > 0;
    return {
      region_code: division.code,
      region_name: division.name || this.nameOf(division.code, year),
      parent_code: division.parent_code,
      year,
      submitted: presence.arrived,
      missing_fields: presence.arrived ? ids(presence.missing) : [],
      indicators_blocked: presence.arrived ? this.blocked(division.code, division.level, presence.missing).map((i) => i.id) : [],
      blocks_parents: hasGap ? this.blocksParents(division.code, year, lacking) : [],
      ...(presence.children ? { children: presence.children } : {}),
    };
  }
}

const NO_CODES: ReadonlySet<string> = new Set();

const STATE_ORDER: Record<CompletenessState, number> = { absent: 0, partial: 1, complete: 2 };

/** The completeness report: checks the selection (usage errors name the closest matches), then every expected region and year. */
export function completeness(plan: Plan, engine: EngineResult, selection: CompletenessSelection = {}): CompletenessReport {
  const minCoverage = selection.minCoverage ?? 1;
  const { level, years } = resolve(plan, engine, selection);
  const builder = new CompletenessBuilder(plan, engine, minCoverage);
  const regions: CompletenessRegion[] = [];
  for (const year of years) {
    const expected = divisionsAt(plan, level, year, selection.regions, (parent) => builder.reportedUnder(parent, year));
    for (const division of expected) regions.push(builder.region(division, year));
  }
  if (regions.length === 0) throw new PlanmetricsError([filterError('--region', (selection.regions ?? []).join(','), 'nothing_at_level', [])]);
  regions.sort((a, b) => STATE_ORDER[stateOf(a)] - STATE_ORDER[stateOf(b)] || a.year - b.year || byCode({ code: a.region_code }, { code: b.region_code }));

  const parents = new Map<string, ParentCompleteness>();
  for (const region of regions) {
    const code = region.parent_code;
    const key = `${region.year}:${code ?? ''}`;
    let entry = parents.get(key);
    if (!entry) {
      entry = { region_code: code, region_name: code ? builder.nameOf(code, region.year) : '', year: region.year, expected: 0, complete: 0, partial: 0, absent: 0 };
      parents.set(key, entry);
    }
    entry.expected++;
    entry[stateOf(region)]++;
  }
  const by_parent = [...parents.values()].sort((a, b) => a.year - b.year || byCode({ code: a.region_code ?? '' }, { code: b.region_code ?? '' }));
  const summary: CompletenessSummary = { expected: regions.length, complete: 0, partial: 0, absent: 0 };
  for (const region of regions) summary[stateOf(region)]++;
  return { plan: { id: plan.meta.id }, level, years, regions, by_parent, summary };
}

/** 0 when every expected region is complete, 1 when any is absent or partial. */
export function completenessExitCode(report: CompletenessReport): number {
  return report.summary.absent + report.summary.partial > 0 ? 1 : 0;
}

/**
 * What is missing, for stderr when the command exits 1: one warning per absent or partial region
 * (absent first), at most `limit`, then one that counts the rest.
 */
export function missingDiagnostics(report: CompletenessReport, plan: Plan, limit = 20): Diagnostic[] {
  const gaps = report.regions.filter((r) => stateOf(r) !== 'complete');
  const label = (id: string) => plan.inputs.find((input) => input.id === id)?.label ?? id;
  const shown = gaps.slice(0, limit).map((r) => {
    const where = { region: r.region_code, year: r.year };
    if (!r.submitted) return diagnostic('SUBMISSION_ABSENT', where, { name: r.region_name });
    return diagnostic('SUBMISSION_PARTIAL', where, {
      name: r.region_name,
      fields: r.missing_fields.join(', '),
      labels: r.missing_fields.map(label).join('、'),
      blocked: r.indicators_blocked.length,
    });
  });
  const rest = gaps.length - shown.length;
  return rest > 0 ? [...shown, diagnostic('SUBMISSIONS_MORE', {}, { count: rest })] : shown;
}
