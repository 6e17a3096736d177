// Runs the built CLI (npm test builds first) with colour off. Kept here so these end-to-end tests
// do not depend on helpers other work is changing.
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const BIN = fileURLToPath(new URL('../../bin/planmetrics.js', import.meta.url));

export interface Run {
  stdout: string;
  stderr: string;
  code: number;
}

export function planmetrics(args: string[], input = ''): Promise<Run> {
  return new Promise((resolve) => {
    const child = execFile(
      process.execPath,
      [BIN, ...args],
      { cwd: ROOT, env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '' }, maxBuffer: 256 * 1024 * 1024, encoding: 'utf8' },
      (error, stdout, stderr) => resolve({ stdout, stderr, code: error ? (typeof error.code === 'number' ? error.code : -1) : 0 }),
    );
    child.stdin?.end(input);
  });
}

/** A path relative to the repository root, as a user would type it. */
export const invalid = (name: string) => `fixtures/invalid/${name}`;
export const invalidPlan = (name: string) => `fixtures/plans-invalid/${name}`;

export interface JsonFinding {
  code: string;
  severity: string;
  file: string | null;
  line: number | null;
  column: number | null;
  field: string | null;
  region: string | null;
  year: number | null;
  args: Record<string, string | number>;
  message: string;
}

export interface JsonReport {
  plan: { file: string; id: string | null };
  files: { file: string; rows: number; errors: number; warnings: number }[];
  diagnostics: JsonFinding[];
  summary: { errors: number; warnings: number; errors_not_shown: number; files: number; rows: number };
}

export async function validateJson(args: string[], input = ''): Promise<{ report: JsonReport; code: number; stderr: string }> {
  const run = await planmetrics(['validate', '--format', 'json', '--lang', 'en', ...args], input);
  return { report: JSON.parse(run.stdout) as JsonReport, code: run.code, stderr: run.stderr };
}
