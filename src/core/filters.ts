// Filters are checked: an --indicator, --region or --year value that matches nothing in the plan
// or the data is a usage error naming the closest matches, never a silent "0 results" (a typo
// must not turn a failing CI run green). One place for every command; pure.

import type { EngineResult } from './aggregate.js';
import { diagnostic, PlanmetricsError, type Diagnostic } from './diagnostics.js';
import { regionLevel } from './regions.js';
import type { Level, Plan } from './types.js';

/** Edit distance, for naming the closest matches of a value that matches nothing. */
function distance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length]!;
}

/** How far apart two codes are as numbers (Infinity unless both are digits): breaks ties between codes one digit off. */
function numericGap(a: string, b: string): number {
  return /^\d+$/.test(a) && /^\d+$/.test(b) ? Math.abs(Number(a) - Number(b)) : Number.POSITIVE_INFINITY;
}

/** How near a key is to a value: 0 when the key begins with it, 1 when it holds it, else the edit distance. */
function nearness(value: string, key: string): number {
  if (value === '') return distance(value, key);
  return key.startsWith(value) ? 0 : key.includes(value) ? 1 : distance(value, key);
}

/** Up to `count` candidates nearest to `value`, those it begins or is part of first (each candidate: the texts it answers to, the first its code, and how it is shown). */
export function closestMatches(value: string, candidates: readonly { keys: string[]; shown: string }[], count = 3): string[] {
  return candidates
    .map((candidate) => ({ shown: candidate.shown, d: Math.min(...candidate.keys.map((key) => nearness(value, key))), gap: numericGap(value, candidate.keys[0]!) }))
    .sort((a, b) => a.d - b.d || a.gap - b.gap || (a.shown < b.shown ? -1 : a.shown > b.shown ? 1 : 0))
    .slice(0, count)
    .map((candidate) => candidate.shown);
}

/** FILTER_UNKNOWN: `option value` matches nothing, for the reason `kind` (see messages.ts). */
export function filterError(option: string, value: string, kind: string, suggestions: readonly string[]): Diagnostic {
  return diagnostic('FILTER_UNKNOWN', {}, { option, value, kind, ...(suggestions.length > 0 ? { suggestions: suggestions.join(', ') } : {}) });
}

/** The years of `known` nearest to `year`, nearest first. */
export function nearestYears(year: number, known: readonly number[], count = 3): string[] {
  return [...known].sort((a, b) => Math.abs(a - year) - Math.abs(b - year) || a - b).slice(0, count).map(String);
}

/** What a command was asked to select. */
export interface Filters {
  indicators?: readonly string[];
  regions?: readonly string[];
  years?: readonly number[] | 'all';
}

export interface FilterScope {
  plan: Plan;
  /**
   * The data the command reads: years and regions are looked up in it (regions also in the
   * division list). None (`template`): years are checked against the plan period.
   */
  engine?: EngineResult;
  /**
   * The levels the command reports, when a region must be one of them to appear (check, compute,
   * project): a region found at another level is named with the --level that shows it.
   */
  levels?: readonly Level[];
  /** How the command names its indicator filter in messages (default `--indicator`; explain: `INDICATOR`). */
  indicatorOption?: string;
}

function indicatorProblems(plan: Plan, asked: readonly string[], option: string): Diagnostic[] {
  const known = new Set(plan.indicators.flatMap((i) => [i.id, i.no]));
  // A number is compared with the plan's numbers, a word with ids and names.
  const candidates = (value: string) => plan.indicators.map((i) => ({ keys: /\d/.test(value) ? [i.no, i.id] : [i.id, i.name], shown: `${i.no} ${i.id}` }));
  return asked.filter((value) => !known.has(value)).map((value) => filterError(option, value, 'not_an_indicator', closestMatches(value, candidates(value))));
}

function yearProblems(scope: FilterScope, asked: readonly number[]): Diagnostic[] {
  const { plan, engine } = scope;
  if (!engine) {
    const period: number[] = [];
    for (let y = plan.meta.baseline_year; y <= plan.meta.target_year; y++) period.push(y);
    return asked.filter((y) => !period.includes(y)).map((y) => filterError('--year', String(y), 'not_in_period', nearestYears(y, period)));
  }
  if (engine.years.length === 0) return asked.length > 0 ? [filterError('--year', asked.join(','), 'no_rows', [])] : [];
  return asked.filter((y) => !engine.years.includes(y)).map((y) => filterError('--year', String(y), 'not_in_data', nearestYears(y, engine.years)));
}

/** Every region code the data has, at any year, with its name (only asked for when a region matches nothing). */
function dataRegions(engine: EngineResult): Map<string, string> {
  const codes = new Set<string>();
  engine.regionsWhere((r) => (codes.add(r.code), false));
  const named = new Map<string, string>();
  for (const code of codes) {
    const year = engine.years.find((y) => engine.get(code, y) !== undefined);
    named.set(code, year === undefined ? '' : engine.get(code, year)!.name);
  }
  return named;
}

function regionProblems(scope: FilterScope, asked: readonly string[]): Diagnostic[] {
  // Codes no longer in force count too: a 2020 figure may be asked for by its 2020 code.
  const divisions = new Map([...(scope.plan.division_history ?? []), ...(scope.plan.divisions ?? [])].map((d) => [d.code, d]));
  const { engine, levels } = scope;
  const inData = (code: string) => engine !== undefined && engine.years.some((y) => engine.get(code, y) !== undefined);
  const problems: Diagnostic[] = [];
  let known: Map<string, string> | null = null;
  for (const code of asked) {
    const division = divisions.get(code);
    if (division || inData(code)) {
      const level = division?.level ?? regionLevel(code);
      if (levels && levels.length > 0 && level && !levels.includes(level)) problems.push(filterError('--region', code, 'not_at_level', [`--level ${level}`]));
      continue;
    }
    if (!known) {
      known = new Map([...divisions.values()].map((d) => [d.code, d.name]));
      if (engine) for (const [c, name] of dataRegions(engine)) if (!known.has(c)) known.set(c, name);
    }
    const candidates = [...known].map(([c, name]) => ({ keys: name ? [c, name] : [c], shown: name ? `${c} ${name}` : c }));
    problems.push(filterError('--region', code, engine ? 'not_in_plan_or_data' : 'not_in_divisions', closestMatches(code, candidates)));
  }
  return problems;
}

/** Every filter value that matches nothing, each with its closest matches; [] when all match. */
export function unmatchedFilters(scope: FilterScope, filters: Filters): Diagnostic[] {
  return [
    ...indicatorProblems(scope.plan, filters.indicators ?? [], scope.indicatorOption ?? '--indicator'),
    ...regionProblems(scope, filters.regions ?? []),
    ...(filters.years === undefined || filters.years === 'all' ? [] : yearProblems(scope, filters.years)),
  ];
}

/** Throws a usage error (exit 2) listing every filter value that matches nothing. */
export function assertFiltersMatch(scope: FilterScope, filters: Filters): void {
  const problems = unmatchedFilters(scope, filters);
  if (problems.length > 0) throw new PlanmetricsError(problems);
}
