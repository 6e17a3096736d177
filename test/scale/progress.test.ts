// The progress line: drawn only when the CLI enables it (stderr is a terminal, no --quiet), only
// after reading has taken a while, and cleared before anything else is written.

import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ReadProgress } from '../../src/io/progress.js';
import { ROOT, runCli } from '../helpers/cli.js';

function fakeTerminal() {
  const written: string[] = [];
  return { written, stream: { columns: 200, write: (text: string) => written.push(text) } };
}

describe('progress line', () => {
  it('is off unless enabled', () => {
    expect(new ReadProgress().start('a.csv', 100, () => 0)).toBeNull();
  });

  it('waits, then shows rows, size, speed and a bar, at most every so often, and clears itself', () => {
    let now = 0;
    const { written, stream } = fakeTerminal();
    const progress = new ReadProgress();
    progress.enable(stream, { afterMs: 1000, everyMs: 200, now: () => now });
    let rows = 0;
    const file = progress.start('big.csv', 4_000_000, () => rows)!;
    file.addBytes(1_000_000);
    now = 900;
    file.addBytes(1_000_000);
    expect(written).toEqual([]);
    now = 2000;
    rows = 123_456;
    file.addBytes(1_000_000);
    expect(written).toHaveLength(1);
    expect(written[0]).toBe('\r\x1b[Kplanmetrics: reading big.csv [###############-----] 75%  123,456 rows  3.0 MB  1.5 MB/s');
    now = 2100;
    file.addBytes(500_000);
    expect(written).toHaveLength(1);
    file.done();
    expect(written.at(-1)).toBe('\r\x1b[K');
  });

  it('has no bar for standard input and never shows Infinity', () => {
    const { written, stream } = fakeTerminal();
    const progress = new ReadProgress();
    progress.enable(stream, { afterMs: 0, now: () => 0 });
    progress.start('<stdin>', null, () => 0)!.addBytes(5_000_000);
    expect(written[0]).toBe('\r\x1b[Kplanmetrics: reading <stdin>  0 rows  5.0 MB  5000.0 MB/s');
  });
});

function villageFile(rows: number): string {
  const folder = mkdtempSync(join(tmpdir(), 'planmetrics-progress-'));
  const lines = ['region_code,year,resident_population,urban_population'];
  for (let i = 0; i < rows; i++) lines.push(`330102${String(1 + Math.floor(i / 900)).padStart(3, '0')}${String(1 + (i % 900)).padStart(3, '0')},2024,${1000 + i},${500 + i}`);
  const file = join(folder, 'villages.csv');
  writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
}

/** Runs the built CLI with a terminal for stdin/stdout/stderr (util-linux `script`). */
function runOnTerminal(args: string[], env: Record<string, string>): Promise<string> {
  const command = ['node', 'bin/planmetrics.js', ...args].map((a) => `'${a.replaceAll("'", "'\\''")}'`).join(' ');
  return new Promise((resolve, reject) => {
    execFile('script', ['-qec', command, '/dev/null'], { cwd: ROOT, env: { ...process.env, NO_COLOR: '1', ...env } }, (error, stdout) =>
      error && typeof error.code !== 'number' ? reject(error) : resolve(stdout),
    );
  });
}

describe('progress from the CLI', () => {
  const file = villageFile(3000);
  const drawAtOnce = { PLANMETRICS_PROGRESS_AFTER_MS: '0' };

  it('writes nothing to stderr when stderr is not a terminal', async () => {
    const run = await runCli(['compute', file, '--level', 'county', '--format', 'csv'], { env: drawAtOnce });
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
    expect(run.stdout).toContain('330102');
  });

  it('draws on a terminal, and not with --quiet', async () => {
    const shown = await runOnTerminal(['compute', file, '--level', 'county', '--format', 'csv'], drawAtOnce);
    expect(shown).toContain('planmetrics: reading');
    expect(shown).toMatch(/\[#+-*\] \d+%  [\d,]+ rows  [\d.]+ MB  [\d.]+ MB\/s/);
    const quiet = await runOnTerminal(['compute', file, '--level', 'county', '--format', 'csv', '--quiet'], drawAtOnce);
    expect(quiet).not.toContain('planmetrics: reading');
    expect(quiet).toContain('330102');
  });
});
