// Reads a plan file (YAML) and its division list from disk, then hands plain data to the core.

import { readFileSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isScalar, LineCounter, parseDocument, type Document } from 'yaml';
import { buildPlan, type Locate, type YamlPath } from '../core/catalogue.js';
import { diagnostic, PlanmetricsError, type Diagnostic } from '../core/diagnostics.js';
import { parse as parseCsv } from 'csv-parse/sync';
import { buildDivisions } from '../core/divisions.js';
import type { Plan } from '../core/types.js';

/** Plan files are a few hundred lines; anything this large is a mistake or an attack. */
export const MAX_PLAN_BYTES = 2 * 1024 * 1024;
/** yaml's guard against "billion laughs" alias expansion. */
const MAX_ALIAS_COUNT = 100;

export const BUNDLED_PLAN = fileURLToPath(new URL('../../data/zhejiang-community-services-2021-2025.yaml', import.meta.url));

function locator(doc: Document, lines: LineCounter): Locate {
  return (path: YamlPath, offsetInScalar = 0) => {
    for (let depth = path.length; depth >= 0; depth--) {
      const node = depth === 0 ? doc.contents : doc.getIn(path.slice(0, depth), true);
      const range = (node as { range?: [number, number, number] } | null)?.range;
      if (!range) continue;
      const quoted = isScalar(node) && (node.type === 'QUOTE_DOUBLE' || node.type === 'QUOTE_SINGLE');
      const exact = depth === path.length;
      const offset = range[0] + (exact ? offsetInScalar + (quoted ? 1 : 0) : 0);
      const { line, col } = lines.linePos(offset);
      return { line, column: col };
    }
    return { line: 1, column: 1 };
  };
}

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
    records = parseCsv(text, { columns: true, bom: true, skip_empty_lines: true, trim: true });
  } catch (error) {
    return [diagnostic('DIVISIONS_UNREADABLE', { file: path }, { path, message: (error as Error).message })];
  }
  const { divisions, diagnostics } = buildDivisions(records, path);
  plan.divisions = divisions;
  return diagnostics;
}

/** Loads and validates a plan; throws PlanmetricsError (exit 2) with every problem if it is unusable. */
export function loadPlan(file: string = BUNDLED_PLAN): Plan {
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
