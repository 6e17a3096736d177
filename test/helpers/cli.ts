import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const BIN = fileURLToPath(new URL('../../bin/planmetrics.js', import.meta.url));

export interface CliRun {
  stdout: string;
  stderr: string;
  code: number;
}

/** Runs the built CLI (npm test builds first) with colour off, optionally feeding stdin. */
export function runCli(args: string[], options: { input?: string | Buffer; cwd?: string; env?: Record<string, string> } = {}): Promise<CliRun> {
  return new Promise((resolve) => {
    const child = execFile(
      process.execPath,
      [BIN, ...args],
      { cwd: options.cwd ?? ROOT, env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '', ...options.env }, maxBuffer: 64 * 1024 * 1024, encoding: 'utf8' },
      (error, stdout, stderr) => resolve({ stdout, stderr, code: error ? (typeof error.code === 'number' ? error.code : 1) : 0 }),
    );
    child.stdin?.end(options.input ?? '');
  });
}

export function fixture(...parts: string[]): string {
  return fileURLToPath(new URL(`../../fixtures/${parts.join('/')}`, import.meta.url));
}
