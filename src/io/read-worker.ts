// The reader thread: a large CSV file read by the one reader (readSubmission) while the main thread
// checks the rows already read and adds them up. Rows go over in batches through shared memory
// (row-ring.ts), in file order; the file's findings and counts follow once it is read. Started by
// reader-thread.ts.

import { parentPort } from 'node:worker_threads';
import type { Plan } from '../core/types.js';
import { readSubmission, type ReadOptions, type ReadResult } from './read-submissions.js';
import { RowBatcher, type RowBatch, type RowRing } from './row-ring.js';

export interface ReaderThreadData {
  file: string;
  plan: Plan;
  options: Pick<ReadOptions, 'encoding' | 'transientVillages'>;
  ring: RowRing;
}

export type ReaderThreadMessage = { kind: 'rows'; batch: RowBatch } | { kind: 'done'; result: ReadResult };

async function readOnThisThread(port: NonNullable<typeof parentPort>, { file, plan, options, ring }: ReaderThreadData): Promise<void> {
  const batcher = new RowBatcher(ring, (batch) => port.postMessage({ kind: 'rows', batch } satisfies ReaderThreadMessage));
  const result = await readSubmission(file, plan, { ...options, onBytes: (count) => batcher.addBytes(count) }, (row) => batcher.add(row));
  batcher.flush();
  port.postMessage({ kind: 'done', result } satisfies ReaderThreadMessage);
}

// The thread may start before its file is known (while the plan loads): it waits for it. A failure
// here is the worker's error event in the main thread, which rejects the read with it.
const port = parentPort;
port?.once('message', (data: ReaderThreadData) => void readOnThisThread(port, data));
