// One broken file per problem code: the built CLI's `validate` must report that code, on that line
// (and column), with the contract's exit status.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it, expect } from 'vitest';
import { invalid, invalidPlan, planmetrics, validateJson } from './run.js';

interface Case {
  fixture: string;
  code: string;
  line: number | null;
  column?: number;
  exit: number;
  args?: string[];
}

const SUBMISSION_CASES: Case[] = [
  { fixture: 'file-empty.csv', code: 'FILE_EMPTY', line: null, exit: 2 },
  { fixture: 'bytes-undecodable-stray-byte.csv', code: 'BYTES_UNDECODABLE', line: 3, column: 2, exit: 2 },
  { fixture: 'header-blank-cell.csv', code: 'HEADER_BLANK', line: 1, column: 3, exit: 2 },
  { fixture: 'header-duplicate-id-and-label.csv', code: 'HEADER_DUPLICATE', line: 1, column: 4, exit: 2 },
  { fixture: 'column-unknown-misspelt-input.csv', code: 'COLUMN_UNKNOWN', line: 1, column: 3, exit: 2 },
  { fixture: 'column-missing-year.csv', code: 'COLUMN_MISSING', line: 1, exit: 2 },
  { fixture: 'cell-count-extra-cell.csv', code: 'CELL_COUNT', line: 3, exit: 2 },
  { fixture: 'quote-unclosed-region-name.csv', code: 'QUOTE_UNCLOSED', line: 3, exit: 2 },
  { fixture: 'not-a-number-unit-in-cell.csv', code: 'NOT_A_NUMBER', line: 3, column: 4, exit: 2 },
  { fixture: 'negative-count-community-workers.csv', code: 'NEGATIVE_COUNT', line: 3, column: 4, exit: 2 },
  {
    fixture: 'out-of-range-percent-above-100.csv',
    code: 'OUT_OF_RANGE',
    line: 3,
    column: 4,
    exit: 2,
    args: ['--plan', invalid('out-of-range.plan.yaml')],
  },
  { fixture: 'not-integer-fractional-workers.csv', code: 'NOT_INTEGER', line: 2, column: 4, exit: 0 },
  { fixture: 'not-integer-fractional-workers.csv', code: 'NOT_INTEGER', line: 2, column: 4, exit: 1, args: ['--strict'] },
  { fixture: 'year-invalid-two-digits.csv', code: 'YEAR_INVALID', line: 3, column: 2, exit: 2 },
  { fixture: 'year-out-of-period.csv', code: 'YEAR_OUT_OF_PERIOD', line: 3, column: 2, exit: 2 },
  { fixture: 'region-code-malformed-five-digits.csv', code: 'REGION_CODE_MALFORMED', line: 3, column: 1, exit: 2 },
  { fixture: 'region-unknown-no-such-county.csv', code: 'REGION_UNKNOWN', line: 3, column: 1, exit: 2 },
  // 330103 下城区 was abolished in 2021: a 2024 row on it names its successor 拱墅区 330105.
  { fixture: 'region-unknown-abolished-county.csv', code: 'REGION_ABOLISHED', line: 3, column: 1, exit: 2 },
  { fixture: 'rule-broken-certified-exceeds-workers.csv', code: 'RULE_BROKEN', line: 3, column: 4, exit: 2 },
  { fixture: 'duplicate-row-same-file.csv', code: 'DUPLICATE_ROW', line: 4, column: 1, exit: 2 },
  { fixture: 'parent-child-mismatch-city-vs-counties.csv', code: 'PARENT_CHILD_MISMATCH', line: 2, column: 4, exit: 2 },
  { fixture: 'implausible-jump-extra-digit.csv', code: 'IMPLAUSIBLE_JUMP', line: 3, column: 4, exit: 0 },
  { fixture: 'implausible-jump-extra-digit.csv', code: 'IMPLAUSIBLE_JUMP', line: 3, column: 4, exit: 1, args: ['--strict'] },
];

const PLAN_CASES: Case[] = [
  { fixture: 'yaml-syntax-unclosed-bracket.yaml', code: 'PLAN_YAML_SYNTAX', line: 21, exit: 2 },
  { fixture: 'schema-unknown-key.yaml', code: 'PLAN_SCHEMA', line: 20, column: 20, exit: 2 },
  { fixture: 'duplicate-input-id.yaml', code: 'PLAN_DUPLICATE_ID', line: 9, exit: 2 },
  { fixture: 'formula-syntax-dangling-operator.yaml', code: 'FORMULA_SYNTAX', line: 15, column: 34, exit: 2 },
  { fixture: 'formula-unknown-input.yaml', code: 'FORMULA_UNKNOWN_ID', line: 15, column: 14, exit: 2 },
  { fixture: 'alias-bomb.yaml', code: 'PLAN_TOO_LARGE', line: 1, exit: 2 },
  { fixture: 'divisions-file-missing.yaml', code: 'DIVISIONS_UNREADABLE', line: null, exit: 2 },
];

/** "file.csv --strict": the fixture and any extra options, for the test title. */
const titled = (cases: Case[]) => cases.map((c) => ({ ...c, name: [c.fixture, ...(c.args ?? [])].join(' ') }));

function expectOnly(findings: { code: string; line: number | null; column: number | null }[], expected: Case): void {
  expect(findings.map((d) => d.code)).toEqual([expected.code]);
  expect(findings[0]!.line).toBe(expected.line);
  if (expected.column !== undefined) expect(findings[0]!.column).toBe(expected.column);
}

describe('validate: one broken submission per problem code', () => {
  it.concurrent.each(titled(SUBMISSION_CASES))('$name -> $code on line $line, exit $exit', async (c) => {
    const { report, code, stderr } = await validateJson([...(c.args ?? []), invalid(c.fixture)]);
    expectOnly(report.diagnostics, c);
    expect(report.diagnostics[0]!.file).toBe(invalid(c.fixture));
    expect(code).toBe(c.exit);
    // The report is on stdout; an exit 1 under --strict says why on stderr, and nothing else does.
    if (c.exit === 1) expect(stderr).toBe('planmetrics: warning STRICT_WARNINGS --strict: 1 warning counts as an error, hence exit 1\n');
    else expect(stderr).toBe('');
  });

  it('names both places for the same region and year in two files', async () => {
    const first = invalid('duplicate-row-across-files/first.csv');
    const second = invalid('duplicate-row-across-files/second.csv');
    const { report, code } = await validateJson([first, second]);
    expect(report.diagnostics.map((d) => [d.code, d.file, d.line, d.args.first_file, d.args.first_line])).toEqual([
      ['DUPLICATE_ROW', second, 3, first, 3],
    ]);
    expect(report.diagnostics[0]!.message).toContain(`first on line 3 of ${first}`);
    expect(code).toBe(2);
  });

  it('reports a file that cannot be read', async () => {
    const { report, code } = await validateJson([invalid('no-such-file.csv')]);
    expect(report.diagnostics.map((d) => [d.code, d.file])).toEqual([['FILE_UNREADABLE', invalid('no-such-file.csv')]]);
    expect(code).toBe(2);
  });

  it('prints the text report on stdout with FILE:LINE:COLUMN, the code and a message a clerk can act on', async () => {
    const run = await planmetrics(['validate', '--lang', 'en', invalid('rule-broken-certified-exceeds-workers.csv')]);
    expect(run.stdout.split('\n')[0]).toBe(
      `planmetrics: ${invalid('rule-broken-certified-exceeds-workers.csv')}:3:4: error RULE_BROKEN 330108 2024: 持证专职社区工作者不能多于专职社区工作者 / certified community workers cannot outnumber community workers (certified_community_workers 812, community_workers 640): the figures contradict each other; correct the wrong one`,
    );
    expect(run.stdout).toContain('planmetrics: 1 error, 0 warnings (1 file, 2 rows)');
    expect(run.code).toBe(2);
  });
});

describe('validate: one broken plan per problem code', () => {
  it.concurrent.each(titled(PLAN_CASES))('$name -> $code on line $line, exit $exit', async (c) => {
    const { report, code, stderr } = await validateJson(['--plan', invalidPlan(c.fixture)]);
    expectOnly(report.diagnostics, c);
    expect(report.plan.id).toBeNull();
    expect(code).toBe(c.exit);
    expect(stderr).toBe('');
  });

  it('refuses a huge plan file quickly, before parsing it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'planmetrics-huge-'));
    const huge = join(dir, 'huge.yaml');
    writeFileSync(huge, `plan:\n  notes:\n${'    - padding padding padding padding padding padding\n'.repeat(60_000)}`);
    const started = Date.now();
    const { report, code } = await validateJson(['--plan', huge]);
    expect(report.diagnostics.map((d) => [d.code, d.file])).toEqual([['PLAN_TOO_LARGE', huge]]);
    expect(code).toBe(2);
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it('validates the plan, then the files against it', async () => {
    const { report, code } = await validateJson(['--plan', invalid('out-of-range.plan.yaml'), invalid('out-of-range-percent-above-100.csv')]);
    expect(report.plan.id).toBe('ranged-plan');
    expect(report.files.map((f) => [f.rows, f.errors])).toEqual([[2, 1]]);
    expect(code).toBe(2);
  });
});
