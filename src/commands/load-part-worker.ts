// A worker thread of load-in-parts.ts, started before the plan is loaded: its first message is its
// job. The second part's reads its part and sends back what it gathered; the first part's also
// takes in the second part's, once sent, and sends the finished engine. Either sends
// { clean: false } at the first sign of a finding.

import { parentPort } from 'node:worker_threads';
import { buffersIn, readFirstPartAndJoin, readSecondPart, type PartJob, type PartResult } from './load-in-parts.js';

// One listener for the thread's life, so a message that comes while the last is handled waits here.
const inbox: unknown[] = [];
const waiting: ((message: unknown) => void)[] = [];
const port = parentPort!;
const receive = (message: unknown) => {
  const next = waiting.shift();
  if (next) next(message);
  else inbox.push(message);
};
port.on('message', receive);
const nextMessage = <T>() => new Promise<T>((resolve) => (inbox.length > 0 ? resolve(inbox.shift() as T) : waiting.push(resolve as (message: unknown) => void)));

const job = await nextMessage<PartJob>();
const result = job.join ? await readFirstPartAndJoin(job, job.join.levels, nextMessage<PartResult>()) : await readSecondPart(job);
port.postMessage(result, buffersIn(result));
port.off('message', receive);
