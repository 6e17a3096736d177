// A large CSV file is read on two threads (src/io/reader-thread.ts). The built CLI reads every CSV
// file so with PLANMETRICS_READER_THREAD=1 and on one thread with =0: what it prints and how it
// exits must be the same, on every fixture and on files made to hold what makes reading hard.
import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { fixture, ROOT, runBuiltCli, type BinaryRun } from '../helpers/cli.js';

/** The run on two threads and on one: each printed the same and exited the same. */
async function bothWays(args: string[]): Promise<BinaryRun> {
  const [threaded, single] = await Promise.all([runBuiltCli(args, { env: { PLANMETRICS_READER_THREAD: '1' } }), runBuiltCli(args, { env: { PLANMETRICS_READER_THREAD: '0' } })]);
  expect(threaded.stderr).toBe(single.stderr);
  expect(threaded.stdout.equals(single.stdout)).toBe(true);
  expect(threaded.code).toBe(single.code);
  return threaded;
}

function csvFilesUnder(folder: string): string[] {
  return readdirSync(folder).flatMap((name) => {
    const path = join(folder, name);
    if (statSync(path).isDirectory()) return name === 'xlsx' ? [] : csvFilesUnder(path);
    return name.endsWith('.csv') ? [path] : [];
  });
}

const SAMPLE = readFileSync(join(ROOT, 'data/sample/zhejiang-counties.csv'), 'utf8').trimEnd().split('\n');
const HEADER = SAMPLE[0]!;
/** A county's row (上城区 2020) as cells, to make village rows from. */
const COUNTY = SAMPLE[1]!.split(',');

/** Village rows under 330102 in 2024: township t, village v; every count divided down. */
function villageRow(t: number, v: number, name = `村${t}-${v}`): string {
  const code = `330102${String(t).padStart(3, '0')}${String(v).padStart(3, '0')}`;
  return [code, name, '2024', ...COUNTY.slice(3).map((cell, i) => String(Math.floor(Number(cell) / (200 + i))))].join(',');
}

let dir = '';
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'planmetrics-reader-thread-'));
  const rows: string[] = [];
  for (let t = 1; t <= 30; t++) for (let v = 1; v <= 100; v++) rows.push(villageRow(t, v));
  // Clean: a title line, CRLF line ends, a total row (合计) in the middle: 3,000 village rows.
  const total = ['', '合计', '2024', ...COUNTY.slice(3).map(() => '')].join(',');
  writeFileSync(join(dir, 'clean.csv'), ['某县社区服务填报表（2024年）', HEADER, ...rows.slice(0, 1500), total, ...rows.slice(1500)].join('\r\n') + '\r\n');
  // Messy: a name of 1.5 MB, a relaxed quote, a repeated row, a byte that does not decode, a quote
  // never closed at the end.
  const messy = [HEADER, ...rows.slice(0, 800), villageRow(31, 1, 'x'.repeat(1_500_000)), villageRow(31, 2, '"某"村'), rows[5]!, ...rows.slice(800, 1600)].join('\n');
  writeFileSync(join(dir, 'messy.csv'), Buffer.concat([Buffer.from(messy), Buffer.from('\n330102031003,'), Buffer.from([0xff]), Buffer.from(',2024\n330102031004,"open,2024\n')]));
  // No header near the top: reading stops after the title lines it allows.
  writeFileSync(join(dir, 'no-header.csv'), Array.from({ length: 5000 }, (_, i) => `foo,bar,${i}`).join('\n'));
});

describe('reading on two threads gives what reading on one gives', () => {
  it('validate: every fixture CSV, in every encoding, in one run', async () => {
    const files = csvFilesUnder(fixture());
    expect(files.length).toBeGreaterThan(25);
    const run = await bothWays(['validate', ...files, '--format', 'json']);
    expect(run.code).toBe(2);
  });

  it('validate: a long cell, a relaxed quote, a repeated row, undecodable bytes, a quote never closed', async () => {
    const run = await bothWays(['validate', join(dir, 'messy.csv'), '--format', 'json']);
    const codes = new Set((JSON.parse(run.stdout.toString('utf8')) as { diagnostics: { code: string }[] }).diagnostics.map((d) => d.code));
    for (const code of ['DUPLICATE_ROW', 'BYTES_UNDECODABLE', 'QUOTE_UNCLOSED']) expect(codes).toContain(code);
  });

  it('compute and check: a title line, CRLF, a total row', async () => {
    const clean = join(dir, 'clean.csv');
    const compute = await bothWays(['compute', clean, '--level', 'all', '--format', 'json']);
    expect(compute.code).toBe(0);
    await bothWays(['check', clean, '--level', 'all', '--format', 'csv']);
  });

  it('project what-if, which keeps the rows it reads', async () => {
    const run = await bothWays(['project', fixture('project', 'worked-example', 'submissions.csv'), '--set', 'community_workers=+500', '--format', 'json']);
    expect(run.code).toBe(0);
  });

  it('a file with no header: reading stops early, on both threads', async () => {
    const run = await bothWays(['validate', join(dir, 'no-header.csv'), '--format', 'json']);
    expect(run.stdout.toString('utf8')).toContain('COLUMN_UNKNOWN');
  });
});
