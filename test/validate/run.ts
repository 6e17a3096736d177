// Helpers for the validate end-to-end tests; the CLI runner is the shared one.
import { ROOT, runCli, type CliRun } from '../helpers/cli.js';

export { ROOT };
export type Run = CliRun;

export function planmetrics(args: string[], input = ''): Promise<Run> {
  return runCli(args, { input });
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
