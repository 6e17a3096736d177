// The bundled plan compiled to JSON at build time (dist/bundled-plan.json), so that a command on
// the bundled plan starts without loading yaml, zod and csv-parse. The YAML stays the source of
// truth: the JSON holds a copy of the YAML and of its division list, and is used only while both
// files are still byte for byte the same (otherwise the plan is read from YAML, as any other plan).
// A copy rather than a hash: comparing 58 KB costs nothing, and node:crypto takes ~4 ms to load.

import { readFileSync } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Plan } from '../core/types.js';

export const BUNDLED_PLAN = fileURLToPath(new URL('../../data/zhejiang-community-services-2021-2025.yaml', import.meta.url));
export const COMPILED_PLAN = fileURLToPath(new URL('../../dist/bundled-plan.json', import.meta.url));

// Two lines: the header (format and sources), then the plan, so that checking the header does not
// parse the plan.
const FORMAT = 3;

interface CompiledPlanHeader {
  format: number;
  /** The files the plan was built from, relative to the plan's folder, with their bytes (as latin1 text). */
  sources: { file: string; bytes: string }[];
}

/** A file's bytes as a string, one character a byte, so that equal strings mean equal files. */
function bytesOf(path: string): string | null {
  try {
    return readFileSync(path, 'latin1');
  } catch {
    return null;
  }
}

function sourcesOf(plan: Plan, planFile: string): string[] {
  return [basename(planFile), ...(plan.meta.divisions ? [plan.meta.divisions] : [])];
}

/** The compiled form of a plan read from `planFile`, as JSON text. */
export function compilePlan(plan: Plan, planFile: string): string {
  const folder = dirname(planFile);
  const sources = sourcesOf(plan, planFile).map((file) => ({ file, bytes: bytesOf(resolve(folder, file)) ?? '' }));
  const header: CompiledPlanHeader = { format: FORMAT, sources };
  return `${JSON.stringify(header)}\n${JSON.stringify(plan)}\n`;
}

const verified = new Map<string, string | null>();

/** The compiled plan's JSON text when the file exists and every source is unchanged; checked once per run. */
function verifiedPlanText(planFile: string, compiledFile: string): string | null {
  const key = `${planFile}\n${compiledFile}`;
  if (verified.has(key)) return verified.get(key)!;
  let text: string | null = null;
  try {
    const compiled = readFileSync(compiledFile, 'utf8');
    const split = compiled.indexOf('\n');
    const { format, sources } = JSON.parse(compiled.slice(0, split)) as CompiledPlanHeader;
    const folder = dirname(planFile);
    const fresh = format === FORMAT && sources.length > 0 && sources[0]!.file === basename(planFile) && sources.every((s) => bytesOf(resolve(folder, s.file)) === s.bytes);
    if (fresh) text = compiled.slice(split + 1);
  } catch {
    text = null; // missing or unreadable: read the YAML
  }
  verified.set(key, text);
  return text;
}

/** The bundled plan from its compiled JSON (a fresh object each call), or null when that is missing or stale. */
export function readCompiledPlan(planFile = BUNDLED_PLAN, compiledFile = COMPILED_PLAN): Plan | null {
  const text = verifiedPlanText(planFile, compiledFile);
  return text === null ? null : (JSON.parse(text) as Plan);
}
