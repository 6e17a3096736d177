// The reader thread: a large CSV file's bytes read, decoded and split into records (readRecords,
// the one front half of reading) while the main thread turns the records already read into rows,
// checks them and adds them up. Records go over in batches through shared memory (record-ring.ts),
// in file order; what the reading came to follows. Started by reader-thread.ts.

import { parentPort } from 'node:worker_threads';
import type { Plan } from '../core/types.js';
import type { EncodingOption } from './decode.js';
import { RecordWriter, type RecordBatch, type RecordRing } from './record-ring.js';
import { readRecords, type RecordsRead } from './read-submissions.js';

export interface ReaderThreadData {
  file: string;
  /** For the delimiter sniff, which looks for the plan's header near the top. */
  plan: Plan;
  encoding: EncodingOption;
  ring: RecordRing;
}

export type ReaderThreadMessage = { kind: 'records'; batch: RecordBatch } | { kind: 'done'; read: RecordsRead };

async function readOnThisThread(port: NonNullable<typeof parentPort>, { file, plan, encoding, ring }: ReaderThreadData): Promise<void> {
  const writer = new RecordWriter(ring, (batch) => port.postMessage({ kind: 'records', batch } satisfies ReaderThreadMessage));
  const read = await readRecords(file, plan, { encoding, onBytes: (count) => writer.addBytes(count) }, writer.add);
  writer.flush();
  port.postMessage({ kind: 'done', read } satisfies ReaderThreadMessage);
}

// The thread may start before its file is known (while the plan loads): it waits for it. A failure
// here is the worker's error event in the main thread, which rejects the read with it.
const port = parentPort;
port?.once('message', (data: ReaderThreadData) => void readOnThisThread(port, data));
