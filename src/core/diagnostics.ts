// Findings are data with a stable code; the words live in src/format/messages.ts.

export type Severity = 'error' | 'warning';

/** Every problem planmetrics can report, with its default severity. Codes are public: never rename. */
export const DIAGNOSTIC_CODES = {
  // files
  FILE_UNREADABLE: 'error',
  FILE_UNWRITABLE: 'error',
  FILE_EMPTY: 'error',
  BYTES_UNDECODABLE: 'error',
  WORKBOOK_CORRUPT: 'error',
  WORKBOOK_UNSUPPORTED: 'error',
  SHEET_NOT_FOUND: 'error',
  OUTPUT_CHARS_REPLACED: 'warning',
  // plan file
  PLAN_YAML_SYNTAX: 'error',
  PLAN_SCHEMA: 'error',
  PLAN_DUPLICATE_ID: 'error',
  PLAN_TOO_LARGE: 'error',
  FORMULA_SYNTAX: 'error',
  FORMULA_UNKNOWN_ID: 'error',
  DIVISIONS_UNREADABLE: 'error',
  // CSV structure
  HEADER_BLANK: 'error',
  HEADER_DUPLICATE: 'error',
  COLUMN_UNKNOWN: 'error',
  COLUMN_MISSING: 'error',
  CELL_COUNT: 'error',
  QUOTE_UNCLOSED: 'error',
  // cells
  NOT_A_NUMBER: 'error',
  NEGATIVE_COUNT: 'error',
  OUT_OF_RANGE: 'error',
  NOT_INTEGER: 'warning',
  YEAR_INVALID: 'error',
  YEAR_OUT_OF_PERIOD: 'error',
  REGION_CODE_MALFORMED: 'error',
  REGION_UNKNOWN: 'error',
  // across rows
  RULE_BROKEN: 'error',
  DUPLICATE_ROW: 'error',
  PARENT_CHILD_MISMATCH: 'error',
  IMPLAUSIBLE_JUMP: 'warning',
  VALUE_OUT_OF_RANGE: 'error',
  INPUT_BELOW_LEVEL: 'warning',
  // usage
  USAGE: 'error',
  // completeness: an option value that matches nothing; who has not reported what
  FILTER_UNKNOWN: 'error',
  DIVISIONS_NONE: 'error',
  SUBMISSION_ABSENT: 'warning',
  SUBMISSION_PARTIAL: 'warning',
  SUBMISSIONS_MORE: 'warning',
  // division lists and codes over time
  DIVISION_LEVEL: 'error',
  DIVISION_PARENT: 'error',
  DIVISIONS_PARTIAL: 'warning',
  REGION_ABOLISHED: 'error',
  TOTAL_ROW_MISMATCH: 'error',
  REGION_NAME_UNKNOWN: 'error',
  REGION_NAME_AMBIGUOUS: 'error',
  REGION_NAME_MISMATCH: 'warning',
  HEADER_ONE_COLUMN: 'error',
  DIVISIONS_PARTIAL_MORE: 'warning',
  // why a run exits 1: the targets not met (check), warnings under --strict (validate)
  TARGET_MISSED: 'warning',
  TARGETS_MORE: 'warning',
  STRICT_WARNINGS: 'warning',
  // findings past the limit a run keeps: counted, not held
  FINDINGS_MORE: 'warning',
} as const satisfies Record<string, Severity>;

export type DiagnosticCode = keyof typeof DIAGNOSTIC_CODES;

export interface Diagnostic {
  code: DiagnosticCode;
  severity: Severity;
  file?: string;
  line?: number;
  column?: number;
  /** The CSV column id (or YAML path) the problem is in, when there is one. */
  field?: string;
  region?: string;
  year?: number;
  /** Values the message needs; kept as data so scripts can read them. */
  args: Record<string, string | number>;
}

export interface DiagnosticWhere {
  file?: string;
  line?: number;
  column?: number;
  field?: string;
  region?: string;
  year?: number;
}

export function diagnostic(
  code: DiagnosticCode,
  where: DiagnosticWhere,
  args: Record<string, string | number> = {},
): Diagnostic {
  return { code, severity: DIAGNOSTIC_CODES[code], ...where, args };
}

export function hasErrors(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((d) => d.severity === 'error');
}

/** Stable order: file, line, column, code. */
export function sortDiagnostics(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  return [...diagnostics].sort(
    (a, b) =>
      (a.file ?? '').localeCompare(b.file ?? '') ||
      (a.line ?? 0) - (b.line ?? 0) ||
      (a.column ?? 0) - (b.column ?? 0) ||
      a.code.localeCompare(b.code),
  );
}

/** Thrown only when the program cannot go on; carries the diagnostics and the exit code. */
export class PlanmetricsError extends Error {
  constructor(
    readonly diagnostics: Diagnostic[],
    readonly exitCode = 2,
  ) {
    super(diagnostics.map((d) => d.code).join(', '));
    this.name = 'PlanmetricsError';
  }
}

/** Errors and warnings counted per file (key: the file, or '' for findings without one). */
export type FindingCounts = Map<string, { errors: number; warnings: number }>;

/**
 * The findings of one run with memory bounded: the first `limit` errors and the first `limit`
 * warnings are kept, in the order found; every finding is counted, per file. 200,000 bad rows
 * are 200,000 counts and a few hundred kept messages, never 200,000 held objects.
 */
export class FindingCollector {
  readonly kept: Diagnostic[] = [];
  readonly counts: FindingCounts = new Map();
  private keptErrors = 0;
  private keptWarnings = 0;
  droppedErrors = 0;
  droppedWarnings = 0;

  constructor(private readonly limit: number) {}

  add(d: Diagnostic): void {
    const key = d.file ?? '';
    let entry = this.counts.get(key);
    if (!entry) this.counts.set(key, (entry = { errors: 0, warnings: 0 }));
    if (d.severity === 'error') {
      entry.errors++;
      if (this.keptErrors < this.limit) (this.keptErrors++, this.kept.push(d));
      else this.droppedErrors++;
    } else {
      entry.warnings++;
      if (this.keptWarnings < this.limit) (this.keptWarnings++, this.kept.push(d));
      else this.droppedWarnings++;
    }
  }

  addAll(diagnostics: Iterable<Diagnostic>): void {
    for (const d of diagnostics) this.add(d);
  }

  /** The kept findings, sorted, and one that counts those left out (if any). */
  list(): Diagnostic[] {
    const sorted = sortDiagnostics(this.kept);
    if (this.droppedErrors + this.droppedWarnings > 0) {
      sorted.push(diagnostic('FINDINGS_MORE', {}, { errors: this.droppedErrors, warnings: this.droppedWarnings, limit: this.limit }));
    }
    return sorted;
  }
}
