// Writes a result to stdout or to a file, whole or not at all.

import { realpathSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { createRequire } from 'node:module';
import { diagnostic, PlanmetricsError } from '../core/diagnostics.js';
import { writeStdout } from './stdout.js';

function canonical(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return resolve(path);
  }
}

/** Refuses an output path that is one of the inputs: an input is never overwritten. */
export function assertNotAnInput(output: string, inputs: readonly string[]): void {
  const target = canonical(output);
  const clash = inputs.find((input) => input !== '-' && canonical(input) === target);
  if (clash) {
    throw new PlanmetricsError([diagnostic('USAGE', {}, { message: `--output ${output} is one of the input files; choose another name so the input is not overwritten` })]);
  }
}

/** A name no other run picks: created exclusively ('wx'), so a clash fails rather than overwrites. */
function temporaryNameFor(path: string): string {
  const unique = `${process.pid}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`;
  return join(dirname(resolve(path)), `.${basename(path)}.${unique}.tmp`);
}

/** Temporary file in the same folder, then rename: readers see the old file or the new one, never half. */
export function writeFileAtomic(path: string, content: string | Uint8Array): void {
  const temporary = temporaryNameFor(path);
  try {
    writeFileSync(temporary, content, { flag: 'wx' });
    renameSync(temporary, path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? String(error);
    if (code !== 'EEXIST') rmSync(temporary, { force: true }); // never remove a file this run did not make
    throw new PlanmetricsError([diagnostic('FILE_UNWRITABLE', { file: path }, { reason: code })]);
  }
}

export const OUTPUT_ENCODINGS = ['utf8', 'utf8-bom', 'gb18030'] as const;
export type OutputEncoding = (typeof OUTPUT_ENCODINGS)[number];

/** Formats that may be written in another encoding than plain UTF-8 (JSON and HTML declare UTF-8). */
const RE_ENCODABLE_FORMATS = ['csv', 'table', 'markdown'];

function usage(message: string): PlanmetricsError {
  return new PlanmetricsError([diagnostic('USAGE', {}, { message })]);
}

/** `--bom` is shorthand for `--output-encoding utf8-bom`; the two must not disagree. */
export function resolveOutputEncoding(encoding: string | undefined, bom: boolean | undefined): OutputEncoding {
  const chosen = encoding ?? (bom ? 'utf8-bom' : 'utf8');
  if (!(OUTPUT_ENCODINGS as readonly string[]).includes(chosen)) throw usage(`--output-encoding takes ${OUTPUT_ENCODINGS.join('|')}; got "${chosen}"`);
  if (bom && chosen !== 'utf8-bom') throw usage(`--bom asks for UTF-8 with a BOM but --output-encoding says ${chosen}: give one of them`);
  return chosen as OutputEncoding;
}

/**
 * Refuses, before any work, output that cannot be written as asked: binary (xlsx) to a terminal,
 * or an encoding other than UTF-8 for a format that declares UTF-8 or is binary.
 */
export function assertOutputFits(format: string, encoding: OutputEncoding, output: string | undefined, stdoutIsTerminal: boolean): void {
  const toStdout = output === undefined || output === '-';
  if (format === 'xlsx' && toStdout && stdoutIsTerminal) {
    throw usage('--format xlsx writes a binary workbook: name a file with -o report.xlsx (or redirect standard output)');
  }
  if (encoding !== 'utf8' && !RE_ENCODABLE_FORMATS.includes(format)) {
    throw usage(`--output-encoding ${encoding} (or --bom) applies to ${RE_ENCODABLE_FORMATS.join(', ')}; --format ${format} is always UTF-8`);
  }
}

/** Text in the encoding asked for; bytes (xlsx) pass through untouched. */
export function encodeOutput(content: string | Uint8Array, encoding: OutputEncoding): string | Uint8Array {
  if (typeof content !== 'string' || encoding === 'utf8') return content;
  if (encoding === 'utf8-bom') return `\uFEFF${content}`;
  // Loaded only here: iconv-lite costs ~10 ms at start-up and nearly every run writes UTF-8.
  const iconv = createRequire(import.meta.url)('iconv-lite') as typeof import('iconv-lite');
  return iconv.encode(content, 'gb18030');
}

export function writeOutput(content: string | Uint8Array, output: string | undefined): void {
  if (output === undefined || output === '-') {
    writeStdout(content);
    return;
  }
  writeFileAtomic(output, content);
}
