// Reads a what-if scenario file (YAML) and hands plain data to the core, with every problem located
// on its line the way plan files are.
//
//   scenarios:
//     - name: ageing
//       changes:
//         - { field: elderly_population, change: "+5%" }
//         - { field: childcare_slots, change: "+300", region: "331100", year: 2024 }

import { LineCounter, parseDocument } from 'yaml';
import { diagnostic, PlanmetricsError } from '../core/diagnostics.js';
import type { Plan } from '../core/types.js';
import { buildScenarios } from '../core/scenario-file.js';
import type { Scenario } from '../core/whatif.js';
import { locator, MAX_PLAN_BYTES } from './plan-locate.js';
import { readBounded } from './read-bounded.js';

const MAX_ALIAS_COUNT = 100;

/** Parses scenario text; throws PlanmetricsError (exit 2) with every problem if it is unusable. */
export function parseScenarioText(text: string, file: string, plan: Plan): Scenario[] {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    throw new PlanmetricsError(
      doc.errors.map((error) => {
        const pos = lines.linePos(error.pos[0]);
        return diagnostic('USAGE', { file, line: pos.line, column: pos.col }, { usage: 'scenario_yaml', detail: error.message.split('\n')[0]! });
      }),
    );
  }
  let raw: unknown;
  try {
    raw = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (error) {
    throw new PlanmetricsError([diagnostic('USAGE', { file, line: 1, column: 1 }, { usage: 'scenario_yaml', detail: (error as Error).message })]);
  }
  const { scenarios, diagnostics } = buildScenarios(raw, plan, file, locator(doc, lines));
  if (diagnostics.length > 0) throw new PlanmetricsError(diagnostics);
  return scenarios;
}

export function readScenarioFile(file: string, plan: Plan): Scenario[] {
  let text: string;
  try {
    const bytes = readBounded(file, MAX_PLAN_BYTES);
    if (bytes === null) throw new PlanmetricsError([diagnostic('USAGE', { file }, { usage: 'scenario_too_large', max: MAX_PLAN_BYTES })]);
    text = bytes.toString('utf8');
  } catch (error) {
    if (error instanceof PlanmetricsError) throw error;
    throw new PlanmetricsError([diagnostic('FILE_UNREADABLE', { file }, { path: file, reason: (error as NodeJS.ErrnoException).code ?? String(error) })]);
  }
  return parseScenarioText(text, file, plan);
}
