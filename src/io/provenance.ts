// Where a report's data came from, for the reports people forward (HTML, xlsx): the plan file, the
// submission files with their modification times, and when the report was made.

import { statSync } from 'node:fs';
import type { Provenance, SourceFile } from '../format/formatter.js';
import { BUNDLED_PLAN } from './read-plan.js';

const TOOL = 'planmetrics 0.1.0';

function modified(path: string): string | null {
  if (path === '-') return null;
  try {
    return statSync(path).mtime.toISOString();
  } catch {
    return null;
  }
}

export function describeSources(planFile: string | undefined, files: readonly string[], now: Date = new Date()): Provenance {
  const sources: SourceFile[] = files.map((path) => ({ path, modified: modified(path) }));
  return { planFile: planFile ?? BUNDLED_PLAN, files: sources, generated: now.toISOString(), tool: TOOL };
}
