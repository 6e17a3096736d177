import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const BIN = fileURLToPath(new URL('../../bin/planmetrics.js', import.meta.url));

export interface CliRun {
  stdout: string;
  stderr: string;
  code: number;
}

const ENV = { NO_COLOR: '1', FORCE_COLOR: '' };

/** Runs the built CLI (npm test builds first) with colour off, optionally feeding stdin. */
export function runCli(args: string[], options: { input?: string | Buffer; cwd?: string; env?: Record<string, string> } = {}): Promise<CliRun> {
  return new Promise((resolve) => {
    const child = execFile(
      process.execPath,
      [BIN, ...args],
      { cwd: options.cwd ?? ROOT, env: { ...process.env, ...ENV, ...options.env }, maxBuffer: 256 * 1024 * 1024, encoding: 'utf8' },
      (error, stdout, stderr) => resolve({ stdout, stderr, code: error ? (typeof error.code === 'number' ? error.code : 1) : 0 }),
    );
    child.stdin?.end(options.input ?? '');
  });
}

export function fixture(...parts: string[]): string {
  return fileURLToPath(new URL(`../../fixtures/${parts.join('/')}`, import.meta.url));
}

export interface BinaryRun {
  stdout: Buffer;
  stderr: string;
  code: number;
}

/** The same, keeping stdout as bytes (xlsx, BOM and GB18030 output are not UTF-8 text). */
export function runCliBytes(args: string[]): Promise<BinaryRun> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [BIN, ...args],
      { cwd: ROOT, env: { ...process.env, ...ENV }, maxBuffer: 256 * 1024 * 1024, encoding: 'buffer' },
      (error, stdout, stderr) => resolve({ stdout, stderr: stderr.toString('utf8'), code: error ? (typeof error.code === 'number' ? error.code : 1) : 0 }),
    );
  });
}
