// Standard output without Node's process.stdout stream where a plain write will do. Making that
// stream loads Node's stream modules (and, for a pipe, its network ones): a few milliseconds of
// every run, as much as some whole commands take on the bundled sample. A terminal still gets the
// stream (its isTTY, its colours); a file, a pipe or /dev/null gets synchronous writes, which is
// what the stream does for them on Linux and macOS anyway.

import { once } from 'node:events';
import { fstatSync, statSync, writeSync, type Stats } from 'node:fs';

let devNull: Stats | null | undefined;

function isDevNull(stats: Stats): boolean {
  if (devNull === undefined) {
    try {
      devNull = statSync('/dev/null');
    } catch {
      devNull = null; // Windows
    }
  }
  return devNull !== null && stats.dev === devNull.dev && stats.ino === devNull.ino;
}

/** Answers per descriptor: a run asks for fd 1 several times (colour, xlsx, the write). */
const terminals = new Map<1 | 2, boolean>();

/**
 * Whether file descriptor 1 or 2 is a terminal. Only a character device other than /dev/null can
 * be one; for those, Node's own stream decides.
 */
export function isTerminal(fd: 1 | 2): boolean {
  let answer = terminals.get(fd);
  if (answer === undefined) {
    answer = describesTerminal(fd);
    terminals.set(fd, answer);
  }
  return answer;
}

function describesTerminal(fd: 1 | 2): boolean {
  let stats: Stats;
  try {
    stats = fstatSync(fd);
  } catch {
    return false; // closed
  }
  if (!stats.isCharacterDevice() || isDevNull(stats)) return false;
  return (fd === 1 ? process.stdout : process.stderr).isTTY === true;
}

let onStreamError: ((error: Error) => void) | null = null;

/** What to do with a failure the stream reports later (it is used for terminals, and see below). */
export function handleStreamErrors(handler: (error: Error) => void): void {
  onStreamError = handler;
}

function stream(): NodeJS.WriteStream {
  const { stdout } = process;
  if (onStreamError && stdout.listenerCount('error') === 0) stdout.on('error', onStreamError);
  return stdout;
}

/** The reader of standard output has gone (`planmetrics check | head`): not an error of ours. */
export function isClosedPipe(error: unknown): boolean {
  return (error as NodeJS.ErrnoException | null)?.code === 'EPIPE';
}

/**
 * Writes all of `content` to standard output. Throws an EPIPE error when the reader has gone
 * (isClosedPipe); the caller decides what that means. False when a stream (a terminal, a full
 * non-blocking pipe) took the rest and is over its buffer: see writeStdoutAsync.
 */
export function writeStdout(content: string | Uint8Array): boolean {
  if (isTerminal(1)) return stream().write(content);
  const bytes = typeof content === 'string' ? Buffer.from(content) : content;
  let written = 0;
  try {
    while (written < bytes.length) written += writeSync(1, bytes, written);
  } catch (error) {
    // A descriptor someone made non-blocking, and full: the stream waits for it to drain.
    if ((error as NodeJS.ErrnoException).code !== 'EAGAIN') throw error;
    return stream().write(bytes.subarray(written));
  }
  return true;
}

/** writeStdout, then waits while the stream is over its buffer: a streamed report never piles up in memory. */
export async function writeStdoutAsync(content: string | Uint8Array): Promise<void> {
  if (!writeStdout(content)) await drained();
}

/** The stream has room again, or failed (its error then reaches handleStreamErrors' handler too). */
async function drained(): Promise<void> {
  const stdout = stream();
  await Promise.race([once(stdout, 'drain'), once(stdout, 'error').then(([error]) => Promise.reject(error))]);
}
