#!/usr/bin/env node
// Where `compute --level county --format csv` spends its time and memory, phase by phase, in one
// process (after npm run build). Each phase runs alone, so the per-row costs separate cleanly:
//
//   node test/bench/phases.mjs FILE PLAN

import { readSubmission } from '../../dist/io/read-submissions.js';
import { loadPlan } from '../../dist/io/read-plan.js';
import { RegionEngine } from '../../dist/core/aggregate.js';
import { SubmissionChecker } from '../../dist/core/validate.js';
import { computeReport } from '../../dist/core/compute.js';
import { formatters } from '../../dist/format/index.js';

const [file, planFile] = process.argv.slice(2);
const plan = await loadPlan(planFile);

async function timed(label, work) {
  const started = performance.now();
  const result = await work();
  console.log(`${label.padEnd(44)} ${((performance.now() - started) / 1000).toFixed(2).padStart(6)} s`);
  return result;
}

const read = (onRow) => readSubmission(file, plan, { encoding: 'auto' }, onRow);
await timed('read rows (fast path), nothing else', () => read(() => {}));
await timed('read rows + region engine (fold)', async () => {
  const engine = new RegionEngine(plan);
  await read((row) => engine.add(row));
  return engine.finish();
});
await timed('read rows + row checks + cross-row checks', async () => {
  const checker = new SubmissionChecker(plan);
  await read((row) => checker.check(row));
  return checker.finish();
});
const engine = new RegionEngine(plan);
await read((row) => engine.add(row));
const result = engine.finish();
await timed('county report + CSV (2,844 counties)', () =>
  formatters.csv.compute(computeReport(plan, result, { years: [], levels: ['county'] }), { lang: 'zh', color: false, plan }),
);
console.log(`peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MiB`);
