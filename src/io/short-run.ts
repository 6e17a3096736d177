// A run on small inputs (a county's file, the bundled sample) is over in a few tens of
// milliseconds, before code V8's optimizing compiler (TurboFan) makes can pay for its compiling:
// on the bundled sample it compiled a dozen functions, ~60 ms of CPU on a second thread, for code
// used for a millisecond or two, and on a machine of two cores that competes with the run itself
// (`check` ~12 ms sooner without it, median of 100 paired runs). Such a run turns it off.
// Larger inputs keep it: from ~1 MB of CSV on, the optimized reader and engine win by far.
// Such a run also lets the young generation grow 8-fold at a collection instead of 2-fold: most
// of what it allocates lives to the end (the plan, the results, the report), and five scavenges
// copying it from one semi-space to the other became two.

import { createRequire } from 'node:module';

/** Up to this many bytes of CSV in all, a run goes without the optimizing compiler (measured: see README). */
export const SHORT_RUN_MAX_BYTES = 256 * 1024;

/** `sizes`: each input's size in bytes, null when not known beforehand (standard input, a spreadsheet). */
export function isShortRun(sizes: readonly (number | null)[]): boolean {
  let total = 0;
  for (const size of sizes) {
    if (size === null) return false;
    total += size;
  }
  return total <= SHORT_RUN_MAX_BYTES;
}

/**
 * Turns V8's optimizing compiler off for the rest of the run, and lets the young generation grow
 * faster. Not in the build's warm-up run:
 * V8 stamps the code cache that run writes with the flags in force, and would refuse a cache
 * written after a change on every start.
 */
export function skipOptimizingCompiler(): void {
  if (process.env.PLANMETRICS_WRITE_CODE_CACHE === '1') return;
  // Loaded here only: node:v8 brings Node's streams with it (~3 ms).
  const v8 = createRequire(import.meta.url)('node:v8') as typeof import('node:v8');
  v8.setFlagsFromString('--no-turbofan --semi-space-growth-factor=8');
}
