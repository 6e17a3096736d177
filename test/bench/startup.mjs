#!/usr/bin/env node
// Start-up: `planmetrics check` on the bundled sample against `node -e 0`, in interleaved runs
// (one of each per round, the order alternating), so that a machine's changing load weighs on both
// alike. Prints the medians, the median of the per-round differences and, on Linux, the mean CPU
// time of each (user + system; on a busy machine wall time is mostly waiting); gates nothing.
//
//   node test/bench/startup.mjs [--runs 30] [--bin bin/planmetrics.js]   (after npm run build)

import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '../..');

function option(name, fallback) {
  const at = process.argv.indexOf(`--${name}`);
  return at > 0 ? process.argv[at + 1] : fallback;
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length / 2;
  return sorted.length % 2 ? sorted[Math.floor(middle)] : (sorted[middle - 1] + sorted[middle]) / 2;
};

/** CPU time (user + system) of the children this process has waited for, in ms; null but on Linux. */
export function childrenCpuMs() {
  try {
    // Fields after the command name (which may hold spaces): cutime and cstime are the 14th and 15th.
    const fields = readFileSync('/proc/self/stat', 'utf8').split(') ')[1].split(' ');
    return ((Number(fields[13]) + Number(fields[14])) * 1000) / 100; // USER_HZ is 100 on Linux
  } catch {
    return null;
  }
}

/** One run: wall time and CPU time in milliseconds; stdout to /dev/null, as `> /dev/null` would. */
function time(args) {
  const cpuBefore = childrenCpuMs();
  const started = process.hrtime.bigint();
  const run = spawnSync(process.execPath, args, { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, NO_COLOR: '1' } });
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  if (run.status !== 0) throw new Error(`${args.join(' ')} exited ${run.status}: ${run.stderr}`);
  return { ms, cpuMs: cpuBefore === null ? null : childrenCpuMs() - cpuBefore };
}

const mean = (values) => (values.includes(null) ? null : values.reduce((sum, value) => sum + value, 0) / values.length);

/** `runs` interleaved rounds of `node -e 0` and `node BIN check`; the figures in milliseconds. */
export function measureStartup({ runs = 30, bin = join(ROOT, 'bin/planmetrics.js') } = {}) {
  const bare = ['-e', '0'];
  const check = [bin, 'check', '--fail-on', 'none'];
  time(bare); // warm the file cache
  time(check);
  const node = [];
  const planmetrics = [];
  for (let round = 0; round < runs; round++) {
    if (round % 2 === 0) {
      node.push(time(bare));
      planmetrics.push(time(check));
    } else {
      planmetrics.push(time(check));
      node.push(time(bare));
    }
  }
  const wall = (runs) => runs.map((run) => run.ms);
  return {
    runs,
    node: median(wall(node)),
    check: median(wall(planmetrics)),
    difference: median(planmetrics.map((run, i) => run.ms - node[i].ms)),
    nodeCpu: mean(node.map((run) => run.cpuMs)),
    checkCpu: mean(planmetrics.map((run) => run.cpuMs)),
  };
}

const cpu = (ms) => (ms === null ? '' : `   CPU ${ms.toFixed(1).padStart(6)} ms (mean)`);

export function printStartup({ runs, node, check, difference, nodeCpu, checkCpu }) {
  console.log(`  node -e 0                          ${node.toFixed(1).padStart(7)} ms${cpu(nodeCpu)}   (wall: median of ${runs}, interleaved)`);
  console.log(`  planmetrics check (bundled sample) ${check.toFixed(1).padStart(7)} ms${cpu(checkCpu)}`);
  console.log(`  difference, median of pairs        ${difference.toFixed(1).padStart(7)} ms  (goal: within 80 ms)`);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const runs = Number(option('runs', '30'));
  const bin = resolve(option('bin', join(ROOT, 'bin/planmetrics.js')));
  console.log(`start-up, node ${process.version}:`);
  printStartup(measureStartup({ runs, bin }));
}
