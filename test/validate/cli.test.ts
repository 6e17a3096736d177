// End-to-end: the built CLI's `validate`, and `check`/`compute` refusing what `validate` rejects.
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { describe, it, expect } from 'vitest';
import { invalid, planmetrics, validateJson } from './run.js';

const STACK_FRAME = /\n\s+at .+:\d+:\d+/;
const RULE_BROKEN_FILE = invalid('rule-broken-certified-exceeds-workers.csv');

function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'planmetrics-validate-'));
}

/** A file of `count` county rows each with a negative count (NEGATIVE_COUNT on lines 2..count+1). */
function fileWithErrors(count: number): string {
  const path = join(tempDir(), 'many-errors.csv');
  const counties = ['330102', '330105', '330106', '330108', '330109', '330110', '330111', '330112', '330113', '330114'];
  const rows = counties.slice(0, count).map((code) => `${code},2024,-1`);
  writeFileSync(path, ['region_code,year,community_workers', ...rows, ''].join('\n'));
  return path;
}

describe('validate on the bundled sample', () => {
  it('exits 0 and prints nothing at all', async () => {
    const run = await planmetrics(['validate']);
    expect([run.code, run.stdout, run.stderr]).toEqual([0, '', '']);
  });

  it('finds no problem, not even a warning (no implausible jump, no parent-child mismatch)', async () => {
    const { report, code } = await validateJson([]);
    expect(report.summary).toMatchObject({ errors: 0, warnings: 0, files: 2, rows: 93 });
    expect(code).toBe(0);
  });
});

describe('validate options', () => {
  it('--format github prints workflow-command annotations', async () => {
    const run = await planmetrics(['validate', '--format', 'github', '--lang', 'en', RULE_BROKEN_FILE]);
    expect(run.stdout.split('\n')[0]).toMatch(new RegExp(`^::error file=${RULE_BROKEN_FILE.replace(/[.]/g, '\\.')},line=3,col=4,title=RULE_BROKEN::330108 2024: `));
    expect(run.code).toBe(2);
  });

  it('--max-errors N lists N errors, counts the rest, and still exits 2', async () => {
    const file = fileWithErrors(5);
    const { report, code } = await validateJson(['--max-errors', '2', file]);
    expect(report.diagnostics.map((d) => [d.code, d.line])).toEqual([['NEGATIVE_COUNT', 2], ['NEGATIVE_COUNT', 3]]);
    expect(report.summary).toMatchObject({ errors: 5, errors_not_shown: 3 });
    expect(code).toBe(2);
    const text = await planmetrics(['validate', '--lang', 'en', '--max-errors', '2', file]);
    expect(text.stdout).toContain('planmetrics: 3 more errors not shown');
    expect(text.stdout.match(/ error NEGATIVE_COUNT /g)).toHaveLength(2);
  });

  it('refuses a bad --max-errors as a usage error on stderr, without a stack trace', async () => {
    const run = await planmetrics(['validate', '--lang', 'en', '--max-errors', '0', RULE_BROKEN_FILE]);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain('error USAGE --max-errors takes a whole number of at least 1; got "0"');
    expect(run.stderr).not.toMatch(STACK_FRAME);
  });

  it('reads standard input as -', async () => {
    const { report, code } = await validateJson(['-'], 'region_code,year,community_workers\n330106,2024,abc\n');
    expect(report.diagnostics.map((d) => [d.code, d.file, d.line, d.column])).toEqual([['NOT_A_NUMBER', '<stdin>', 2, 3]]);
    expect(code).toBe(2);
  });

  it('validates the plan alone when given --plan and no files', async () => {
    const { report, code } = await validateJson(['--plan', 'data/zhejiang-community-services-2021-2025.yaml']);
    expect([report.plan.id, report.files, report.summary.errors, code]).toEqual(['zj-community-services-2021-2025', [], 0, 0]);
  });
});

describe('check and compute refuse invalid data', () => {
  it.each(['check', 'compute'])('%s exits 2 with the same messages as validate, on stderr', async (command) => {
    const validated = await planmetrics(['validate', '--lang', 'en', RULE_BROKEN_FILE]);
    const run = await planmetrics([command, '--lang', 'en', RULE_BROKEN_FILE]);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    const finding = validated.stdout.split('\n')[0]!;
    expect(finding).toContain('error RULE_BROKEN');
    expect(run.stderr.split('\n')).toContain(finding);
    expect(run.stderr).not.toMatch(STACK_FRAME);
  });

  it.each(['check', 'compute'])('%s -o leaves an existing output file untouched and no temporary file behind', async (command) => {
    const dir = tempDir();
    const output = join(dir, 'report.csv');
    writeFileSync(output, 'previous report\n');
    const run = await planmetrics([command, '--format', 'csv', '-o', output, invalid('parent-child-mismatch-city-vs-counties.csv')]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('PARENT_CHILD_MISMATCH');
    expect(readFileSync(output, 'utf8')).toBe('previous report\n');
    expect(readdirSync(dir)).toEqual(['report.csv']);
  });

  it('shows warnings on stderr and carries on', async () => {
    const run = await planmetrics(['compute', '--lang', 'en', '--level', 'county', '--format', 'csv', invalid('implausible-jump-extra-digit.csv')]);
    expect(run.code).toBe(0);
    expect(run.stderr).toContain(`${invalid('implausible-jump-extra-digit.csv')}:3:4: warning IMPLAUSIBLE_JUMP`);
    expect(run.stdout.split('\n')[0]).toMatch(/^region_code,region_name,level,year,/);
  });
});

describe('output safety', () => {
  it('neutralises formula-like region names in CSV output', async () => {
    const run = await planmetrics(['compute', '--level', 'county', '--format', 'csv', '--indicator', 'community_workers_per_10k_urban', 'fixtures/formula-in-region-name/submissions.csv']);
    expect(run.code).toBe(0);
    // The county-level units of the division list that sent nothing are listed too, without a value.
    const rows = (parse(run.stdout, { columns: true }) as Record<string, string>[]).filter((r) => r.community_workers_per_10k_urban !== '');
    expect(rows.map((r) => r.region_name)).toEqual(['\'=HYPERLINK("http://example.com","x")', "'+SUM(1;2)", "'-2+3", "'@cmd"]);
    expect(rows.map((r) => r.community_workers_per_10k_urban)).toEqual(['17', '18.75', '20', '20.8333']);
  });

  it('refuses -o pointing at an input file and leaves the input as it was', async () => {
    const dir = tempDir();
    const input = join(dir, 'submission.csv');
    const content = readFileSync('fixtures/formula-in-region-name/submissions.csv');
    writeFileSync(input, content);
    const run = await planmetrics(['compute', '--lang', 'en', '--format', 'csv', '-o', input, input]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('is one of the input files');
    expect(readFileSync(input)).toEqual(content);
    expect(readdirSync(dir)).toEqual(['submission.csv']);
  });
});
