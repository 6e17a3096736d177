#!/usr/bin/env node
// The scale benchmark (`npm run bench`; not part of `npm test`). It prints figures and gates
// nothing. What it measures are the paths users take, each in a fresh process of the built bin:
//
// - start-up: `check` on the bundled sample against `node -e 0` (startup.mjs);
// - `compute FILE --plan national-plan.yaml --level county --format csv` on the same generated
//   national file (generate-national.mjs) at two sizes, 650,000 and 2,600,000 village rows: time and
//   peak memory, and the ratio of the two peaks; when @duckdb/node-api is installed
//   (npm install --prefix test/bench), DuckDB's plain SUM per county and the same sums under
//   planmetrics' coverage rule, in interleaved rounds with planmetrics (and a check that every
//   county value agrees);
// - `check --level all` on the smaller file in each report format a user can ask for (json, csv,
//   markdown, html, xlsx): time, peak memory, output size, and xlsx's time against csv's.
//
// Times are wall-clock medians; CPU is user + system time (Linux), which a busy machine disturbs
// less. Peak memory is the process's maximum resident set (threads included), the largest of the runs.
//
//   node test/bench/run.mjs [--quick] [--rows 650000,2600000] [--runs 3] [--check-runs 1]
//                           [--startup-runs 20] [--timeout 120] [--max-mib 4096] [--dir DIR]
//   (after npm run build; `npm run bench -- --quick` builds first)
//   --quick: 65,000 and 260,000 rows, one run each, 10 start-up rounds.
//   A run still going after --timeout seconds, or holding more than --max-mib, is stopped and
//   reported as such with the peak memory it had reached (Linux), so that the bench always ends.

import { spawn } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { childrenCpuMs, measureStartup, printStartup } from './startup.mjs';

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = join(HERE, '../..');
const BIN = join(ROOT, 'bin/planmetrics.js');
const PEAK_RSS = join(HERE, 'peak-rss.mjs');

function option(name, fallback) {
  const at = process.argv.indexOf(`--${name}`);
  return at > 0 ? process.argv[at + 1] : fallback;
}

const QUICK = process.argv.includes('--quick');
const SIZES = option('rows', QUICK ? '65000,260000' : '650000,2600000').split(',').map(Number);
const RUNS = Number(option('runs', QUICK ? '1' : '3'));
const CHECK_RUNS = Number(option('check-runs', '1'));
const STARTUP_RUNS = Number(option('startup-runs', QUICK ? '10' : '20'));
const DIR = option('dir', process.env.PLANMETRICS_BENCH_DIR ?? join(tmpdir(), 'planmetrics-bench'));
/** Where @duckdb/node-api is installed: test/bench (npm install --prefix test/bench) or BENCH_MODULES. */
const MODULES = process.env.BENCH_MODULES ?? HERE;
const CHECK_FORMATS = ['json', 'csv', 'markdown', 'html', 'xlsx'];
const TIMEOUT_MS = Number(option('timeout', '120')) * 1000;
const MAX_KIB = Number(option('max-mib', '4096')) * 1024;

// ----- running a command and measuring it ------------------------------------------------------

/** A running process's peak resident memory so far in KiB (VmHWM), or null (not Linux, or gone). */
function peakSoFarKiB(pid) {
  try {
    const match = /^VmHWM:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) : null;
  } catch {
    return null;
  }
}

/**
 * Runs `node --import peak-rss args` with stdout to `stdoutFile`: wall time, CPU time, peak RSS
 * and exit code. A failed run (exit 2 or a signal) is a figure too: its first line of stderr; so
 * is one stopped for taking longer than TIMEOUT_MS or more memory than MAX_KIB.
 */
function measure(args, stdoutFile, env = {}) {
  return new Promise((resolve, reject) => {
    const out = openSync(stdoutFile, 'w');
    const cpuBefore = childrenCpuMs();
    const started = process.hrtime.bigint();
    const child = spawn(process.execPath, ['--import', PEAK_RSS, ...args], {
      stdio: ['ignore', out, 'pipe', 'pipe'],
      env: { ...process.env, NO_COLOR: '1', ...env },
    });
    let stderr = '';
    let report = '';
    let stopped = null;
    let lastPeakKiB = 0;
    const watch = setInterval(() => {
      lastPeakKiB = peakSoFarKiB(child.pid) ?? lastPeakKiB;
      const elapsed = Number(process.hrtime.bigint() - started) / 1e6;
      if (elapsed > TIMEOUT_MS) stopped = `stopped after ${TIMEOUT_MS / 1000} s`;
      else if (lastPeakKiB > MAX_KIB) stopped = `stopped at ${(lastPeakKiB / 1024).toFixed(0)} MiB`;
      if (stopped) child.kill('SIGKILL');
    }, 100);
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.stdio[3].on('data', (chunk) => (report += chunk));
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearInterval(watch);
      const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
      const cpuAfter = childrenCpuMs();
      closeSync(out);
      const { maxRssKiB } = JSON.parse(report.trim().split('\n').at(-1) || `{"maxRssKiB":${lastPeakKiB}}`);
      const failed = stopped
        ? `${stopped}, peak at least ${(lastPeakKiB / 1024).toFixed(0)} MiB`
        : code === 0 || code === 1
          ? null
          : `exit ${code ?? signal}: ${stderr.trim().split('\n')[0] ?? ''}`;
      resolve({ wallMs, cpuMs: cpuBefore === null ? null : cpuAfter - cpuBefore, peakMiB: maxRssKiB / 1024, failed, bytes: statSync(stdoutFile).size });
    });
  });
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor((values.length - 1) / 2)];

/** The figures of several runs of one command: median times, largest peak. */
function summarise(label, runs, rows, bytes) {
  const ok = runs.filter((run) => !run.failed);
  if (ok.length === 0) return { label, rows, failed: runs[0].failed };
  const wallMs = median(ok.map((r) => r.wallMs));
  const cpuMs = ok.some((r) => r.cpuMs === null) ? null : median(ok.map((r) => r.cpuMs));
  const peakMiB = Math.max(...ok.map((r) => r.peakMiB));
  return { label, rows, runs: ok.length, wallMs, cpuMs, peakMiB, outputBytes: ok[0].bytes, rowsPerS: rows / (wallMs / 1000), mbPerS: bytes / 1e6 / (wallMs / 1000) };
}

function print(result, { output = false } = {}) {
  if (result.failed) {
    console.log(`  ${result.label.padEnd(38)} did not finish: ${result.failed.slice(0, 120)}`);
    return;
  }
  const cpu = result.cpuMs === null ? '' : `  CPU ${(result.cpuMs / 1000).toFixed(2).padStart(6)} s`;
  const size = output ? `  output ${(result.outputBytes / 1e6).toFixed(1).padStart(7)} MB` : `  ${Math.round(result.rowsPerS).toLocaleString('en-US').padStart(10)} rows/s`;
  console.log(`  ${result.label.padEnd(38)} ${(result.wallMs / 1000).toFixed(2).padStart(6)} s${cpu}  peak ${result.peakMiB.toFixed(0).padStart(5)} MiB${size}`);
}

/**
 * Interleaved rounds: each round runs every command once, the order turning round by round, so
 * that a change in the machine's load weighs on all of them alike.
 */
async function interleaved(commands, runs) {
  const results = commands.map(() => []);
  for (let round = 0; round < runs; round++) {
    const order = commands.map((_, index) => index);
    const shift = round % commands.length;
    for (const index of [...order.slice(shift), ...order.slice(0, shift)]) {
      const { args, stdoutFile, env } = commands[index];
      results[index].push(await measure(args, stdoutFile, env));
    }
  }
  return results;
}

// ----- DuckDB: the same sums and ratios, in SQL --------------------------------------------------

const quoteId = (id) => `"${id.replaceAll('"', '""')}"`;

/** A formula tree as SQL over per-field expressions; a zero denominator gives NULL, as planmetrics gives no value. */
function toSql(node, field) {
  switch (node.kind) {
    case 'number':
      return String(node.value);
    case 'field':
      return field(node.id);
    case 'negate':
      return `(-${toSql(node.arg, field)})`;
    case 'binary':
      return node.op === '/'
        ? `(${toSql(node.left, field)} / NULLIF(${toSql(node.right, field)}, 0))`
        : `(${toSql(node.left, field)} ${node.op} ${toSql(node.right, field)})`;
    case 'call':
      return `${node.fn === 'min' ? 'LEAST' : 'GREATEST'}(${node.args.map((a) => toSql(a, field)).join(', ')})`;
  }
  throw new Error(`formula node ${node.kind}`);
}

/**
 * County rows from village rows: sums, weighted means and minimums, then each formula. `exact`:
 * for each indicator only villages that report every input it needs count (planmetrics' coverage
 * rule, a FILTER per aggregate); otherwise plain sums, the query an analyst would write first.
 */
function countySql(plan, file, exact) {
  const inputs = new Map(plan.inputs.map((input) => [input.id, input]));
  const columns = Object.fromEntries([['region_code', 'VARCHAR'], ['region_name', 'VARCHAR'], ['year', 'INTEGER'], ...plan.inputs.map((i) => [i.id, 'DOUBLE'])]);
  const selects = plan.indicators.map((indicator) => {
    const needed = indicator.requires.map((index) => plan.inputs[index].id);
    const complete = needed.map((id) => `${quoteId(id)} IS NOT NULL`).join(' AND ');
    const rowField = (id) => quoteId(id);
    const aggregated = (id) => {
      const input = inputs.get(id);
      const filter = exact ? `FILTER (WHERE ${complete})` : '';
      if (input.aggregate === 'sum') return `SUM(${quoteId(id)}) ${filter}`;
      if (input.aggregate === 'min') return `MIN(${quoteId(id)}) ${filter}`;
      if (input.aggregate === 'max') return `MAX(${quoteId(id)}) ${filter}`;
      const weight = toSql(input.weight.ast, rowField);
      return `(SUM(${weight} * ${quoteId(id)}) ${filter} / NULLIF(SUM(${weight}) ${filter}, 0))`;
    };
    return `${toSql(indicator.formula.ast, aggregated)} AS ${quoteId(indicator.id)}`;
  });
  const source = `read_csv('${file.replaceAll("'", "''")}', header = true, columns = ${JSON.stringify(columns).replaceAll('"', "'")})`;
  return `SELECT substr(region_code, 1, 6) AS region_code, year, ${selects.join(',\n  ')}\nFROM ${source}\nGROUP BY ALL ORDER BY year, region_code`;
}

function duckdbAvailable() {
  try {
    createRequire(join(MODULES, 'package.json')).resolve('@duckdb/node-api');
    return true;
  } catch {
    return false;
  }
}

/** planmetrics' county values (full precision JSON) against DuckDB's CSV. */
function compareCounties(plan, planmetricsJson, duckdbCsv) {
  const ours = new Map(JSON.parse(readFileSync(planmetricsJson, 'utf8')).rows.map((row) => [`${row.year}:${row.region_code}`, row.values]));
  const [header, ...lines] = readFileSync(duckdbCsv, 'utf8').trim().split('\n');
  const names = header.split(',');
  let cells = 0;
  let exact = 0;
  let worst = 0;
  const mismatches = [];
  for (const line of lines) {
    const parts = line.split(',');
    const key = `${parts[names.indexOf('year')]}:${parts[names.indexOf('region_code')]}`;
    const values = ours.get(key);
    if (!values) {
      mismatches.push(`${key}: not in planmetrics' output`);
      continue;
    }
    for (const indicator of plan.indicators) {
      const text = parts[names.indexOf(indicator.id)];
      const theirs = text === '' || text === undefined ? null : Number(text);
      const mine = values[indicator.id] ?? null;
      cells++;
      if (mine === theirs) {
        exact++;
        continue;
      }
      const relative = mine === null || theirs === null ? Infinity : Math.abs(mine - theirs) / Math.max(Math.abs(theirs), 1e-300);
      worst = Math.max(worst, relative);
      if (relative > 1e-9 && mismatches.length < 10) mismatches.push(`${key} ${indicator.id}: planmetrics ${mine}, DuckDB ${theirs}`);
    }
  }
  if (lines.length !== ours.size) mismatches.push(`${ours.size} planmetrics counties, ${lines.length} DuckDB counties`);
  return { counties: lines.length, cells, exact, worst, mismatches };
}

// ----- main ------------------------------------------------------------------------------------

async function ensureData(rows) {
  const file = join(DIR, `national-${rows}.csv`);
  if (!existsSync(file) || !existsSync(join(DIR, 'national-plan.yaml'))) {
    console.log(`generating ${file} …`);
    await new Promise((resolve, reject) => {
      const child = spawn(process.execPath, [join(HERE, 'generate-national.mjs'), String(rows), DIR], { stdio: ['ignore', 'ignore', 'inherit'] });
      child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`generator exited ${code}`))));
    });
  }
  return file;
}

const ratio = (a, b) => (a && b ? `${(a / b).toFixed(2)}×` : 'n/a');

async function main() {
  if (!existsSync(BIN) || !existsSync(join(ROOT, 'dist/bundle/planmetrics.cjs'))) throw new Error('build first: npm run build');
  mkdirSync(DIR, { recursive: true });
  const { loadPlan } = await import(join(ROOT, 'dist/io/read-plan.js'));
  const planFile = join(DIR, 'national-plan.yaml');
  const withDuckdb = duckdbAvailable();
  console.log(`planmetrics benchmark: node ${process.version}, data in ${DIR}; wall times are medians of ${RUNS} interleaved runs`);
  if (!withDuckdb) console.log('(DuckDB comparison skipped: npm install --prefix test/bench, or set BENCH_MODULES)');

  console.log('\nstart-up:');
  const startup = measureStartup({ runs: STARTUP_RUNS });
  printStartup(startup);

  const results = [];
  const computes = [];
  for (const rows of SIZES) {
    const file = await ensureData(rows);
    const plan = await loadPlan(planFile);
    const bytes = statSync(file).size;
    console.log(`\n${rows.toLocaleString('en-US')} rows, ${(bytes / 1e6).toFixed(1)} MB, ${plan.inputs.length} inputs, ${plan.indicators.length} indicators`);
    const out = join(DIR, `out-${rows}`);
    const common = [file, '--plan', planFile, '--level', 'county'];
    const commands = [{ label: 'planmetrics compute --level county', args: [BIN, 'compute', ...common, '--format', 'csv'], stdoutFile: `${out}.compute.csv` }];
    if (withDuckdb) {
      writeFileSync(`${out}.plain.sql`, countySql(plan, file, false));
      writeFileSync(`${out}.sql`, countySql(plan, file, true));
      const env = { BENCH_MODULES: MODULES };
      commands.push({ label: 'DuckDB, plain SUM per county', args: [join(HERE, 'duckdb-county.mjs'), `${out}.plain.sql`, `${out}.duckdb-plain.csv`], stdoutFile: '/dev/null', env });
      commands.push({ label: 'DuckDB, same coverage rule', args: [join(HERE, 'duckdb-county.mjs'), `${out}.sql`, `${out}.duckdb.csv`], stdoutFile: '/dev/null', env });
    }
    const runs = await interleaved(commands, RUNS);
    const summaries = commands.map((command, index) => summarise(command.label, runs[index], rows, bytes));
    summaries.forEach((summary) => print(summary));
    results.push(...summaries);
    computes.push(summaries[0]);
    if (withDuckdb && summaries[0].wallMs) {
      console.log(`  planmetrics / DuckDB: ${ratio(summaries[0].wallMs, summaries[1].wallMs)} of the plain SUM, ${ratio(summaries[0].wallMs, summaries[2].wallMs)} of the same rule`);
      if (rows === SIZES[0]) {
        const json = await measure([BIN, 'compute', ...common, '--format', 'json'], `${out}.compute.json`);
        if (json.failed) {
          console.log(`  county values vs DuckDB: not compared (compute --format json did not finish: ${json.failed})`);
          continue;
        }
        const comparison = compareCounties(plan, `${out}.compute.json`, `${out}.duckdb.csv`);
        const agree = comparison.mismatches.length === 0;
        console.log(
          `  county values vs DuckDB: ${agree ? 'equal' : 'DIFFERENT'} (${comparison.counties} counties, ${comparison.exact}/${comparison.cells} bit-identical, largest relative difference ${comparison.worst.toExponential(1)})`,
        );
        for (const line of comparison.mismatches) console.log(`    ${line}`);
        if (!agree) process.exitCode = 1;
      }
    }
  }
  const [small, large] = computes;
  if (small?.peakMiB && large?.peakMiB) {
    console.log(
      `\npeak memory of compute, ${large.rows.toLocaleString('en-US')} rows against ${small.rows.toLocaleString('en-US')}: ${ratio(large.peakMiB, small.peakMiB)} (${large.peakMiB.toFixed(0)} / ${small.peakMiB.toFixed(0)} MiB; goal: at most 1.25×, under 300 MB)`,
    );
  }

  const rows = SIZES[0];
  const file = await ensureData(rows);
  console.log(`\ncheck --level all, ${rows.toLocaleString('en-US')} rows, each report format (goal: peak under 300 MB; xlsx within 3× csv's time):`);
  const checks = {};
  for (const format of CHECK_FORMATS) {
    const args = [BIN, 'check', file, '--plan', planFile, '--level', 'all', '--format', format, '--fail-on', 'none', '-q'];
    const [runs] = await interleaved([{ args, stdoutFile: join(DIR, `out-${rows}.check-all.${format}`) }], CHECK_RUNS);
    checks[format] = summarise(`check --level all --format ${format}`, runs, rows, statSync(file).size);
    print(checks[format], { output: true });
    results.push(checks[format]);
  }
  console.log(`  xlsx / csv time: ${ratio(checks.xlsx.wallMs, checks.csv.wallMs)}`);
  console.log(`  (a run stopped at --timeout ${TIMEOUT_MS / 1000} s or --max-mib ${MAX_KIB / 1024} is reported as such; raise them to see it end)`);

  writeFileSync(join(DIR, 'results.json'), `${JSON.stringify({ node: process.version, runs: RUNS, startup, results }, null, 2)}\n`);
  console.log(`\n(figures also in ${join(DIR, 'results.json')})`);
}

await main();
