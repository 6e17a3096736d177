// The YAML side of plan loading: text -> Plan with located findings, plus the division list.
// Heavy (yaml, zod through the catalogue): read-plan.ts loads it only when needed.

import { readFileSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { LineCounter, parseDocument } from 'yaml';
import { buildPlan } from '../core/catalogue.js';
import { diagnostic, PlanmetricsError, type Diagnostic } from '../core/diagnostics.js';
import { buildDivisions } from '../core/divisions.js';
import type { Plan } from '../core/types.js';
import { readCsvObjects } from './csv-tokenizer.js';
import { locator, MAX_PLAN_BYTES } from './plan-locate.js';

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

function readDivisions(plan: Plan, planFile: string): Diagnostic[] {
  if (!plan.meta.divisions) return [];
  const path = resolve(dirname(planFile), plan.meta.divisions);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    return [diagnostic('DIVISIONS_UNREADABLE', { file: planFile }, { path, message: (error as NodeJS.ErrnoException).code ?? String(error) })];
  }
  let records: Record<string, string>[];
  try {
    records = readCsvObjects(text);
  } catch (error) {
    return [diagnostic('DIVISIONS_UNREADABLE', { file: path }, { path, message: (error as Error).message })];
  }
  const { divisions, diagnostics } = buildDivisions(records, path);
  plan.divisions = divisions;
  return diagnostics;
}

/** Loads and validates a plan file; throws PlanmetricsError (exit 2) with every problem if it is unusable. */
export function loadPlanFile(file: string): Plan {
  let text: string;
  try {
    const size = statSync(file).size;
    if (size > MAX_PLAN_BYTES) {
      throw new PlanmetricsError([diagnostic('PLAN_TOO_LARGE', { file }, { message: `${size} bytes; a plan file is at most ${MAX_PLAN_BYTES}` })]);
    }
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if (error instanceof PlanmetricsError) throw error;
    const code = (error as NodeJS.ErrnoException).code ?? String(error);
    throw new PlanmetricsError([diagnostic('FILE_UNREADABLE', { file }, { message: code })]);
  }
  const { plan, diagnostics } = parsePlanText(text, file);
  if (!plan) throw new PlanmetricsError(diagnostics);
  const divisionProblems = readDivisions(plan, file);
  if (divisionProblems.length > 0) throw new PlanmetricsError(divisionProblems);
  return plan;
}
