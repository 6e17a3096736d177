// The YAML side of plan loading: text -> Plan with located findings, plus its division lists
// (read-divisions.ts). Heavy (yaml, zod through the catalogue): read-plan.ts loads it only when needed.

import { LineCounter, parseDocument } from 'yaml';
import { buildPlan } from '../core/catalogue.js';
import { diagnostic, hasErrors, PlanmetricsError, type Diagnostic } from '../core/diagnostics.js';
import type { Plan } from '../core/types.js';
import { locator, MAX_PLAN_BYTES } from './plan-locate.js';
import { readBounded } from './read-bounded.js';
import { attachDivisions } from './read-divisions.js';

/** yaml's guard against "billion laughs" alias expansion. */
const MAX_ALIAS_COUNT = 100;

/** Parses plan text; every problem comes back as a diagnostic, never as an exception. */
export function parsePlanText(text: string, file: string): { plan: Plan | null; diagnostics: Diagnostic[] } {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    return {
      plan: null,
      diagnostics: doc.errors.map((error) => {
        const pos = lines.linePos(error.pos[0]);
        return diagnostic('PLAN_YAML_SYNTAX', { file, line: pos.line, column: pos.col }, { message: error.message.split('\n')[0]! });
      }),
    };
  }
  let raw: unknown;
  try {
    raw = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (error) {
    return { plan: null, diagnostics: [diagnostic('PLAN_TOO_LARGE', { file, line: 1, column: 1 }, { message: (error as Error).message })] };
  }
  return buildPlan(raw, file, locator(doc, lines));
}

/** Loads and validates a plan file; throws PlanmetricsError (exit 2) with every problem if it is unusable. */
export function loadPlanFile(file: string): Plan {
  let text: string;
  try {
    const bytes = readBounded(file, MAX_PLAN_BYTES);
    if (bytes === null) {
      throw new PlanmetricsError([diagnostic('PLAN_TOO_LARGE', { file }, { size: `> ${MAX_PLAN_BYTES} B`, limit: `${MAX_PLAN_BYTES} B` })]);
    }
    text = bytes.toString('utf8');
  } catch (error) {
    if (error instanceof PlanmetricsError) throw error;
    const code = (error as NodeJS.ErrnoException).code ?? String(error);
    throw new PlanmetricsError([diagnostic('FILE_UNREADABLE', { file }, { message: code })]);
  }
  const { plan, diagnostics } = parsePlanText(text, file);
  if (!plan) throw new PlanmetricsError(diagnostics);
  const divisionProblems = attachDivisions(plan, file);
  if (hasErrors(divisionProblems)) throw new PlanmetricsError(divisionProblems);
  if (divisionProblems.length > 0) plan.warnings = divisionProblems;
  return plan;
}
