// The worker thread of load-in-parts.ts: reads its part of the file into an engine and a checker
// and sends back what they gathered, or { clean: false } at the first sign of a finding.

import { parentPort, workerData } from 'node:worker_threads';
import { RegionEngine } from '../core/aggregate.js';
import { SubmissionChecker } from '../core/validate.js';
import { readSubmission } from '../io/read-submissions.js';
import type { PartJob, PartResult } from './load-in-parts.js';

const job = workerData as PartJob;
const plan = job.plan;
const engine = new RegionEngine(plan);
const checker = new SubmissionChecker(plan);
let clean = true;
const read = await readSubmission(job.file, plan, { encoding: job.encoding, transientVillages: true, range: job.range }, (row) => {
  if (checker.check(row).length > 0) clean = false;
  engine.add(row);
});
const result: PartResult = clean && read.diagnostics.length === 0 ? { clean: true, engine: engine.exportState(), checker: checker.exportState() } : { clean: false };
// The packed arrays move to the main thread rather than being copied.
const moved = result.clean ? [result.engine.packed.buffer, result.checker.keys.buffer, result.checker.crossRows.packed.buffer] : [];
parentPort!.postMessage(result, moved as ArrayBuffer[]);
