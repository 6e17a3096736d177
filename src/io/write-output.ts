// Writes a command's output to standard output or to the -o path, as it is made.
//
// -o PATH writes what the user meant: a regular file is replaced whole (a temporary file beside it,
// then a rename: readers see the old file or the new one, never half) and keeps its mode; a
// symbolic link is followed and its target replaced, the link kept; a device, a FIFO or
// /dev/stdout is written directly. No input of any kind is ever a target (assertNotAnInput).

import { closeSync, fchmodSync, fchownSync, fstatSync, lstatSync, openSync, readlinkSync, realpathSync, renameSync, rmSync, statSync, writeSync, type Stats } from 'node:fs';
import { basename, dirname, extname, join, resolve, sep } from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { diagnostic, PlanmetricsError } from '../core/diagnostics.js';
import type { Plan } from '../core/types.js';
import type { Output } from '../format/formatter.js';
import { utf8Chunks } from '../format/utf8-chunks.js';
import { formatOfExtension, RE_ENCODABLE_FORMAT_NAMES } from '../format/registry.js';
import { isClosedPipe, writeStdoutAsync } from './stdout.js';

export type { Output } from '../format/formatter.js';

/** The bundled plans, division lists and sample: never a target, whoever asks. */
const BUNDLED_DATA = fileURLToPath(new URL('../../data/', import.meta.url));

function canonical(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return resolve(path);
  }
}

function statOrNull(path: string): Stats | null {
  try {
    return statSync(path);
  } catch {
    return null;
  }
}

/** A usage error whose words are the catalogue's (src/format/messages.ts, USAGE_TEXTS[key]). */
function usage(key: string, args: Record<string, string | number> = {}): PlanmetricsError {
  return new PlanmetricsError([diagnostic('USAGE', {}, { usage: key, ...args })]);
}

/**
 * Refuses an output path that is one of the inputs (submissions, plan, scenario, division list:
 * by name, through links, or as another hard link of the same file) or lies in the bundled data.
 */
export function assertNotAnInput(output: string, inputs: readonly string[]): void {
  if (output === '-') return;
  const target = canonical(output);
  const targetStats = statOrNull(target);
  const same = (input: string): boolean => {
    if (input === '-') return false;
    if (canonical(input) === target) return true;
    const stats = statOrNull(input);
    return stats !== null && targetStats !== null && targetStats.isFile() && stats.dev === targetStats.dev && stats.ino === targetStats.ino;
  };
  const clash = inputs.find(same);
  if (clash !== undefined) throw usage('output_is_input', { output });
  const bundled = canonical(BUNDLED_DATA);
  if (target === bundled || target.startsWith(bundled.endsWith(sep) ? bundled : `${bundled}${sep}`)) {
    throw usage('output_in_bundled_data', { output, folder: bundled });
  }
}

/** The plan's division list file, when the plan names one. */
export function divisionsFileOf(planFile: string, plan: Plan): string | undefined {
  return plan.meta.divisions ? resolve(dirname(planFile), plan.meta.divisions) : undefined;
}

/**
 * The format to write: --format when given; else the one the -o path's extension names; else
 * `fallback`. A --format that contradicts the extension is a usage error.
 */
export function chooseFormat(given: string | undefined, output: string | undefined, fallback: string): string {
  const extension = output === undefined || output === '-' ? '' : extname(output).toLowerCase();
  const implied = formatOfExtension(extension);
  if (given === undefined) return implied ?? fallback;
  if (implied !== undefined && implied !== given) {
    throw usage('format_contradicts_output', { format: given, output: output!, extension, implied });
  }
  return given;
}

/** A name no other run picks: created exclusively ('wx'), so a clash fails rather than overwrites. */
function temporaryNameFor(path: string): string {
  const unique = `${process.pid}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`;
  return join(dirname(path), `.${basename(path)}.${unique}.tmp`);
}

function unwritable(path: string, error: unknown): PlanmetricsError {
  if (error instanceof PlanmetricsError) return error;
  const code = (error as NodeJS.ErrnoException).code ?? String((error as Error).message ?? error);
  return new PlanmetricsError([diagnostic('FILE_UNWRITABLE', { file: path }, { reason: code })]);
}

/** Where the output goes: a sink takes bytes in order, then is finished or abandoned. */
interface Sink {
  write(bytes: Uint8Array): void | Promise<void>;
  finish(): void;
  abandon(): void;
}

function writeAll(fd: number, bytes: Uint8Array): void {
  let written = 0;
  while (written < bytes.length) written += writeSync(fd, bytes, written);
}

/** Standard output as a run sees it (the process's, or a test's collector). */
export interface StdoutLike {
  /** A `false` answer, on a sink that has `once`, asks to wait for 'drain'. */
  write(chunk: Uint8Array): unknown;
  once?(event: 'drain', listener: () => void): unknown;
}

const processStdout: Sink = { write: (bytes) => writeStdoutAsync(bytes), finish: () => {}, abandon: () => {} };

function stdoutSink(stdout: StdoutLike | undefined): Sink {
  if (!stdout) return processStdout;
  return {
    write: (bytes) => {
      if (stdout.write(bytes) === false && stdout.once) return new Promise<void>((resolve) => stdout.once!('drain', resolve));
    },
    finish: () => {},
    abandon: () => {},
  };
}

/** A device, a FIFO, a socket's name: written where it is, never replaced. */
function directSink(path: string): Sink {
  const fd = openSync(path, 'w');
  return {
    write: (bytes) => writeAll(fd, bytes),
    finish: () => closeSync(fd),
    abandon: () => closeSync(fd),
  };
}

/** A regular file (or a new one): a temporary file beside it with its mode, renamed over it at the end. */
function replacingSink(path: string, existing: Stats | null): Sink {
  const temporary = temporaryNameFor(path);
  const fd = openSync(temporary, 'wx', existing ? existing.mode & 0o7777 : 0o666);
  let open = true;
  const close = (): void => {
    if (open) closeSync(fd);
    open = false;
  };
  try {
    if (existing) {
      fchmodSync(fd, existing.mode & 0o7777); // the umask narrowed what openSync gave
      const made = fstatSync(fd);
      if (made.uid !== existing.uid || made.gid !== existing.gid) {
        try {
          fchownSync(fd, existing.uid, existing.gid);
        } catch {
          // only root may give a file away; the file is then the writer's, as any new file is
        }
      }
    }
  } catch (error) {
    close();
    rmSync(temporary, { force: true });
    throw error;
  }
  return {
    write: (bytes) => writeAll(fd, bytes),
    finish: () => {
      close();
      try {
        renameSync(temporary, path);
      } catch (error) {
        rmSync(temporary, { force: true });
        throw error;
      }
    },
    abandon: () => {
      close();
      rmSync(temporary, { force: true });
    },
  };
}

/** A symbolic link's final target, followed by hand (realpath fails on a link to a file not yet there). */
function followLinks(path: string): string {
  let current = resolve(path);
  for (let hops = 0; hops < 40; hops++) {
    let stats: Stats;
    try {
      stats = lstatSync(current);
    } catch {
      return current; // nothing there yet: the file is made here
    }
    if (!stats.isSymbolicLink()) return canonical(current);
    current = resolve(dirname(current), readlinkSync(current));
  }
  throw Object.assign(new Error('too many levels of symbolic links'), { code: 'ELOOP' });
}

const STDOUT_NAMES = new Set(['/dev/stdout', '/dev/fd/1', '/proc/self/fd/1']);

function isStdout(output: string | undefined): boolean {
  return output === undefined || output === '-' || STDOUT_NAMES.has(resolve(output));
}

/** The sink for an -o path that is not standard output. */
function sinkFor(output: string): Sink {
  const stats = statOrNull(output); // follows links
  if (stats?.isDirectory()) throw unwritable(output, Object.assign(new Error('is a directory'), { code: 'EISDIR' }));
  if (stats && !stats.isFile()) return directSink(output);
  return replacingSink(followLinks(output), stats);
}

export const OUTPUT_ENCODINGS = ['utf8', 'utf8-bom', 'gb18030'] as const;
export type OutputEncoding = (typeof OUTPUT_ENCODINGS)[number];

const RE_ENCODABLE_FORMATS: readonly string[] = RE_ENCODABLE_FORMAT_NAMES;

/** `--bom` is shorthand for `--output-encoding utf8-bom`; the two must not disagree. */
export function resolveOutputEncoding(encoding: string | undefined, bom: boolean | undefined): OutputEncoding {
  const chosen = encoding ?? (bom ? 'utf8-bom' : 'utf8');
  if (!(OUTPUT_ENCODINGS as readonly string[]).includes(chosen)) throw usage('output_encoding_choice', { choices: OUTPUT_ENCODINGS.join('|'), value: chosen });
  if (bom && chosen !== 'utf8-bom') throw usage('bom_contradicts_encoding', { value: chosen });
  return chosen as OutputEncoding;
}

/**
 * Refuses, before any work, output that cannot be written as asked: binary (xlsx) to a terminal,
 * or an encoding other than UTF-8 for a format that declares UTF-8 or is binary.
 */
export function assertOutputFits(format: string, encoding: OutputEncoding, output: string | undefined, stdoutIsTerminal: boolean): void {
  const toStdout = output === undefined || output === '-';
  if (format === 'xlsx' && toStdout && stdoutIsTerminal) {
    throw usage('xlsx_to_terminal');
  }
  if (encoding !== 'utf8' && !RE_ENCODABLE_FORMATS.includes(format)) {
    throw usage('encoding_not_applicable', { value: encoding, formats: RE_ENCODABLE_FORMATS.join(', '), format });
  }
}

/** Text in the encoding asked for; bytes (xlsx) pass through untouched. */
export function encodeOutput(content: string | Uint8Array, encoding: OutputEncoding, first = true): Uint8Array {
  if (typeof content !== 'string') return content;
  if (encoding === 'gb18030') {
    // Loaded only here: iconv-lite costs ~10 ms at start-up and nearly every run writes UTF-8.
    const iconv = createRequire(import.meta.url)('iconv-lite') as typeof import('iconv-lite');
    return iconv.encode(content, 'gb18030');
  }
  return Buffer.from(encoding === 'utf8-bom' && first ? `\uFEFF${content}` : content, 'utf8');
}

/** Text pieces joined into strings of about 64 K characters (for an encoding other than UTF-8). */
function* joinedPieces(pieces: Iterable<string>): Generator<string> {
  let pending = '';
  for (const piece of pieces) {
    pending += piece;
    if (pending.length >= 1 << 16) {
      yield pending;
      pending = '';
    }
  }
  if (pending.length > 0) yield pending;
}

/** The output's pieces as bytes in `encoding`, in order. */
async function* bytesOf(output: Output, encoding: OutputEncoding): AsyncGenerator<Uint8Array> {
  if (typeof output === 'string' || output instanceof Uint8Array) {
    yield encodeOutput(output, encoding);
    return;
  }
  if (Symbol.iterator in output) {
    // A text formatter's pieces, made as they are read. Pieces are whole strings (never a split
    // surrogate pair), so each encodes on its own.
    if (encoding === 'gb18030') {
      for (const text of joinedPieces(output)) yield encodeOutput(text, encoding);
      return;
    }
    if (encoding === 'utf8-bom') yield encodeOutput('', encoding, true);
    yield* utf8Chunks(output);
    return;
  }
  let first = true;
  for await (const piece of output) {
    if (typeof piece === 'string' && piece.length === 0) continue;
    yield encodeOutput(piece, encoding, first);
    first = false;
  }
  if (first && encoding === 'utf8-bom') yield encodeOutput('', encoding, true);
}

/**
 * Writes `output` (whole, or its pieces as they come: memory does not grow with the report) to
 * standard output or to the -o path in `encoding`. A failure (a full disk, no permission, a
 * folder) is a FILE_UNWRITABLE error and leaves no temporary file; a closed pipe on standard
 * output is rethrown as it is (isClosedPipe) for the caller to end quietly.
 */
export async function writeOutput(output: Output, path: string | undefined, encoding: OutputEncoding = 'utf8', stdout?: StdoutLike): Promise<void> {
  const name = path === undefined || path === '-' ? 'standard output' : path;
  const toStdout = isStdout(path);
  let sink: Sink;
  try {
    sink = toStdout ? stdoutSink(stdout) : sinkFor(path!);
  } catch (error) {
    throw unwritable(name, error);
  }
  try {
    for await (const bytes of bytesOf(output, encoding)) await sink.write(bytes);
    sink.finish();
  } catch (error) {
    try {
      sink.abandon();
    } catch {
      // the first failure is the one to report
    }
    if (toStdout && isClosedPipe(error)) throw error;
    if ((error as NodeJS.ErrnoException).code === undefined) throw error; // not the output's fault
    throw unwritable(name, error);
  }
}

/** Writes `content` whole to a file, or nothing (temporary file, then rename; a link is followed). */
export function writeFileAtomic(path: string, content: string | Uint8Array): void {
  try {
    const stats = statOrNull(path);
    const sink = replacingSink(followLinks(path), stats?.isFile() ? stats : null);
    try {
      void sink.write(encodeOutput(content, 'utf8'));
      sink.finish();
    } catch (error) {
      sink.abandon();
      throw error;
    }
  } catch (error) {
    throw unwritable(path, error);
  }
}
