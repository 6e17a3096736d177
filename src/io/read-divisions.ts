// Division lists from files: a plan's own (`divisions:`, read like a submission: UTF-8 with or
// without BOM, UTF-16 with BOM, GB18030; English or Chinese headers) and the built-in national
// list with its changes (data/divisions/, see its README). Sets plan.divisions and
// plan.division_history; the checks themselves are in src/core/divisions.ts.

import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { diagnostic, type Diagnostic } from '../core/diagnostics.js';
import { buildDivisions, partialCoverage, provinceOf, withChanges, type DivisionTable } from '../core/divisions.js';
import type { Division, Plan } from '../core/types.js';
import { readCsvRecords } from './csv-tokenizer.js';
import { decodeWhole } from './decode.js';
import { readBounded } from './read-bounded.js';

/** A division list of every village in China is ~50 MB; a province's counties a few KB. */
const MAX_DIVISION_BYTES = 64 * 1024 * 1024;

export const BUILT_IN_DIVISIONS = fileURLToPath(new URL('../../data/divisions/cn-divisions.csv', import.meta.url));
export const BUILT_IN_CHANGES = fileURLToPath(new URL('../../data/divisions/cn-division-changes.csv', import.meta.url));

/**
 * A division CSV as a table, or the reason it cannot be read. `keepCode`: for a file of one
 * record per line (the built-in list), the lines to parse at all, by the code they start with.
 */
export function readDivisionTable(path: string, reportAs: string = path, keepCode?: (code: string) => boolean): DivisionTable | Diagnostic {
  let text: string;
  try {
    const bytes = readBounded(path, MAX_DIVISION_BYTES);
    if (bytes === null) return diagnostic('DIVISIONS_UNREADABLE', { file: reportAs }, { path, message: `more than ${MAX_DIVISION_BYTES} bytes: not a division list` });
    text = decodeWhole(bytes);
    if (keepCode) text = text.split('\n').filter((line, i) => i === 0 || keepCode(line.slice(0, line.indexOf(',')))).join('\n');
  } catch (error) {
    return diagnostic('DIVISIONS_UNREADABLE', { file: reportAs }, { path, message: (error as NodeJS.ErrnoException).code ?? String(error) });
  }
  try {
    const [head, ...rows] = readCsvRecords(text);
    if (!head) return diagnostic('DIVISIONS_UNREADABLE', { file: reportAs }, { path, message: 'the file is empty' });
    return { header: head.cells, rows };
  } catch (error) {
    return diagnostic('DIVISIONS_UNREADABLE', { file: reportAs }, { path, message: (error as Error).message });
  }
}

let changes: Division[] | undefined;
const provinceLists = new Map<string, Division[]>();

/** A built-in file's table; broken built-in files are a bug: they throw. */
function readBuiltIn(path: string, requireParents: boolean, keepCode?: (code: string) => boolean): ReturnType<typeof buildDivisions> {
  const table = readDivisionTable(path, path, keepCode);
  if (!('header' in table)) throw new Error(`built-in division list ${path}: ${JSON.stringify(table.args)}`);
  const built = buildDivisions(table, path, { requireParents });
  if (built.diagnostics.length > 0) throw new Error(`built-in division list ${path}: ${JSON.stringify(built.diagnostics[0])}`);
  return built;
}

/** The built-in changes (codes with validity years), read once per run. */
export function builtInChanges(): Division[] {
  if (!changes) {
    const built = readBuiltIn(BUILT_IN_CHANGES, false);
    changes = [...built.divisions, ...built.history];
  }
  return changes;
}

/**
 * The built-in national list in force: the divisions of these provinces (each read once per run),
 * or with none given every province, city and county. A plan of one province parses its ~100 rows
 * of the ~3,200 (the rows are picked by code before they are checked).
 */
export function builtInDivisions(provinces?: ReadonlySet<string>): Division[] {
  const key = provinces ? [...provinces].sort().join(',') : 'all';
  let list = provinceLists.get(key);
  if (!list) {
    list = readBuiltIn(BUILT_IN_DIVISIONS, provinces === undefined, provinces && ((code) => provinces.has(provinceOf(code)))).divisions;
    provinceLists.set(key, list);
  }
  return list;
}

/**
 * Gives a loaded plan its division lists: its own `divisions:` file (checked, with the built-in
 * changes for its provinces), else the built-in list of the provinces in `regions:`, else none.
 * Returns the problems found (warnings included); the lists are set when there is no error.
 */
export function attachDivisions(plan: Plan, planFile: string): Diagnostic[] {
  if (!plan.meta.divisions) {
    const provinces = new Set(plan.meta.regions ?? []);
    if (provinces.size === 0) return [];
    const listed = builtInDivisions(provinces);
    const known = new Set(listed.filter((d) => d.level === 'province').map((d) => d.code));
    const unknown = [...provinces].filter((code) => !known.has(code));
    if (unknown.length > 0) {
      return unknown.map((code) => diagnostic('PLAN_SCHEMA', { file: planFile, field: 'plan.regions' }, { path: 'plan.regions', message: `${code} is not a province code of the built-in division list (e.g. 110000 北京市 … 650000 新疆维吾尔自治区)` }));
    }
    const { divisions, history } = withChanges(listed, builtInChanges(), provinces);
    plan.divisions = divisions;
    if (history.length > 0) plan.division_history = history;
    return [];
  }
  const path = resolve(dirname(planFile), plan.meta.divisions);
  const table = readDivisionTable(path, planFile);
  if (!('header' in table)) return [table];
  const own = buildDivisions(table, path);
  const provinces = new Set([...own.divisions, ...own.history].map((d) => provinceOf(d.code)));
  const problems = [...own.diagnostics, ...partialCoverage(own.divisions, builtInDivisions(provinces), path)];
  const { divisions, history } = withChanges(own.divisions, builtInChanges(), provinces);
  const ownHistory = new Set(own.history.map((d) => d.code));
  const known = new Set(own.divisions.map((d) => d.code));
  plan.divisions = divisions;
  // Abolished codes: the list's own, then the built-in ones under a parent the list has.
  const allHistory = [...own.history, ...history.filter((d) => !ownHistory.has(d.code) && d.parent_code !== null && known.has(d.parent_code))];
  if (allHistory.length > 0) plan.division_history = allHistory;
  return problems;
}
