// Division lists: names for regions, the expected children of a parent (so coverage reads "9 of
// 11 cities"), the codes that exist, and the years each code is valid in.
//
// A plan holds two lists: `divisions`, the codes in force (what coverage expects), and
// `division_history`, codes no longer in force (each with `valid_to` and its successors), so that
// a 2020 row on a district abolished in 2021 is still read and rolls up into its city, while the
// same code in a 2024 row is an error naming what replaced it. A code in force with a `valid_from`
// is still accepted for earlier years: such figures are restated on the new boundaries.
// Pure: the CSV text is read by src/io/read-divisions.ts.

import { diagnostic, type Diagnostic, type DiagnosticWhere } from './diagnostics.js';
import { levelDepth, parentCode, regionLevel } from './regions.js';
import type { Division, Level, Plan } from './types.js';

/** A division list as read from a CSV: its header cells and its rows with their 1-based line. */
export interface DivisionTable {
  header: string[];
  rows: { cells: string[]; line: number }[];
}

type Column = 'code' | 'name' | 'level' | 'parent_code' | 'valid_from' | 'valid_to' | 'successors' | 'redrawn' | 'source';

/** Header words accepted for each column (lower-cased English, or Chinese as written in official lists). */
const COLUMN_NAMES: Record<string, Column> = {
  code: 'code', region_code: 'code', 行政区划代码: 'code', 区划代码: 'code', 代码: 'code', 统计用区划代码: 'code',
  name: 'name', region_name: 'name', 名称: 'name', 行政区划名称: 'name', 区划名称: 'name', 地区名称: 'name',
  level: 'level', 级别: 'level', 层级: 'level', 行政级别: 'level',
  parent_code: 'parent_code', parent: 'parent_code', 上级代码: 'parent_code', 上级区划代码: 'parent_code', 上级行政区划代码: 'parent_code',
  valid_from: 'valid_from', 起始年份: 'valid_from', 启用年份: 'valid_from',
  valid_to: 'valid_to', 终止年份: 'valid_to', 停用年份: 'valid_to',
  successors: 'successors', 承继代码: 'successors', 继承代码: 'successors',
  redrawn: 'redrawn', 调整年份: 'redrawn',
  source: 'source', 依据: 'source', 来源: 'source',
};

/** Level words: the English ids, and 省/市/县/乡/村 with their usual longer forms. */
const LEVEL_WORDS: Record<string, Level> = {
  province: 'province', 省: 'province', 省级: 'province',
  city: 'city', 市: 'city', 地级: 'city', 地市: 'city', 地级市: 'city',
  county: 'county', 县: 'county', 县级: 'county', 区县: 'county', '县(市、区)': 'county', '县（市、区）': 'county',
  township: 'township', 乡: 'township', 乡级: 'township', 乡镇: 'township', 乡镇街道: 'township',
  village: 'village', 村: 'village', 村级: 'village', 村社区: 'village',
};

const YEAR = /^\d{4}$/;

/**
 * Builds a division list from a CSV table. Unknown columns are ignored; level and parent_code may
 * be left blank (then they follow from the code). Rows with a `valid_to` go to `history`.
 * `requireParents`: every parent must be in the table too (not for a list of changes).
 */
export function buildDivisions(table: DivisionTable, file: string, { requireParents = true } = {}): { divisions: Division[]; history: Division[]; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const at = new Map<Column, number>();
  table.header.forEach((cell, i) => {
    const column = COLUMN_NAMES[cell.trim().toLowerCase()] ?? COLUMN_NAMES[cell.trim()];
    if (column && !at.has(column)) at.set(column, i);
  });
  if (!at.has('code') || !at.has('name')) {
    return { divisions: [], history: [], diagnostics: [diagnostic('DIVISIONS_UNREADABLE', { file, line: 1 }, { path: file, message: `header ${JSON.stringify(table.header.join(','))} has no code and name columns (code/行政区划代码, name/名称)` })] };
  }
  const divisions: Division[] = [];
  const history: Division[] = [];
  const seen = new Map<string, number>();
  const hasDates = (['valid_from', 'valid_to', 'successors', 'redrawn', 'source'] as const).some((column) => at.has(column));
  // Column indexes looked up once (-1: no such column), not per row: a national list has ~3,000 rows.
  const index = (column: Column) => at.get(column) ?? -1;
  const [codeAt, nameAt, levelAt, parentAt] = [index('code'), index('name'), index('level'), index('parent_code')];
  const text = (cells: readonly string[], i: number) => (i < 0 ? '' : (cells[i] ?? '').trim());
  const whereIn = (line: number, column: Column): DiagnosticWhere => ({ file, line, column: (at.get(column) ?? 0) + 1, field: column });
  for (const { cells, line } of table.rows) {
    const code = text(cells, codeAt);
    const implied = regionLevel(code);
    if (!implied || code.length !== 6) {
      diagnostics.push(diagnostic('REGION_CODE_MALFORMED', whereIn(line, 'code'), { value: code }));
      continue;
    }
    const levelText = text(cells, levelAt);
    const level = levelText === '' ? implied : LEVEL_WORDS[levelText.toLowerCase()];
    if (level !== implied) {
      diagnostics.push(diagnostic('DIVISION_LEVEL', whereIn(line, 'level'), { value: code, level: levelText, expected: implied }));
      continue;
    }
    const derived = parentCode(code);
    const parent = text(cells, parentAt) || derived;
    if (parent !== derived) {
      diagnostics.push(diagnostic('DIVISION_PARENT', whereIn(line, 'parent_code'), { value: code, parent: parent ?? '', expected: derived ?? '' }));
      continue;
    }
    const first = seen.get(code);
    if (first !== undefined) {
      diagnostics.push(diagnostic('DUPLICATE_ROW', whereIn(line, 'code'), { first_line: first, first_file: file }));
      continue;
    }
    seen.set(code, line);
    const division: Division = { code, name: text(cells, nameAt), level, parent_code: parent };
    if (hasDates) {
      const years = readYears((column) => text(cells, index(column)), (column) => whereIn(line, column), diagnostics);
      if (!years) continue;
      Object.assign(division, years);
    }
    (division.valid_to === undefined ? divisions : history).push(division);
  }
  const known = new Set([...divisions, ...history].map((d) => d.code));
  for (const d of requireParents ? [...divisions, ...history] : []) {
    if (d.parent_code && !known.has(d.parent_code)) {
      diagnostics.push(diagnostic('DIVISION_PARENT', { file, line: seen.get(d.code), field: 'parent_code' }, { value: d.code, parent: d.parent_code, missing: 1 }));
    }
  }
  return { divisions, history, diagnostics };
}

function readYears(
  cell: (column: Column) => string,
  where: (column: Column) => DiagnosticWhere,
  diagnostics: Diagnostic[],
): Pick<Division, 'valid_from' | 'valid_to' | 'successors' | 'redrawn' | 'source'> | null {
  const out: Pick<Division, 'valid_from' | 'valid_to' | 'successors' | 'redrawn' | 'source'> = {};
  for (const column of ['valid_from', 'valid_to'] as const) {
    const text = cell(column);
    if (text === '') continue;
    if (!YEAR.test(text)) {
      diagnostics.push(diagnostic('YEAR_INVALID', where(column), { value: text }));
      return null;
    }
    out[column] = Number(text);
  }
  const list = (column: Column) => cell(column).split(/[\s;\uff1b\u3001]+/).filter((s) => s !== '');
  const successors = list('successors');
  const redrawn = list('redrawn');
  if (redrawn.some((y) => !YEAR.test(y))) {
    diagnostics.push(diagnostic('YEAR_INVALID', where('redrawn'), { value: cell('redrawn') }));
    return null;
  }
  if (successors.length > 0) out.successors = successors;
  if (redrawn.length > 0) out.redrawn = redrawn.map(Number);
  if (cell('source') !== '') out.source = cell('source');
  return out;
}

/**
 * A list of changes applied to a list in force: a change for a code in the list adds its dates; a
 * change for another code (an abolished one) goes to `history`. Only changes inside `provinces`.
 */
export function withChanges(divisions: readonly Division[], changes: readonly Division[], provinces: ReadonlySet<string>): { divisions: Division[]; history: Division[] } {
  const byCode = new Map(divisions.map((d) => [d.code, d]));
  const history: Division[] = [];
  const out = new Map(divisions.map((d) => [d.code, d]));
  for (const change of changes) {
    if (!provinces.has(provinceOf(change.code))) continue;
    const current = byCode.get(change.code);
    if (current && change.valid_to === undefined) out.set(change.code, { ...current, ...datesOf(change) });
    else if (!current && change.valid_to !== undefined) history.push(change);
  }
  return { divisions: divisions.map((d) => out.get(d.code)!), history };
}

function datesOf(d: Division): Partial<Division> {
  const { valid_from, valid_to, successors, redrawn, source } = d;
  return Object.fromEntries(Object.entries({ valid_from, valid_to, successors, redrawn, source }).filter(([, v]) => v !== undefined));
}

export function provinceOf(code: string): string {
  return `${code.slice(0, 2)}0000`;
}

/**
 * Warnings for a plan's own list that covers only part of a parent: for each parent with at
 * least one child listed, the built-in list's children it leaves out.
 */
export function partialCoverage(own: readonly Division[], builtIn: readonly Division[], file: string): Diagnostic[] {
  // One pass over each list: the parents the own list has children under, and its names.
  const listed = new Set<string>();
  const ownNames = new Map<string, string>();
  for (const d of own) {
    ownNames.set(d.code, d.name);
    if (d.parent_code) listed.add(d.parent_code);
  }
  const expected = new Map<string, Division[]>();
  const builtInNames = new Map<string, string>();
  for (const d of builtIn) {
    if (listed.has(d.code)) builtInNames.set(d.code, d.name);
    if (d.parent_code && listed.has(d.parent_code)) pushTo(expected, d.parent_code, d);
  }
  const problems: Diagnostic[] = [];
  for (const [parent, children] of expected) {
    const left = children.filter((d) => !ownNames.has(d.code));
    if (left.length === 0) continue;
    problems.push(
      diagnostic('DIVISIONS_PARTIAL', { file, region: parent }, {
        name: ownNames.get(parent) ?? builtInNames.get(parent) ?? '',
        // Those of the built-in children it lists: codes it adds of its own are not among them.
        listed: children.length - left.length,
        expected: children.length,
        child_level: children[0]!.level,
        missing: left.slice(0, 5).map((d) => `${d.name} ${d.code}`).join(', ') + (left.length > 5 ? ', …' : ''),
      }),
    );
  }
  return problems;
}

// ----- lookups by code and year, for the engine ------------------------------------------------

export interface DivisionIndex {
  /** Codes in force. */
  current: Map<string, Division>;
  /** Codes no longer in force (a code may have been abolished, reused, abolished again). */
  retired: Map<string, Division[]>;
  /** In-force children of each parent. */
  children: Map<string, Division[]>;
  provinces: Set<string>;
}

const indexes = new WeakMap<Plan, DivisionIndex>();

/** The plan's division lists indexed once per plan object. */
export function divisionIndexOf(plan: Plan): DivisionIndex {
  let index = indexes.get(plan);
  if (index) return index;
  index = { current: new Map(), retired: new Map(), children: new Map(), provinces: new Set() };
  for (const d of plan.divisions ?? []) {
    index.current.set(d.code, d);
    index.provinces.add(provinceOf(d.code));
    if (d.parent_code) pushTo(index.children, d.parent_code, d);
  }
  for (const d of plan.division_history ?? []) pushTo(index.retired, d.code, d);
  indexes.set(plan, index);
  return index;
}

function pushTo(map: Map<string, Division[]>, key: string, d: Division): void {
  const list = map.get(key);
  if (list) list.push(d);
  else map.set(key, [d]);
}

function validIn(d: Division, year: number): boolean {
  return (d.valid_to === undefined || year <= d.valid_to) && (d.valid_from === undefined || year >= d.valid_from || d.valid_to === undefined);
}

/**
 * The division a six-digit code (or the county of a finer one) stands for in a data year: its
 * name, level and parent then. null when the plan's lists do not know it for that year.
 */
export function divisionFor(plan: Plan, code: string, year: number): Division | null {
  const index = divisionIndexOf(plan);
  const key = code.length > 6 ? code.slice(0, 6) : code;
  const current = index.current.get(key);
  if (current && validIn(current, year)) return current;
  return index.retired.get(key)?.find((d) => validIn(d, year)) ?? null;
}

/** The in-force children a parent is expected to have in a year (every listed child: figures for years before a child existed are taken as restated). */
export function childrenOf(plan: Plan, parent: string, year: number): Division[] {
  const index = divisionIndexOf(plan);
  const inForce = (index.children.get(parent) ?? []).filter((d) => validIn(d, year));
  const retired = [...index.retired.values()].flat().filter((d) => d.parent_code === parent && validIn(d, year));
  return [...inForce, ...retired];
}

/**
 * The children coverage should count for a parent in a year, given the codes the data reported
 * under it: the list of that year (old codes before a change) when the data uses an old code or
 * none of the codes created since; otherwise (figures restated on the new boundaries) the codes in force.
 */
export function expectedChildren(plan: Plan, parent: string, year: number, reported: ReadonlySet<string>): string[] {
  const index = divisionIndexOf(plan);
  const thatYear = childrenOf(plan, parent, year).filter((d) => d.valid_from === undefined || year >= d.valid_from);
  const inForce = index.children.get(parent) ?? [];
  const restated = inForce.some((d) => d.valid_from !== undefined && year < d.valid_from && reported.has(d.code));
  return (restated ? inForce : thatYear).map((d) => d.code);
}

const NO_CODES: ReadonlySet<string> = new Set();

/**
 * The divisions at `level` expected in a year, in code order: under every province of the lists,
 * or with `within`, each code's own division if it is at the level, else its descendants there.
 * Below each parent, the children expectedChildren counts that year, given `reportedUnder`
 * (the codes a year's data has under a parent; none for a template).
 */
export function divisionsAt(plan: Plan, level: Level, year: number, within: readonly string[] = [], reportedUnder: (parent: string) => ReadonlySet<string> = () => NO_CODES): Division[] {
  const index = divisionIndexOf(plan);
  const found = new Map<string, Division>();
  const visit = (d: Division): void => {
    if (d.level === level) found.set(d.code, d);
    else if (levelDepth(d.level) < levelDepth(level)) {
      for (const code of expectedChildren(plan, d.code, year, reportedUnder(d.code))) {
        const child = divisionFor(plan, code, year);
        // Only deeper codes: a list whose parent_code points back up must not recurse for ever.
        if (child && levelDepth(child.level) > levelDepth(d.level)) visit(child);
      }
    }
  };
  // Tops: no parent above them in the list (a parent_code pointing at a deeper code counts as none).
  const isTop = (d: Division): boolean => {
    const parent = d.parent_code === null ? undefined : index.current.get(d.parent_code);
    return !parent || levelDepth(parent.level) >= levelDepth(d.level);
  };
  const roots = within.length > 0 ? within.map((code) => divisionFor(plan, code, year)) : [...index.current.values()].filter(isTop);
  for (const root of roots) if (root) visit(root);
  return [...found.values()].sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
}

/**
 * What is wrong with a six-digit code in a row of `year`, given that it is not a code in force:
 * nothing (an abolished code still valid that year), REGION_ABOLISHED naming its successors, or
 * REGION_UNKNOWN (with the province, when it is one the plan does not cover: then a hint to pass --plan).
 */
export function regionCodeProblems(plan: Plan, code: string, year: number, where: DiagnosticWhere): Diagnostic[] {
  const index = divisionIndexOf(plan);
  const retired = index.retired.get(code) ?? [];
  if (retired.some((d) => validIn(d, year))) return [];
  const last = retired.at(-1);
  if (last) {
    const successors = (last.successors ?? []).map((s) => `${divisionFor(plan, s, year)?.name ?? ''} ${s}`.trim()).join(', ');
    return [diagnostic('REGION_ABOLISHED', where, { value: code, name: last.name, valid_to: last.valid_to!, successors, source: last.source ?? '' })];
  }
  const province = provinceOf(code);
  const foreign = index.provinces.size > 0 && !index.provinces.has(province);
  return [diagnostic('REGION_UNKNOWN', where, { value: code, ...(foreign ? { other_province: province } : {}) })];
}

/** How a region's series runs from an earlier year to a later one (see seriesLink). */
export type SeriesLink = { kind: 'same' } | { kind: 'renamed'; code: string } | { kind: 'break'; year: number };

/**
 * Whether `code` in year `to` covers the same territory as in year `from` (a baseline year):
 * 'same'; 'renamed' when it replaced exactly one abolished code 1:1 (临安市 330185 → 临安区
 * 330112: compare with that code's figures); 'break' when a split, merge or redrawn boundary lies
 * in between (上城区 2021, 临平区 created 2021): no baseline across it.
 */
export function seriesLink(plan: Plan, code: string, from: number, to: number): SeriesLink {
  const division = divisionFor(plan, code, to);
  if (!division) return { kind: 'break', year: to };
  const redrawn = division.redrawn?.find((year) => year > from && year <= to);
  if (redrawn !== undefined) return { kind: 'break', year: redrawn };
  const created = division.valid_from;
  if (created === undefined || created <= from) return { kind: 'same' };
  const predecessors = [...divisionIndexOf(plan).retired.values()].flat().filter((d) => d.successors?.includes(code) && d.valid_to === created - 1);
  const only = predecessors.length === 1 ? predecessors[0]! : null;
  if (only && only.successors!.length === 1 && (only.valid_from === undefined || only.valid_from <= from)) return { kind: 'renamed', code: only.code };
  return { kind: 'break', year: created };
}

/** The years a submission row may carry: the period, and the baseline year when it comes before it. */
export function submissionYears(meta: Plan['meta']): { from: number; to: number } {
  const from = meta.period?.from ?? meta.baseline_year;
  return { from: Math.min(from, meta.baseline_year), to: meta.period?.to ?? meta.target_year };
}

/** DIVISIONS_PARTIAL warnings a report command shows on stderr; `validate` lists them all. */
export const PARTIAL_SHOWN = 5;

/**
 * A run's findings with its DIVISIONS_PARTIAL warnings cut to the first `limit`, followed by one
 * DIVISIONS_PARTIAL_MORE that counts the rest and names the command that lists them all: a list
 * that is partial on purpose gives a few lines on stderr, not one per city. Others pass untouched.
 */
export function briefPartialCoverage(diagnostics: readonly Diagnostic[], planFile: string, limit = PARTIAL_SHOWN): Diagnostic[] {
  const partial = diagnostics.filter((d) => d.code === 'DIVISIONS_PARTIAL').length;
  if (partial <= limit) return [...diagnostics];
  const out: Diagnostic[] = [];
  let seen = 0;
  for (const d of diagnostics) {
    if (d.code === 'DIVISIONS_PARTIAL' && ++seen > limit) continue;
    out.push(d);
    if (d.code === 'DIVISIONS_PARTIAL' && seen === limit) out.push(diagnostic('DIVISIONS_PARTIAL_MORE', { file: d.file }, { count: partial - limit, plan: planFile }));
  }
  return out;
}
