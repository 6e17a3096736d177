// Runs planmetrics for tests. runCli and runCliBytes run it in-process, through run() in
// src/cli.ts, with their own stdout, stderr, stdin and environment: no process to start, so a
// test costs what its command costs. runBuiltCli starts the built bin (npm test builds first),
// for the few end-to-end tests of what only a process shows.

import { execFile } from 'node:child_process';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { run, type OutputSink } from '../../src/cli.js';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const BIN = fileURLToPath(new URL('../../bin/planmetrics.js', import.meta.url));

export interface CliRun {
  stdout: string;
  stderr: string;
  code: number;
}

export interface BinaryRun {
  stdout: Buffer;
  stderr: string;
  code: number;
}

export interface RunOptions {
  input?: string | Buffer;
  cwd?: string;
  /** Variables to set; undefined: unset (for the built CLI, which otherwise sees the tests' environment). */
  env?: Record<string, string | undefined>;
}

/** Colour off, as on a pipe, whatever the environment the tests were started in. */
const ENV = { NO_COLOR: '1', FORCE_COLOR: '' };

/** The variables run() reads from its io.env; others (read where the process's environment is read) need a process. */
const RUN_ENV = new Set(['NO_COLOR', 'FORCE_COLOR', 'PLANMETRICS_PROGRESS_AFTER_MS', 'COLUMNS']);

/** A sink that keeps what is written, as a pipe would pass it on. */
class Collected implements OutputSink {
  readonly isTTY = false;
  private readonly chunks: Buffer[] = [];
  write(chunk: string | Uint8Array): boolean {
    this.chunks.push(typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : Buffer.from(chunk));
    return true;
  }
  bytes(): Buffer {
    return Buffer.concat(this.chunks);
  }
}

async function runInProcess(args: string[], options: RunOptions): Promise<BinaryRun> {
  const stdout = new Collected();
  const stderr = new Collected();
  const stdin = Readable.from([Buffer.from(options.input ?? '')]);
  const code = await run(args, { stdout, stderr, stdin, env: { ...ENV, ...options.env } });
  return { stdout: stdout.bytes(), stderr: stderr.bytes().toString('utf8'), code };
}

/** In another folder, or with a variable only a process sees: the built CLI. */
function needsProcess(options: RunOptions): boolean {
  return options.cwd !== undefined || Object.keys(options.env ?? {}).some((name) => !RUN_ENV.has(name));
}

/** Runs planmetrics (in-process) with colour off, optionally feeding stdin. */
export async function runCli(args: string[], options: RunOptions = {}): Promise<CliRun> {
  const result = needsProcess(options) ? await runBuiltCli(args, options) : await runInProcess(args, options);
  return { ...result, stdout: result.stdout.toString('utf8') };
}

/** The same, keeping stdout as bytes (xlsx, BOM and GB18030 output are not UTF-8 text). */
export function runCliBytes(args: string[], options: RunOptions = {}): Promise<BinaryRun> {
  return needsProcess(options) ? runBuiltCli(args, options) : runInProcess(args, options);
}

function withoutUnset(env: Record<string, string | undefined>): Record<string, string> {
  return Object.fromEntries(Object.entries(env).filter((entry): entry is [string, string] => entry[1] !== undefined));
}

/** Runs the built bin, bin/planmetrics.js, in a process of its own (npm test builds first). */
export function runBuiltCli(args: string[], options: RunOptions = {}): Promise<BinaryRun> {
  return new Promise((resolve) => {
    const child = execFile(
      process.execPath,
      [BIN, ...args],
      { cwd: options.cwd ?? ROOT, env: withoutUnset({ ...process.env, ...ENV, ...options.env }), maxBuffer: 256 * 1024 * 1024, encoding: 'buffer' },
      (error, stdout, stderr) => resolve({ stdout, stderr: stderr.toString('utf8'), code: error ? (typeof error.code === 'number' ? error.code : 1) : 0 }),
    );
    child.stdin?.end(options.input ?? '');
  });
}

export function fixture(...parts: string[]): string {
  return fileURLToPath(new URL(`../../fixtures/${parts.join('/')}`, import.meta.url));
}
