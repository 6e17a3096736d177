// A large CSV file is read on a second thread (read-worker.ts) while this one checks the rows and
// adds them up: on two cores the reading (bytes to rows, about half the work) and the rest overlap.
// It is the one reader and the one engine, fed in file order: rows, findings and results are those
// of reading on one thread; only the time differs. Small files are read on one thread: starting
// another (~50 ms) would cost more than it saves.

import { createRequire } from 'node:module';
import type { Worker } from 'node:worker_threads';
import type { Plan, SubmissionRow } from '../core/types.js';
import { readProgress } from './progress.js';
import { isXlsx, statOrNull, type ReadOptions, type ReadResult } from './read-submissions.js';
import { ringSize, rowRing, RowUnpacker } from './row-ring.js';
import type { ReaderThreadData, ReaderThreadMessage } from './read-worker.js';

/** Files from this size up are read on two threads (below it, the second thread costs more than it saves). */
const READER_THREAD_MIN_BYTES = 16 * 1024 * 1024;

/** The thread's module, beside this one: read-worker.js among the modules, read-worker.cjs beside the bundle. */
function readerThreadModule(): URL {
  const here = import.meta.url;
  return new URL(`./read-worker${here.slice(here.lastIndexOf('.'))}`, here);
}

/**
 * The file's size when it is to be read on the reader thread, else null: a CSV file (not standard
 * input, not a spreadsheet) of READER_THREAD_MIN_BYTES or more. PLANMETRICS_READER_THREAD=0 reads
 * every file on one thread; =1 reads every CSV file on two (the tests do, to hold the two ways to
 * the same results).
 */
export function readerThreadSize(file: string): number | null {
  const setting = process.env['PLANMETRICS_READER_THREAD'];
  if (setting === '0' || file === '-' || isXlsx(file)) return null;
  const stats = statOrNull(file);
  if (stats === null || !stats.isFile()) return null;
  return setting === '1' || stats.size >= READER_THREAD_MIN_BYTES ? stats.size : null;
}

/**
 * A new reader thread. node:worker_threads (and the modules it loads) is required only here: most
 * runs read small files and never start one, and loading it cost ~5 ms of every start.
 */
function newReaderThread(): Worker {
  const { Worker: WorkerThread } = createRequire(import.meta.url)('node:worker_threads') as typeof import('node:worker_threads');
  return new WorkerThread(readerThreadModule());
}

/** A reader thread started ahead of its file (startReaderThreadFor); `gone` once it failed or ended. */
let standby: { worker: Worker; gone: boolean } | null = null;

/**
 * Starts a reader thread now when one of `files` will want it, so that the thread starts up (~0.1 s)
 * while the plan loads rather than after. Unused, it keeps no process alive.
 */
export function startReaderThreadFor(files: readonly string[]): void {
  if (standby || !files.some((file) => readerThreadSize(file) !== null)) return;
  const waiting = { worker: newReaderThread(), gone: false };
  const gone = () => {
    waiting.gone = true;
  };
  waiting.worker.on('error', gone).on('exit', gone).unref();
  standby = waiting;
}

/** The thread started ahead, if it is still there; else a new one. */
function readerThread(): Worker {
  const waiting = standby;
  standby = null;
  if (!waiting || waiting.gone) return newReaderThread();
  waiting.worker.removeAllListeners().ref();
  return waiting.worker;
}

/** Reads one CSV file on the reader thread; onRow gets its rows here, in file order. */
export function readOnReaderThread(file: string, size: number, plan: Plan, options: ReadOptions, onRow: (row: SubmissionRow) => void): Promise<ReadResult> {
  const transientVillages = options.transientVillages === true;
  const ring = rowRing(ringSize(plan.inputs.length));
  const worker = readerThread();
  worker.postMessage({ file, plan, options: { encoding: options.encoding, transientVillages }, ring } satisfies ReaderThreadData);
  const rows = new RowUnpacker(ring, transientVillages);
  let count = 0;
  const progress = readProgress.start(file, size, () => count);
  return new Promise<ReadResult>((resolve, reject) => {
    let settled = false;
    /** Ends the read once: with the file's result, or with why it failed. */
    const settle = (ending: { result: ReadResult } | { error: unknown }): void => {
      if (settled) return;
      settled = true;
      void worker.terminate();
      if ('result' in ending) resolve(ending.result);
      else reject(ending.error);
    };
    worker.on('message', (message: ReaderThreadMessage) => {
      if (settled) return;
      if (message.kind === 'done') return settle({ result: message.result });
      progress?.addBytes(message.batch.bytes);
      try {
        count += rows.unpack(message.batch, onRow);
      } catch (error) {
        settle({ error }); // onRow's own failure: the caller's, as when reading on one thread
      }
    });
    worker.on('error', (error) => settle({ error }));
    worker.on('exit', (code) => settle({ error: new Error(`the reader thread of ${file} stopped before the end of the file (exit code ${code})`) }));
  }).finally(() => progress?.done());
}
