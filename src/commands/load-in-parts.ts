// Reading one large file on two cores: this thread reads the first half while a worker thread
// reads the second, each into its own engine and checker; the worker's part is then absorbed as
// if this thread had read on. The result is the one a single reading gives, or nothing:
// whenever the parts cannot be put together exactly (a finding anywhere, a township or a row
// on both sides of the cut), the caller reads the file in one go and reports from that.

import { Worker } from 'node:worker_threads';
import { RegionEngine, type EngineState } from '../core/aggregate.js';
import { hasErrors, PlanmetricsError, sortDiagnostics } from '../core/diagnostics.js';
import type { Plan } from '../core/types.js';
import { SubmissionChecker, type CheckerState } from '../core/validate.js';
import type { EncodingOption } from '../io/decode.js';
import { findCut } from '../io/cut-file.js';
import { readSubmission, type ByteRange } from '../io/read-submissions.js';
import type { LoadedData } from './load.js';

const WORKER_YOUNG_MB = 8;

export interface PartJob {
  file: string;
  /** The loaded plan itself (plain data): cloning it costs far less than loading it again. */
  plan: Plan;
  encoding: EncodingOption;
  range: ByteRange;
}

export type PartResult = { clean: false } | { clean: true; engine: EngineState; checker: CheckerState };

/**
 * One part read into its own engine and checker. clean: no finding at all while reading (the
 * cross-row findings come later, from the whole). Used by this thread and by the worker.
 */
export async function readPart(job: PartJob): Promise<{ engine: RegionEngine; checker: SubmissionChecker; clean: boolean; lines: number | undefined }> {
  const engine = new RegionEngine(job.plan);
  const checker = new SubmissionChecker(job.plan);
  let clean = true;
  const read = await readSubmission(job.file, job.plan, { encoding: job.encoding, transientVillages: true, range: job.range }, (row) => {
    if (checker.check(row).length > 0) clean = false;
    engine.add(row);
  });
  return { engine, checker, clean: clean && read.diagnostics.length === 0, lines: read.lines };
}

function runPart(job: PartJob): { result: Promise<PartResult>; stop: () => Promise<number> } {
  // A small young generation: the worker's rows die young either way, and its memory adds to the peak.
  // Spelled from one folder up: the same file from dist/commands/ and from dist/bundle/planmetrics.cjs.
  const worker = new Worker(new URL('../commands/load-part-worker.js', import.meta.url), { workerData: job, resourceLimits: { maxYoungGenerationSizeMb: WORKER_YOUNG_MB } });
  const result = new Promise<PartResult>((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`the reading thread stopped (exit ${code})`)));
  });
  result.catch(() => undefined); // not awaited when the first part already failed: no stray rejection
  return { result, stop: () => worker.terminate() };
}

/** check/compute's loadData for one large file read in two parts; null: read it in one go instead. */
export async function loadInParts(file: string, plan: Plan, options: { encoding: EncodingOption }, size: number): Promise<LoadedData | null> {
  const found = await findCut(file, size, plan);
  if (!found) return null;
  const second = runPart({ file, plan, encoding: options.encoding, range: { start: found.cut, end: size, prefix: found.header } });
  try {
    const { engine, checker, clean, lines } = await readPart({ file, plan, encoding: options.encoding, range: { start: 0, end: found.cut } });
    if (!clean || lines === undefined) return null;
    const rest = await second.result;
    await second.stop(); // its memory goes back before the results are built
    // The worker's line 2 (after the header it was given) is the line after this part's last.
    if (!rest.clean || !checker.absorb(rest.checker, lines - 1) || !engine.absorb(rest.engine)) return null;
    const diagnostics = sortDiagnostics(checker.finish());
    if (hasErrors(diagnostics)) throw new PlanmetricsError(diagnostics);
    return { plan, files: [file], engine: engine.finish(), warnings: diagnostics };
  } catch (error) {
    if (error instanceof PlanmetricsError) throw error;
    return null; // the worker failed: the one-go reading reports whatever is wrong
  } finally {
    await second.stop();
  }
}
