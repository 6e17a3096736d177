// The worker thread of load-in-parts.ts: reads its part of the file into an engine and a checker
// and sends back what they gathered, or { clean: false } at the first sign of a finding.

import { parentPort, workerData } from 'node:worker_threads';
import { readPart, type PartJob, type PartResult } from './load-in-parts.js';

const { engine, checker, clean } = await readPart(workerData as PartJob);
const result: PartResult = clean ? { clean: true, engine: engine.exportState(), checker: checker.exportState() } : { clean: false };
// The packed arrays move to the main thread rather than being copied.
const moved = result.clean ? [result.engine.packed.buffer, result.checker.keys.buffer, result.checker.crossRows.packed.buffer] : [];
parentPort!.postMessage(result, moved as ArrayBuffer[]);
