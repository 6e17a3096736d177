// Plans compiled to JSON, so that a command starts without loading yaml and zod, and
// without parsing the YAML (~250 ms for a national plan with its division list):
// - the bundled plan, compiled at build time (dist/bundled-plan.json);
// - any other plan, only when the user names a cache folder (PLANMETRICS_CACHE_DIR; see
//   planCacheDir): compiled the first time it is read, one file per plan path. Off by default:
//   a run writes nothing but its output unless asked to.
// The YAML stays the source of truth: the JSON holds a copy of the YAML and of its division list,
// and is used only while both files are still byte for byte the same (otherwise the plan is read
// from YAML again). A cached one is also used only by the build that wrote it (see buildStamp).
// A copy rather than a hash: comparing 58 KB costs nothing, and node:crypto takes ~4 ms to load.

import { mkdirSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Plan } from '../core/types.js';
import { writeFileAtomic } from './write-output.js';

export const BUNDLED_PLAN = fileURLToPath(new URL('../../data/zhejiang-community-services-2021-2025.yaml', import.meta.url));
export const COMPILED_PLAN = fileURLToPath(new URL('../../dist/bundled-plan.json', import.meta.url));

// Two lines: the header (format and sources), then the plan, so that checking the header does not
// parse the plan. All ASCII (non-ASCII text as \u escapes, file bytes in base64), so that it is
// read without UTF-8 decoding and parsed as one-byte text: half the cost of loading the plan.
const FORMAT = 4;

interface CompiledPlanHeader {
  format: number;
  /** A cached plan's: the build that wrote it (see buildStamp). */
  build?: string;
  /** The files the plan was built from, relative to the plan's folder, with their bytes (base64). */
  sources: { file: string; bytes: string }[];
}

/** A file's bytes as base64 text, so that equal strings mean equal files. */
function bytesOf(path: string): string | null {
  try {
    return readFileSync(path).toString('base64');
  } catch {
    return null;
  }
}

/** JSON with every character outside ASCII written as a \u escape: the same value, read back. */
export function asciiJson(value: unknown): string {
  return JSON.stringify(value).replace(/[\u007f-\uffff]/g, (unit) => `\\u${unit.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

function sourcesOf(plan: Plan, planFile: string): string[] {
  return [basename(planFile), ...(plan.meta.divisions ? [plan.meta.divisions] : [])];
}

/** The compiled form of a plan read from `planFile`, as JSON text. */
export function compilePlan(plan: Plan, planFile: string, build?: string): string {
  const folder = dirname(planFile);
  const sources = sourcesOf(plan, planFile).map((file) => ({ file, bytes: bytesOf(resolve(folder, file)) ?? '' }));
  const header: CompiledPlanHeader = { format: FORMAT, ...(build === undefined ? {} : { build }), sources };
  return `${asciiJson(header)}\n${asciiJson(plan)}\n`;
}

/**
 * The compiled plan's JSON text when the file exists and every source is unchanged; checked at
 * every read (a millisecond), so that runs in one process (tests, a library user) see edits.
 */
function verifiedPlanText(planFile: string, compiledFile: string, build?: string): string | null {
  let text: string | null = null;
  try {
    const compiled = readFileSync(compiledFile, 'latin1'); // written as ASCII (asciiJson)
    const split = compiled.indexOf('\n');
    const header = JSON.parse(compiled.slice(0, split)) as CompiledPlanHeader;
    const { format, sources } = header;
    const folder = dirname(planFile);
    const fresh = format === FORMAT && header.build === build && sources.length > 0 && sources[0]!.file === basename(planFile) && sources.every((s) => bytesOf(resolve(folder, s.file)) === s.bytes);
    if (fresh) text = compiled.slice(split + 1);
  } catch {
    text = null; // missing or unreadable: read the YAML
  }
  return text;
}

/**
 * A plan from its compiled JSON (a fresh object each call), or null when that is missing, stale or
 * broken. `build`: the build a cached plan must come from (the bundled plan's has none).
 */
export function readCompiledPlan(planFile = BUNDLED_PLAN, compiledFile = COMPILED_PLAN, build?: string): Plan | null {
  const text = verifiedPlanText(planFile, compiledFile, build);
  try {
    return text === null ? null : (JSON.parse(text) as Plan);
  } catch {
    return null; // a cached file cut short (a full disk): read the YAML
  }
}

// ----- the cache of other plans ----------------------------------------------------------------

/**
 * Where compiled plans are cached: the folder PLANMETRICS_CACHE_DIR names; unset, empty or 'off':
 * nowhere. A national plan with its division list reads ~2x faster from there (measured: `indicators
 * --plan` on the national plan, 153 against 348 ms of CPU on a loaded machine).
 */
export function planCacheDir(env: NodeJS.ProcessEnv = process.env): string | null {
  const setting = env.PLANMETRICS_CACHE_DIR;
  return setting === undefined || setting === '' || setting === 'off' ? null : resolve(setting);
}

/**
 * This build of planmetrics: its version and its compiled bundled plan's size and time, which
 * change with every build. A plan cached by another build (whose Plan may differ) is not used.
 */
let stamp: string | null | undefined;
function buildStamp(): string | null {
  if (stamp !== undefined) return stamp;
  try {
    const { version } = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
    const { size, mtimeMs } = statSync(COMPILED_PLAN);
    stamp = `${version}:${size}:${mtimeMs}`;
  } catch {
    stamp = null; // not a complete build: no cache
  }
  return stamp;
}

/** FNV-1a over the path's UTF-16 units: a short file name. Two paths that collide share a file, which content checks keep honest. */
function pathHash(path: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < path.length; i++) hash = Math.imul(hash ^ path.charCodeAt(i), 0x01000193);
  return (hash >>> 0).toString(16).padStart(8, '0');
}

function cacheFileOf(planFile: string, dir: string): string {
  return join(dir, `plan-${pathHash(resolve(planFile))}.json`);
}

/** A plan from the cache, or null (no cache, not cached yet, or its sources changed since). */
export function readCachedPlan(planFile: string, dir = planCacheDir()): Plan | null {
  const build = buildStamp();
  if (dir === null || build === null) return null;
  return readCompiledPlan(planFile, cacheFileOf(planFile, dir), build);
}

/** Caches a plan just read from YAML; a cache that cannot be written is no error (the next run reads the YAML again). */
export function cachePlan(plan: Plan, planFile: string, dir = planCacheDir()): void {
  const build = buildStamp();
  if (dir === null || build === null) return;
  const file = cacheFileOf(planFile, dir);
  try {
    mkdirSync(dir, { recursive: true });
    writeFileAtomic(file, compilePlan(plan, planFile, build));
  } catch {
    // not writable: nothing was written (writeFileAtomic), and the YAML is read again next time
  }
}
