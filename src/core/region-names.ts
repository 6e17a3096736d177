// Region names to codes through the plan's division list, for files that name their regions
// (地区: 杭州市, 西湖区 …) instead of coding them. Pure: built once per plan.
//
// A name matches a division whose full name is the same (after width and whitespace are
// normalised); failing that, whose short form is the same, the short form being the name
// without its administrative suffix (杭州市 -> 杭州, 西湖区 -> 西湖, 景宁畲族自治县 -> 景宁畲族).
// Nothing is guessed: a name that matches no division or several is reported with the candidates.

import type { Division, Plan } from './types.js';

export type NameMatch = { code: string } | { candidates: Division[] };

/** Administrative suffixes, longest first so that 自治县 is cut before 县. */
const SUFFIXES = ['特别行政区', '自治州', '自治县', '自治旗', '街道办事处', '街道', '地区', '新区', '省', '市', '区', '县', '旗', '盟', '镇', '乡'];

function normalised(name: string): string {
  const text = /[^\x00-\x7f]/.test(name) ? name.normalize('NFKC') : name;
  return text.replace(/\s+/g, '');
}

/** The name without its administrative suffix; the name itself when nothing would be left. */
export function shortName(name: string): string {
  const text = normalised(name);
  for (const suffix of SUFFIXES) {
    if (text.length > suffix.length + 1 && text.endsWith(suffix)) return text.slice(0, -suffix.length);
  }
  return text;
}

export class RegionNames {
  private readonly byName = new Map<string, Division[]>();
  private readonly byShort = new Map<string, Division[]>();
  private readonly byCode = new Map<string, Division>();
  private readonly codeLengths = new Set<number>();

  constructor(divisions: readonly Division[]) {
    for (const division of divisions) {
      this.byCode.set(division.code, division);
      this.codeLengths.add(division.code.length);
      if (division.name === '') continue;
      push(this.byName, normalised(division.name), division);
      push(this.byShort, shortName(division.name), division);
    }
  }

  /** Whether the list has codes of this length at all (most lists stop at the county: no village is looked up). */
  listsCodesOfLength(length: number): boolean {
    return this.codeLengths.has(length);
  }

  /** The division a name stands for, or the candidates (none, or several) when it is not one. */
  resolve(name: string): NameMatch {
    const key = normalised(name);
    const exact = this.byName.get(key);
    if (exact?.length === 1) return { code: exact[0]!.code };
    if (exact && exact.length > 1) return { candidates: exact };
    const short = this.byShort.get(shortName(key));
    if (short?.length === 1) return { code: short[0]!.code };
    return { candidates: short ?? [] };
  }

  /** The division's own name when `name` cannot be that division's (null: it can, or the code is not listed). */
  contradicts(code: string, name: string): string | null {
    const division = this.byCode.get(code);
    if (!division || division.name === '') return null;
    const key = normalised(name);
    if (key === normalised(division.name) || shortName(key) === shortName(division.name)) return null;
    return division.name;
  }
}

function push(map: Map<string, Division[]>, key: string, division: Division): void {
  const list = map.get(key);
  if (list) list.push(division);
  else map.set(key, [division]);
}

const resolvers = new WeakMap<Plan, RegionNames>();

/** The plan's resolver, built on first use. */
export function regionNamesOf(plan: Plan): RegionNames {
  let names = resolvers.get(plan);
  if (!names) {
    names = new RegionNames(plan.divisions ?? []);
    resolvers.set(plan, names);
  }
  return names;
}

/** How a list of candidates reads in a message: "西湖区 (330106), 西湖区 (360103)", at most five. */
export function candidateList(candidates: readonly Division[]): string {
  const shown = candidates.slice(0, 5).map((d) => `${d.name} (${d.code})`);
  if (candidates.length > 5) shown.push(`… +${candidates.length - 5}`);
  return shown.join(', ');
}
