// Reading one large file on two cores: two worker threads read the two halves, each into its own
// engine and checker; the second's part is then absorbed by the first as if it had read on, and
// the first finishes the engine. This thread only takes in the finished regions: the townships,
// and the garbage of reading them, go when the workers end, not at some later collection here.
// The result is the one a single reading gives, or nothing: whenever the parts cannot be put
// together exactly (a finding anywhere, a township or a row on both sides of the cut), the
// caller reads the file in one go and reports from that.

import { Worker } from 'node:worker_threads';
import { RegionEngine, type EngineState, type FinishedState } from '../core/aggregate.js';
import { hasErrors, PlanmetricsError, sortDiagnostics, type Diagnostic } from '../core/diagnostics.js';
import { buffersOf } from '../core/packed.js';
import type { Level, Plan } from '../core/types.js';
import { SubmissionChecker, type CheckerState } from '../core/validate.js';
import type { EncodingOption } from '../io/decode.js';
import { findCut } from '../io/cut-file.js';
import { readSubmission, type ByteRange } from '../io/read-submissions.js';
import type { LoadedData } from './load.js';

/**
 * Each reading thread's young generation, all of it committed memory: 6 MB against 8 gave 190
 * instead of 202 MiB at the national file's peak, with no wall time lost over six interleaved
 * pairs (4 MB cost ~0.4 s of collections).
 */
const WORKER_YOUNG_MB = 6;

export interface PartJob {
  file: string;
  /** The loaded plan itself (plain data): cloning it costs far less than loading it again. */
  plan: Plan;
  encoding: EncodingOption;
  range: ByteRange;
  /** The first part's: its thread takes in the second part and finishes, keeping these levels (null: all). */
  join?: { levels: Level[] | null };
}

export type PartResult = { clean: false } | { clean: true; engine: EngineState; checker: CheckerState };

/** What the first part's thread sends: the engine finished, with the findings that need every row. */
export type JoinResult = { clean: false } | { clean: true; engine: FinishedState; warnings: Diagnostic[] };

/**
 * One part read into its own engine and checker. clean: no finding at all while reading (the
 * cross-row findings come later, from the whole).
 */
async function readPart(job: PartJob): Promise<{ engine: RegionEngine; checker: SubmissionChecker; clean: boolean; lines: number | undefined }> {
  const engine = new RegionEngine(job.plan);
  const checker = new SubmissionChecker(job.plan);
  let clean = true;
  const read = await readSubmission(job.file, job.plan, { encoding: job.encoding, transientVillages: true, range: job.range }, (row) => {
    if (checker.check(row).length > 0) clean = false;
    engine.add(row);
  });
  return { engine, checker, clean: clean && read.diagnostics.length === 0, lines: read.lines };
}

/** The second part's thread: what its part gathered, or clean false. */
export async function readSecondPart(job: PartJob): Promise<PartResult> {
  const { engine, checker, clean } = await readPart(job);
  return clean ? { clean: true, engine: engine.exportState(), checker: checker.exportState() } : { clean: false };
}

/**
 * The first part's thread: reads its part, takes in the second once it is sent, runs the checks
 * that need every row, and finishes the engine. Answers at once, clean false, when its own part
 * has a finding.
 */
export async function readFirstPartAndJoin(job: PartJob, levels: Level[] | null, second: Promise<PartResult>): Promise<JoinResult> {
  const { engine, checker, clean, lines } = await readPart(job);
  if (!clean || lines === undefined) return { clean: false };
  const rest = await second;
  // The second part's line 2 (after the header it was given) is the line after this part's last.
  if (!rest.clean || !checker.absorb(rest.checker, lines - 1) || !engine.absorb(rest.engine)) return { clean: false };
  const warnings = sortDiagnostics(checker.finish());
  return { clean: true, engine: engine.exportFinished(levels ? new Set(levels) : undefined), warnings };
}

/** The buffers of a part's or a finished engine's arrays: they move between threads rather than being copied. */
export function buffersIn(result: PartResult | JoinResult): ArrayBuffer[] {
  if (!result.clean) return [];
  if ('warnings' in result) return engineBuffers(result.engine.regions);
  const { crossRows } = result.checker;
  return [...engineBuffers(result.engine), ...buffersOf(crossRows.packed), crossRows.villageNumbers.buffer as ArrayBuffer];
}

function engineBuffers({ packed, numbers }: EngineState): ArrayBuffer[] {
  return [...buffersOf(packed), numbers.buffer as ArrayBuffer];
}

interface RunningPart<T> {
  result: Promise<T>;
  /** The job first (see load-part-worker.ts), then, to the first part's thread, the second part's result. */
  send: (message: PartJob | PartResult) => void;
  stop: () => Promise<number>;
}

/** A thread waiting for its job: started early, its start-up overlaps the loading of the plan. */
function startPart<T>(): RunningPart<T> {
  // A small young generation: the worker's rows die young either way, and its memory adds to the peak.
  // Spelled from one folder up: the same file from dist/commands/ and from dist/bundle/planmetrics.wrapped.js.
  const worker = new Worker(new URL('../commands/load-part-worker.js', import.meta.url), { resourceLimits: { maxYoungGenerationSizeMb: WORKER_YOUNG_MB } });
  const result = new Promise<T>((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`the reading thread stopped (exit ${code})`)));
  });
  result.catch(() => undefined); // not awaited when the other part already failed: no stray rejection
  const send = (message: PartJob | PartResult) => worker.postMessage(message, 'clean' in message ? buffersIn(message) : []);
  return { result, send, stop: () => worker.terminate() };
}

/** Before the second part is in, the first part's thread answers only to decline. */
const DECLINED: PartResult = { clean: false };

/** Hands the second part to the first part's thread and waits for the joined result; null when declined. */
async function joinParts(first: RunningPart<JoinResult>, second: RunningPart<PartResult>): Promise<Extract<JoinResult, { clean: true }> | null> {
  const rest = await Promise.race([second.result, first.result.then(() => DECLINED)]);
  await second.stop();
  if (!rest.clean) return null;
  first.send(rest);
  const joined = await first.result;
  return joined.clean ? joined : null;
}

/** Two reading threads, started before they have anything to read (see startPart). */
export interface PartReaders {
  /** check/compute's loadData for one large file read in two parts; null: read it in one go instead. Stops the threads. */
  load(file: string, plan: Plan, options: { encoding: EncodingOption; levels?: ReadonlySet<Level> }, size: number): Promise<LoadedData | null>;
  /** For when there is nothing to read after all (the plan did not load). */
  stop(): Promise<void>;
}

export function startReaders(): PartReaders {
  const second = startPart<PartResult>();
  const first = startPart<JoinResult>();
  const stop = async () => {
    await Promise.all([first.stop(), second.stop()]);
  };
  const load: PartReaders['load'] = async (file, plan, options, size) => {
    try {
      const found = await findCut(file, size, plan);
      if (!found) return null;
      const job = { file, plan, encoding: options.encoding };
      second.send({ ...job, range: { start: found.cut, end: size, prefix: found.header } });
      first.send({ ...job, range: { start: 0, end: found.cut }, join: { levels: options.levels ? [...options.levels] : null } });
      const joined = await joinParts(first, second);
      if (!joined) return null;
      if (hasErrors(joined.warnings)) throw new PlanmetricsError(joined.warnings);
      return { plan, files: [file], engine: RegionEngine.resultsOf(plan, joined.engine), warnings: joined.warnings };
    } catch (error) {
      if (error instanceof PlanmetricsError) throw error;
      return null; // a worker failed: the one-go reading reports whatever is wrong
    } finally {
      await stop();
    }
  };
  return { load, stop };
}

/** loadData's reading in parts, threads started and stopped here (for tests and callers with the plan at hand). */
export function loadInParts(file: string, plan: Plan, options: { encoding: EncodingOption; levels?: ReadonlySet<Level> }, size: number): Promise<LoadedData | null> {
  return startReaders().load(file, plan, options, size);
}
