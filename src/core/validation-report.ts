// What `validate` found, in the order it is shown, with its own counts (formatters stay dumb).

import type { Diagnostic, FindingCounts } from './diagnostics.js';

export interface ValidatedFile {
  file: string;
  rows: number;
}

export interface FileSummary extends ValidatedFile {
  errors: number;
  warnings: number;
}

export interface ValidationSummary {
  errors: number;
  warnings: number;
  /** Errors found but left out of `diagnostics` by --max-errors. */
  errors_not_shown: number;
  files: number;
  rows: number;
}

export interface ValidationReport {
  plan: { file: string; id: string | null };
  files: FileSummary[];
  /** Sorted: the plan first, then the files in the order given, each by line and column. */
  diagnostics: Diagnostic[];
  summary: ValidationSummary;
}

export interface ValidationInput {
  plan: { file: string; id: string | null };
  files: ValidatedFile[];
  diagnostics: readonly Diagnostic[];
  /** Every finding counted per file, when `diagnostics` holds only the first of them. */
  counts?: FindingCounts;
  /** Show at most this many errors (warnings are all shown). */
  maxErrors?: number;
}

/** Findings without a file come first, then the plan (and its division list), then each submission. */
function fileRank(planFile: string, files: readonly ValidatedFile[]): (file: string | undefined) => number {
  const order = new Map(files.map((f, i) => [f.file, i + 2]));
  return (file) => {
    if (file === undefined) return 0;
    if (file === planFile) return 1;
    return order.get(file) ?? 1.5;
  };
}

export function orderDiagnostics(diagnostics: readonly Diagnostic[], planFile: string, files: readonly ValidatedFile[]): Diagnostic[] {
  const rank = fileRank(planFile, files);
  return [...diagnostics].sort(
    (a, b) =>
      rank(a.file) - rank(b.file) ||
      (a.file ?? '').localeCompare(b.file ?? '') ||
      (a.line ?? 0) - (b.line ?? 0) ||
      (a.column ?? 0) - (b.column ?? 0) ||
      a.code.localeCompare(b.code),
  );
}

/** Keeps every warning and the first `maxErrors` errors in display order. */
function capErrors(ordered: Diagnostic[], maxErrors: number | undefined): Diagnostic[] {
  if (maxErrors === undefined) return ordered;
  let errors = 0;
  return ordered.filter((d) => d.severity !== 'error' || ++errors <= maxErrors);
}

/** Errors and warnings per file (key: the file, or '' for findings without one). */
function tally(diagnostics: readonly Diagnostic[]): FindingCounts {
  const counts: FindingCounts = new Map();
  for (const d of diagnostics) {
    const key = d.file ?? '';
    let entry = counts.get(key);
    if (!entry) counts.set(key, (entry = { errors: 0, warnings: 0 }));
    if (d.severity === 'error') entry.errors++;
    else entry.warnings++;
  }
  return counts;
}

export function buildValidationReport(input: ValidationInput): ValidationReport {
  const ordered = orderDiagnostics(input.diagnostics, input.plan.file, input.files);
  const shown = capErrors(ordered, input.maxErrors);
  const counts = input.counts ?? tally(ordered);
  const total = (key: 'errors' | 'warnings') => [...counts.values()].reduce((sum, c) => sum + c[key], 0);
  const errors = total('errors');
  return {
    plan: input.plan,
    files: input.files.map((f) => ({ ...f, errors: counts.get(f.file)?.errors ?? 0, warnings: counts.get(f.file)?.warnings ?? 0 })),
    diagnostics: shown,
    summary: {
      errors,
      warnings: total('warnings'),
      errors_not_shown: errors - shown.filter((d) => d.severity === 'error').length,
      files: input.files.length,
      rows: input.files.reduce((sum, f) => sum + f.rows, 0),
    },
  };
}

/** 0 clean (warnings allowed), 1 only warnings under --strict, 2 any error: the contract's codes. */
export function validationExitCode(summary: ValidationSummary, strict: boolean): number {
  if (summary.errors > 0) return 2;
  return strict && summary.warnings > 0 ? 1 : 0;
}
