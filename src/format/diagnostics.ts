// Renderers for `validate`: (report, options) => string. The report is the command's output, so it
// goes to stdout (as ESLint does); the exit code says whether the input passed.

import type { Diagnostic } from '../core/diagnostics.js';
import type { Lang } from '../core/types.js';
import type { ValidationReport, ValidationSummary } from '../core/validation-report.js';
import { describeDiagnostic, formatDiagnosticLine, formatGithubAnnotation } from './messages.js';

export interface DiagnosticFormatOptions {
  lang: Lang;
}

export type DiagnosticFormatter = (report: ValidationReport, options: DiagnosticFormatOptions) => string;

function plural(count: number, one: string, many: string): string {
  return `${count} ${count === 1 ? one : many}`;
}

/** "2 errors, 1 warning (3 files, 1,234 rows)", and how many errors --max-errors left out. */
export function summaryLines(summary: ValidationSummary, lang: Lang): string[] {
  const rows = summary.rows.toLocaleString('en-US');
  const lines =
    lang === 'zh'
      ? [`planmetrics: ${summary.errors} 个错误，${summary.warnings} 个警告（${summary.files} 个文件，${rows} 行）`]
      : [
          `planmetrics: ${plural(summary.errors, 'error', 'errors')}, ${plural(summary.warnings, 'warning', 'warnings')} (${plural(summary.files, 'file', 'files')}, ${rows} ${summary.rows === 1 ? 'row' : 'rows'})`,
        ];
  if (summary.errors_not_shown > 0) {
    lines.push(
      lang === 'zh'
        ? `planmetrics: 另有 ${summary.errors_not_shown} 个错误未列出（可调大 --max-errors）`
        : `planmetrics: ${plural(summary.errors_not_shown, 'more error', 'more errors')} not shown (raise --max-errors to see them)`,
    );
  }
  return lines;
}

function withTrailingNewline(lines: string[]): string {
  return lines.length === 0 ? '' : `${lines.join('\n')}\n`;
}

const isClean = (report: ValidationReport) => report.summary.errors === 0 && report.summary.warnings === 0;

/** One grep-able line per finding, grouped by file and sorted by line; nothing at all for a clean input. */
export const text: DiagnosticFormatter = (report, { lang }) => {
  if (isClean(report)) return '';
  return withTrailingNewline([...report.diagnostics.map((d) => formatDiagnosticLine(d, lang)), ...summaryLines(report.summary, lang)]);
};

/** GitHub Actions workflow commands: each finding becomes an annotation on its file and line. */
export const github: DiagnosticFormatter = (report, { lang }) => {
  if (isClean(report)) return '';
  return withTrailingNewline([...report.diagnostics.map((d) => formatGithubAnnotation(d, lang)), ...summaryLines(report.summary, lang)]);
};

/** Every key is always present (null when unknown), so scripts can rely on the shape. */
function diagnosticJson(d: Diagnostic, lang: Lang) {
  return {
    code: d.code,
    severity: d.severity,
    file: d.file ?? null,
    line: d.line ?? null,
    column: d.column ?? null,
    field: d.field ?? null,
    region: d.region ?? null,
    year: d.year ?? null,
    args: d.args,
    message: describeDiagnostic(d, lang),
  };
}

export const json: DiagnosticFormatter = (report, { lang }) =>
  `${JSON.stringify(
    {
      plan: report.plan,
      files: report.files,
      diagnostics: report.diagnostics.map((d) => diagnosticJson(d, lang)),
      summary: report.summary,
    },
    null,
    2,
  )}\n`;

export const diagnosticFormatters = { text, json, github } satisfies Record<string, DiagnosticFormatter>;

export type DiagnosticFormatName = keyof typeof diagnosticFormatters;

export const DIAGNOSTIC_FORMAT_NAMES = Object.keys(diagnosticFormatters) as DiagnosticFormatName[];
