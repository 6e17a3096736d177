import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isShortRun, SHORT_RUN_MAX_BYTES } from '../../src/io/short-run.js';
import { ROOT } from '../helpers/cli.js';

const BIN = join(ROOT, 'bin/planmetrics.js');
const COUNTIES = join(ROOT, 'data/sample/zhejiang-counties.csv');

describe('isShortRun', () => {
  it('counts every input, up to the bound', () => {
    expect(isShortRun([SHORT_RUN_MAX_BYTES])).toBe(true);
    expect(isShortRun([SHORT_RUN_MAX_BYTES / 2, SHORT_RUN_MAX_BYTES / 2])).toBe(true);
    expect(isShortRun([SHORT_RUN_MAX_BYTES / 2, SHORT_RUN_MAX_BYTES / 2 + 1])).toBe(false);
    expect(isShortRun([])).toBe(true);
  });

  it('is not sure of an input of unknown size (standard input, a spreadsheet)', () => {
    expect(isShortRun([10, null])).toBe(false);
  });
});

/** The functions V8's optimizing compiler finished in a run of the CLI (--trace-opt prints one line each). */
function optimizedIn(args: string[], input?: Buffer): number {
  const run = spawnSync(process.execPath, ['--trace-opt', BIN, ...args], { cwd: ROOT, input, env: { ...process.env, NO_COLOR: '1' }, encoding: 'utf8' });
  expect(run.status).toBe(0);
  return run.stdout.split('\n').filter((line) => line.includes('completed optimizing')).length;
}

describe('a run on small inputs', () => {
  it('goes without the optimizing compiler', () => {
    expect(optimizedIn(['check', COUNTIES])).toBe(0);
  });

  // The same rows on standard input, whose size is not known beforehand: V8 optimizes as usual.
  // Were this 0, the test above would prove nothing.
  it('keeps it when the size is not known', () => {
    expect(optimizedIn(['check', '-'], readFileSync(COUNTIES))).toBeGreaterThan(0);
  });
});
