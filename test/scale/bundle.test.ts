// The built CLI end to end: bin/planmetrics.js runs one bundled file (scripts/bundle-cli.mjs).
// What the tests elsewhere check in-process (run() in src/cli.ts) must be what a user's process
// prints: each run here goes through the built bin and through run(), and both must print the same
// bytes and exit with the same code. Then what only a process shows: -o, standard input, exit codes.

import { existsSync, mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fixture, ROOT, runBuiltCli, runCliBytes } from '../helpers/cli.js';

/** The output as bytes, but for the moment the HTML report says it was made, which differs between two runs. */
function withoutClock(stdout: Buffer): Buffer {
  const text = stdout.toString('utf8');
  return text.includes('报告生成时间') ? Buffer.from(text.replace(/(报告生成时间<\/dt><dd>)[^<]*/, '$1')) : stdout;
}

/** Where two outputs first differ, or -1 (a diff of two large buffers is too slow to print). */
function firstDifference(a: Buffer, b: Buffer): number {
  const length = Math.min(a.length, b.length);
  for (let index = 0; index < length; index++) if (a[index] !== b[index]) return index;
  return a.length === b.length ? -1 : length;
}

// One run for each library the bundle leaves in node_modules (sax and yauzl for .xlsx, yaml and zod for a
// plan's YAML, iconv-lite for GB18030), the table, and findings on stderr with exit 2. Everything
// else a command prints is tested in-process. The processes run side by side (describe.concurrent).
const RUNS: string[][] = [
  ['check'],
  ['check', '--format', 'csv', '--output-encoding', 'gb18030'],
  ['check', fixture('xlsx/cities.xlsx'), '--format', 'csv', '--level', 'all'],
  ['compute', '--plan', fixture('plans-invalid/formula-unknown-input.yaml')],
];

describe.concurrent('the built CLI', () => {
  it('is one bundled file and the reader thread’s, and nothing else is in their folder', () => {
    expect(readdirSync(join(ROOT, 'dist/bundle')).sort()).toEqual(['planmetrics.cjs', 'read-worker.cjs']);
    expect(readFileSync(join(ROOT, 'bin/planmetrics.js'), 'utf8')).not.toMatch(/node:vm|setFlagsFromString|cachedData/);
  });

  it.each(RUNS.map((args) => [args.join(' '), args]))('prints what run() prints in-process: %s', async (_, args) => {
    const [built, inProcess] = await Promise.all([runBuiltCli(args as string[]), runCliBytes(args as string[])]);
    expect(built.code).toBe(inProcess.code);
    expect(built.stderr).toBe(inProcess.stderr);
    expect(firstDifference(withoutClock(built.stdout), withoutClock(inProcess.stdout))).toBe(-1);
    expect(built.stdout.length + built.stderr.length).toBeGreaterThan(0);
  });

  it('colours the table when asked to, as run() does', async () => {
    const colour = { FORCE_COLOR: '1', NO_COLOR: '' };
    const [built, inProcess] = await Promise.all([runBuiltCli(['check'], { env: colour }), runCliBytes(['check'], { env: colour })]);
    expect(built.stdout.toString()).toContain('\u001b[');
    expect(firstDifference(built.stdout, inProcess.stdout)).toBe(-1);
  });

  it('writes -o to the file, nothing to stdout, and exits 1 when --fail-on any finds unmet targets', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'planmetrics-built-'));
    const file = join(folder, 'report.csv');
    const written = await runBuiltCli(['check', '--format', 'csv', '--fail-on', 'any', '-o', file]);
    expect(written.code).toBe(1);
    expect(written.stdout.length).toBe(0);
    // stderr says why it exits 1: the targets not met, one line each.
    expect(written.stderr.split('\n').filter(Boolean).every((line) => line.includes('TARGET_MISSED') || line.includes('TARGETS_MORE'))).toBe(true);
    expect(written.stderr).toContain('TARGET_MISSED');
    const printed = await runCliBytes(['check', '--format', 'csv', '--fail-on', 'any']);
    expect(existsSync(file) && readFileSync(file).equals(printed.stdout)).toBe(true);
  });

  it('reads CSV from standard input with -', async () => {
    const input = readFileSync(fixture('counties-only', 'submissions.csv'));
    const [fromStdin, fromFile] = await Promise.all([
      runBuiltCli(['compute', '-', '--format', 'csv', '--level', 'all'], { input }),
      runCliBytes(['compute', fixture('counties-only', 'submissions.csv'), '--format', 'csv', '--level', 'all']),
    ]);
    expect(fromStdin.code).toBe(0);
    expect(fromStdin.stdout.length).toBeGreaterThan(100);
    expect(fromStdin.stdout.equals(fromFile.stdout)).toBe(true);
  });

  it('exits 2 with a one-line message for a usage error', async () => {
    const wrong = await runBuiltCli(['check', '--format', 'nope']);
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toMatch(/nope/);
    expect(wrong.stderr).not.toMatch(/\n\s+at /); // no stack trace
  });
});
