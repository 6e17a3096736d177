// Writes a result to stdout or to a file, whole or not at all.

import { randomBytes } from 'node:crypto';
import { realpathSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { diagnostic, PlanmetricsError } from '../core/diagnostics.js';

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

/** Temporary file in the same folder, then rename: readers see the old file or the new one, never half. */
export function writeFileAtomic(path: string, content: string | Uint8Array): void {
  const temporary = join(dirname(resolve(path)), `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    writeFileSync(temporary, content);
    renameSync(temporary, path);
  } catch (error) {
    rmSync(temporary, { force: true });
    const code = (error as NodeJS.ErrnoException).code ?? String(error);
    throw new PlanmetricsError([diagnostic('FILE_UNREADABLE', { file: path }, { message: `cannot write: ${code}` })]);
  }
}

export function writeOutput(content: string | Uint8Array, output: string | undefined): void {
  if (output === undefined || output === '-') {
    process.stdout.write(content);
    return;
  }
  writeFileAtomic(output, content);
}
