// Runs the built CLI and keeps stdout as bytes (xlsx, BOM and GB18030 output are not UTF-8 text).

import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const BIN = fileURLToPath(new URL('../../bin/planmetrics.js', import.meta.url));
export const NATIONAL_PLAN = join(ROOT, 'data/national-community-services-2021-2025.yaml');

export interface BinaryRun {
  stdout: Buffer;
  stderr: string;
  code: number;
}

export function runCliBytes(args: string[]): Promise<BinaryRun> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [BIN, ...args],
      { cwd: ROOT, env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '' }, maxBuffer: 64 * 1024 * 1024, encoding: 'buffer' },
      (error, stdout, stderr) => resolve({ stdout, stderr: stderr.toString('utf8'), code: error ? (typeof error.code === 'number' ? error.code : 1) : 0 }),
    );
  });
}

export function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'planmetrics-reports-'));
}
