import { describe, it, expect } from 'vitest';
import { diagnostic, type Diagnostic } from '../../src/core/diagnostics.js';
import { buildValidationReport, validationExitCode, type ValidationReport } from '../../src/core/validation-report.js';
import { diagnosticFormatters } from '../../src/format/diagnostics.js';

const files = [
  { file: 'z-first.csv', rows: 10 },
  { file: 'a-second.csv', rows: 1234 },
];

function report(diagnostics: Diagnostic[], maxErrors?: number): ValidationReport {
  return buildValidationReport({ plan: { file: 'plan.yaml', id: 'p' }, files, diagnostics, maxErrors });
}

const negative = (file: string, line: number) =>
  diagnostic('NEGATIVE_COUNT', { file, line, column: 4, field: 'community_workers', region: '330106', year: 2024 }, { value: -15 });

describe('buildValidationReport', () => {
  it('orders by the files as given (not by name), the plan first, then by line and column', () => {
    const found = report([
      negative('a-second.csv', 2),
      negative('z-first.csv', 9),
      diagnostic('PLAN_SCHEMA', { file: 'plan.yaml', line: 40 }, { message: 'x' }),
      negative('z-first.csv', 3),
      diagnostic('NOT_INTEGER', { file: 'z-first.csv', line: 3, column: 2 }, { value: 1.5 }),
    ]);
    expect(found.diagnostics.map((d) => [d.file, d.line, d.column])).toEqual([
      ['plan.yaml', 40, undefined],
      ['z-first.csv', 3, 2],
      ['z-first.csv', 3, 4],
      ['z-first.csv', 9, 4],
      ['a-second.csv', 2, 4],
    ]);
    expect(found.summary).toEqual({ errors: 4, warnings: 1, errors_not_shown: 0, files: 2, rows: 1244 });
    expect(found.files).toEqual([
      { file: 'z-first.csv', rows: 10, errors: 2, warnings: 1 },
      { file: 'a-second.csv', rows: 1234, errors: 1, warnings: 0 },
    ]);
  });

  it('keeps the first N errors with --max-errors, every warning, and counts the rest', () => {
    const diagnostics = [1, 2, 3, 4, 5].map((line) => negative('z-first.csv', line));
    diagnostics.push(diagnostic('NOT_INTEGER', { file: 'a-second.csv', line: 8 }, { value: 1.5 }));
    const capped = report(diagnostics, 2);
    expect(capped.diagnostics.map((d) => [d.code, d.line])).toEqual([
      ['NEGATIVE_COUNT', 1],
      ['NEGATIVE_COUNT', 2],
      ['NOT_INTEGER', 8],
    ]);
    expect(capped.summary.errors).toBe(5);
    expect(capped.summary.errors_not_shown).toBe(3);
  });
});

describe('validationExitCode', () => {
  const summary = (errors: number, warnings: number) => ({ errors, warnings, errors_not_shown: 0, files: 1, rows: 1 });
  it('follows the contract: 0 clean or warnings, 1 warnings under --strict, 2 errors', () => {
    expect(validationExitCode(summary(0, 0), false)).toBe(0);
    expect(validationExitCode(summary(0, 3), false)).toBe(0);
    expect(validationExitCode(summary(0, 3), true)).toBe(1);
    expect(validationExitCode(summary(0, 0), true)).toBe(0);
    expect(validationExitCode(summary(1, 3), true)).toBe(2);
    expect(validationExitCode(summary(1, 0), false)).toBe(2);
  });
});

describe('diagnostic formatters', () => {
  const found = report([negative('z-first.csv', 3), diagnostic('NOT_INTEGER', { file: 'a-second.csv', line: 5, column: 2, field: 'households' }, { value: 1.5 })]);

  it('text: one grep-able line per finding, then the summary', () => {
    expect(diagnosticFormatters.text(found, { lang: 'en' })).toBe(
      [
        'planmetrics: z-first.csv:3:4: error NEGATIVE_COUNT community_workers: -15 is negative, but this is a count: counts are 0 or more',
        'planmetrics: a-second.csv:5:2: warning NOT_INTEGER households: 1.5 is not a whole number, but it counts things: check for a unit mix-up or round it',
        'planmetrics: 1 error, 1 warning (2 files, 1,244 rows)',
        '',
      ].join('\n'),
    );
  });

  it('text and github print nothing at all for a clean input', () => {
    const clean = report([]);
    expect(diagnosticFormatters.text(clean, { lang: 'zh' })).toBe('');
    expect(diagnosticFormatters.github(clean, { lang: 'en' })).toBe('');
  });

  it('text says how many errors --max-errors left out, in either language', () => {
    const capped = report([1, 2, 3].map((line) => negative('z-first.csv', line)), 1);
    expect(diagnosticFormatters.text(capped, { lang: 'en' })).toContain('planmetrics: 2 more errors not shown (raise --max-errors to see them)');
    expect(diagnosticFormatters.text(capped, { lang: 'zh' })).toContain('另有 2 个错误未列出');
  });

  it('github: workflow-command annotations with file, line, column and the code as title', () => {
    const lines = diagnosticFormatters.github(found, { lang: 'en' }).split('\n');
    expect(lines[0]).toMatch(/^::error file=z-first\.csv,line=3,col=4,title=NEGATIVE_COUNT::community_workers: -15 is negative/);
    expect(lines[1]).toMatch(/^::warning file=a-second\.csv,line=5,col=2,title=NOT_INTEGER::/);
  });

  it('json: a stable shape with every key present, null where unknown', () => {
    const parsed = JSON.parse(diagnosticFormatters.json(report([diagnostic('FILE_EMPTY', { file: 'a-second.csv' })]), { lang: 'en' }));
    expect(Object.keys(parsed)).toEqual(['plan', 'files', 'diagnostics', 'summary']);
    expect(parsed.diagnostics[0]).toEqual({
      code: 'FILE_EMPTY',
      severity: 'error',
      file: 'a-second.csv',
      line: null,
      column: null,
      field: null,
      region: null,
      year: null,
      args: {},
      message: expect.stringContaining('the file is empty'),
    });
    expect(parsed.summary).toEqual({ errors: 1, warnings: 0, errors_not_shown: 0, files: 2, rows: 1244 });
  });
});
