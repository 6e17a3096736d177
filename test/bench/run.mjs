#!/usr/bin/env node
// The scale benchmark (`npm run bench`; not part of `npm test`).
//
// Generates the national-scale file deterministically (650,000 village rows under 2,844 county-level
// units, and a 65,000-row one with the same counties), then times, each in a fresh process:
//   planmetrics compute FILE --plan national-plan.yaml --level county --format csv
//   the same on one thread (a file of 32 MiB or more is otherwise read on two: load-in-parts.ts)
//   planmetrics check   FILE --plan national-plan.yaml --level county --format csv
// and, when @duckdb/node-api is installed (npm install --prefix test/bench), DuckDB doing the same
// county sums and ratios in SQL. Prints rows/s, MB/s, wall time and peak memory (median of RUNS),
// and checks that every county value equals DuckDB's.
//
//   node test/bench/run.mjs [--rows 65000,650000] [--runs 3] [--dir DIR]   (after npm run build)

import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, openSync, closeSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = join(HERE, '../..');
const BIN = join(ROOT, 'bin/planmetrics.js');
const PEAK_RSS = join(HERE, 'peak-rss.mjs');

function option(name, fallback) {
  const at = process.argv.indexOf(`--${name}`);
  return at > 0 ? process.argv[at + 1] : fallback;
}

const SIZES = option('rows', '65000,650000').split(',').map(Number);
const RUNS = Number(option('runs', '3'));
const DIR = option('dir', process.env.PLANMETRICS_BENCH_DIR ?? join(tmpdir(), 'planmetrics-bench'));
/** Where @duckdb/node-api is installed: test/bench (npm install --prefix test/bench) or BENCH_MODULES. */
const MODULES = process.env.BENCH_MODULES ?? HERE;

// ----- running a command and measuring it ------------------------------------------------------

/** Runs `node [--import peak-rss] args`, stdout to `stdoutFile`; wall time and peak RSS. */
function measure(args, stdoutFile, env = {}) {
  return new Promise((resolve, reject) => {
    const out = openSync(stdoutFile, 'w');
    const started = process.hrtime.bigint();
    const child = spawn(process.execPath, ['--import', PEAK_RSS, ...args], {
      stdio: ['ignore', out, 'pipe', 'pipe'],
      env: { ...process.env, NO_COLOR: '1', ...env },
    });
    let stderr = '';
    let report = '';
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.stdio[3].on('data', (chunk) => (report += chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
      closeSync(out);
      if (code !== 0 && code !== 1) return reject(new Error(`${args.join(' ')} exited ${code}\n${stderr}`));
      const { maxRssKiB } = JSON.parse(report.trim().split('\n').at(-1) || '{"maxRssKiB":0}');
      resolve({ wallMs, peakMiB: maxRssKiB / 1024, code });
    });
  });
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor((values.length - 1) / 2)];

async function repeat(label, args, stdoutFile, rows, bytes, env) {
  const runs = [];
  for (let i = 0; i < RUNS; i++) runs.push(await measure(args, stdoutFile, env));
  const wallMs = median(runs.map((r) => r.wallMs));
  const peakMiB = Math.max(...runs.map((r) => r.peakMiB));
  const result = { label, rows, wallMs, peakMiB, rowsPerS: rows / (wallMs / 1000), mbPerS: bytes / 1e6 / (wallMs / 1000) };
  console.log(
    `  ${label.padEnd(34)} ${(wallMs / 1000).toFixed(2).padStart(6)} s  ${Math.round(result.rowsPerS).toLocaleString('en-US').padStart(10)} rows/s  ${result.mbPerS.toFixed(1).padStart(6)} MB/s  peak ${peakMiB.toFixed(0).padStart(4)} MiB`,
  );
  return result;
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

async function main() {
  if (!existsSync(join(ROOT, 'dist/cli.js'))) throw new Error('build first: npm run build');
  mkdirSync(DIR, { recursive: true });
  const { loadPlan } = await import(join(ROOT, 'dist/io/read-plan.js'));
  const planFile = join(DIR, 'national-plan.yaml');
  const withDuckdb = duckdbAvailable();
  console.log(`planmetrics scale benchmark: median of ${RUNS} runs, node ${process.version}, data in ${DIR}`);
  if (!withDuckdb) console.log('(DuckDB comparison skipped: npm install --prefix test/bench, or set BENCH_MODULES)');
  const results = [];
  for (const rows of SIZES) {
    const file = await ensureData(rows);
    const plan = await loadPlan(planFile);
    const bytes = statSync(file).size;
    console.log(`\n${rows.toLocaleString('en-US')} rows, ${(bytes / 1e6).toFixed(1)} MB, ${plan.inputs.length} inputs, ${plan.indicators.length} indicators`);
    const out = join(DIR, `out-${rows}`);
    const common = [file, '--plan', planFile, '--level', 'county'];
    results.push(await repeat('planmetrics compute --format csv', [BIN, 'compute', ...common, '--format', 'csv'], `${out}.compute.csv`, rows, bytes));
    const oneThread = { PLANMETRICS_PARALLEL_MIN_BYTES: String(Number.MAX_SAFE_INTEGER) };
    results.push(await repeat('  the same on one thread', [BIN, 'compute', ...common, '--format', 'csv'], `${out}.compute-1.csv`, rows, bytes, oneThread));
    results.push(await repeat('planmetrics check --format csv', [BIN, 'check', ...common, '--format', 'csv'], `${out}.check.csv`, rows, bytes));
    if (!withDuckdb) continue;
    writeFileSync(`${out}.plain.sql`, countySql(plan, file, false));
    writeFileSync(`${out}.sql`, countySql(plan, file, true));
    const duckdb = (label, sql, csv) => repeat(label, [join(HERE, 'duckdb-county.mjs'), sql, csv], '/dev/null', rows, bytes, { BENCH_MODULES: MODULES });
    results.push(await duckdb('DuckDB, plain SUM per county', `${out}.plain.sql`, `${out}.duckdb-plain.csv`));
    results.push(await duckdb('DuckDB, same coverage rule', `${out}.sql`, `${out}.duckdb.csv`));
    await measure([BIN, 'compute', ...common, '--format', 'json'], `${out}.compute.json`);
    const comparison = compareCounties(plan, `${out}.compute.json`, `${out}.duckdb.csv`);
    const agree = comparison.mismatches.length === 0;
    console.log(
      `  county values vs DuckDB: ${agree ? 'equal' : 'DIFFERENT'} (${comparison.counties} counties, ${comparison.exact}/${comparison.cells} bit-identical, largest relative difference ${comparison.worst.toExponential(1)})`,
    );
    for (const line of comparison.mismatches) console.log(`    ${line}`);
    if (!agree) process.exitCode = 1;
  }
  const compute = results.filter((r) => r.label.startsWith('planmetrics compute'));
  if (compute.length === 2) console.log(`\npeak memory, ${compute[1].rows} rows / ${compute[0].rows} rows (compute): ${(compute[1].peakMiB / compute[0].peakMiB).toFixed(2)}×`);
  writeFileSync(join(DIR, 'results.json'), `${JSON.stringify({ node: process.version, runs: RUNS, results }, null, 2)}\n`);
}

await main();
