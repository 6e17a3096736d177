// A plan's list of current divisions: names for regions, the expected children of a parent
// (so coverage reads "9 of 11 cities"), and the set of codes that exist.

import { diagnostic, type Diagnostic } from './diagnostics.js';
import { LEVELS, type Division, type Level } from './types.js';

const CODE = /^\d{6}(\d{3}){0,2}$/;

/** Builds divisions from CSV records keyed by header (code, name, level, parent_code); extra columns are ignored. */
export function buildDivisions(records: Record<string, string>[], file: string): { divisions: Division[]; diagnostics: Diagnostic[] } {
  const divisions: Division[] = [];
  const diagnostics: Diagnostic[] = [];
  records.forEach((record, i) => {
    const line = i + 2;
    const code = (record.code ?? '').trim();
    const level = (record.level ?? '').trim() as Level;
    if (!CODE.test(code)) {
      diagnostics.push(diagnostic('REGION_CODE_MALFORMED', { file, line, field: 'code' }, { value: code }));
      return;
    }
    if (!LEVELS.includes(level)) {
      diagnostics.push(diagnostic('PLAN_SCHEMA', { file, line, field: 'level' }, { path: 'level', message: `unknown level '${level}'` }));
      return;
    }
    const parent = (record.parent_code ?? '').trim();
    divisions.push({ code, name: (record.name ?? '').trim(), level, parent_code: parent === '' ? null : parent });
  });
  return { divisions, diagnostics };
}
