// A worker thread of load-in-parts.ts. The second part's reads its part and sends back what it
// gathered; the first part's also takes in the second part's, once sent, and sends the finished
// engine. Either sends { clean: false } at the first sign of a finding.

import { parentPort, workerData } from 'node:worker_threads';
import { buffersIn, readFirstPartAndJoin, readSecondPart, type PartJob, type PartResult } from './load-in-parts.js';

const nextMessage = () => new Promise<PartResult>((resolve) => parentPort!.once('message', resolve));

const job = workerData as PartJob;
const result = job.join ? await readFirstPartAndJoin(job, job.join.levels, nextMessage()) : await readSecondPart(job);
parentPort!.postMessage(result, buffersIn(result));
