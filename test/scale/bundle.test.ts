// bin/planmetrics.js runs the CLI from one bundled file (scripts/bundle-cli.mjs) for a fast start.
// Bundling must change nothing a user sees: each run here goes through the bundle and through the
// ES modules in dist/, and both must print the same bytes and exit with the same code.

import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fixture, ROOT } from '../helpers/cli.js';

interface Run {
  stdout: Buffer;
  stderr: string;
  code: number;
}

function run(entry: string, args: string[], env: Record<string, string> = { NO_COLOR: '1', FORCE_COLOR: '' }): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [join(ROOT, entry), ...args],
      { cwd: ROOT, env: { ...process.env, ...env }, encoding: 'buffer', maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => resolve({ stdout, stderr: stderr.toString('utf8'), code: error ? (typeof error.code === 'number' ? error.code : 1) : 0 }),
    );
  });
}

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

// One of each path the bundle has to link: every format, the YAML plan reader (yaml, zod), .xlsx
// (sax, yauzl), GB18030 (iconv-lite), findings on stderr, usage errors, and each command.
const RUNS: string[][] = [
  ['check'],
  ['check', '--format', 'json', '--lang', 'en', '--level', 'all', '--year', 'all'],
  ['check', '--format', 'markdown', '--fail-on', 'any'],
  ['check', '--format', 'html'],
  ['check', '--format', 'csv', '--output-encoding', 'gb18030'],
  ['check', fixture('xlsx/cities.xlsx'), '--format', 'csv', '--level', 'all'],
  ['compute', fixture('invalid/rule-broken-certified-exceeds-workers.csv')],
  ['compute', '--plan', fixture('plans-invalid/formula-unknown-input.yaml')],
  ['validate', fixture('invalid/implausible-jump-extra-digit.csv'), fixture('invalid/quote-unclosed-region-name.csv'), '--format', 'json'],
  ['project', fixture('project/worked-example/submissions.csv'), '--scenario', fixture('project/scenarios.yaml'), '--format', 'json'],
  ['explain', 'social_workers_per_elderly', '--lang', 'en'],
  ['indicators', '--format', 'csv'],
  ['template', '--format', 'csv', '--year', '2024'],
  ['schema'],
  ['check', '--level', 'nowhere'],
  ['--version'],
];

describe('the bundled CLI', () => {
  it('has been built with its code cache', () => {
    expect(existsSync(join(ROOT, 'dist/bundle/planmetrics.wrapped.js.code-cache'))).toBe(true);
    expect(readFileSync(join(ROOT, 'dist/bundle/planmetrics.wrapped.js'), 'utf8')).not.toMatch(/\bimport\(/);
  });

  it.each(RUNS.map((args) => [args.join(' '), args]))('prints what the ES modules print: %s', async (_, args) => {
    const [bundled, modules] = await Promise.all([run('bin/planmetrics.js', args as string[]), run('dist/cli.js', args as string[])]);
    expect(bundled.code).toBe(modules.code);
    expect(bundled.stderr).toBe(modules.stderr);
    expect(firstDifference(withoutClock(bundled.stdout), withoutClock(modules.stdout))).toBe(-1);
    expect(bundled.stdout.length + bundled.stderr.length).toBeGreaterThan(0);
  });

  // The bundle skips chalk's own colour probe; the colour comes from the CLI's choice either way.
  it('colours the table as the ES modules do', async () => {
    const colour = { FORCE_COLOR: '1', NO_COLOR: '' };
    const [bundled, modules] = await Promise.all([run('bin/planmetrics.js', ['check'], colour), run('dist/cli.js', ['check'], colour)]);
    expect(bundled.stdout.toString()).toContain('\u001b[');
    expect(firstDifference(bundled.stdout, modules.stdout)).toBe(-1);
  });
});
