import { readFileSync, writeFileSync, mkdtempSync, readdirSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { fixture, ROOT, runCli } from '../helpers/cli.js';

interface Result {
  region_code: string;
  level: string;
  indicator: string;
  value: number | null;
  status: string;
  attribute: string;
  reason: { code: string } | null;
  coverage: { used: number; expected: number } | null;
}

function csvRows(path: string): Record<string, string>[] {
  return parse(readFileSync(path), { columns: true, bom: true });
}

const sum = (rows: Record<string, string>[], field: string) => rows.reduce((s, r) => s + Number(r[field]), 0);

describe('planmetrics check on the bundled data', () => {
  it('prints a compliance table with a summary line and exits 0', async () => {
    const run = await runCli(['check']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('浙江');
    expect(run.stdout).toContain('每万城镇常住人口');
    expect(run.stdout).toMatch(/2024 年 · 共 \d+ 项结果：达标 \d+/);
    expect(run.stdout).not.toMatch(/NaN|Infinity|undefined/);
  });

  it('labels in English with --lang en', async () => {
    const run = await runCli(['check', '--lang', 'en', '--level', 'province']);
    expect(run.stdout).toContain('Full-time community workers per 10,000 urban residents');
    expect(run.stdout).toMatch(/2024 · \d+ results: \d+ met/);
  });
});

describe('roll-up from county rows only', () => {
  const file = fixture('counties-only', 'submissions.csv');
  const counties = csvRows(file);
  const hangzhou = counties.filter((r) => r.region_code!.startsWith('3301'));

  async function results(): Promise<Result[]> {
    const run = await runCli(['check', file, '--level', 'all', '--format', 'json']);
    expect(run.stderr).toBe('');
    return JSON.parse(run.stdout).results;
  }

  const find = (all: Result[], indicator: string, code: string) => all.find((r) => r.indicator === indicator && r.region_code === code)!;

  it('computes city and province ratios from summed inputs', async () => {
    const all = await results();
    const expectedCity = (sum(hangzhou, 'community_workers') / sum(hangzhou, 'urban_population')) * 10000;
    const expectedProvince = (sum(counties, 'community_workers') / sum(counties, 'urban_population')) * 10000;
    expect(find(all, 'community_workers_per_10k_urban', '330100').value).toBeCloseTo(expectedCity, 10);
    expect(find(all, 'community_workers_per_10k_urban', '330000').value).toBeCloseTo(expectedProvince, 10);
    expect(find(all, 'community_workers_per_10k_urban', '330000').coverage).toMatchObject({ used: 2 });
  });

  it('weights incomes by population and takes the lowest allowance standard', async () => {
    const all = await results();
    const weighted = (field: string, weight: (r: Record<string, string>) => number) =>
      counties.reduce((s, r) => s + Number(r[field]) * weight(r), 0) / counties.reduce((s, r) => s + weight(r), 0);
    const urban = weighted('urban_income_per_capita', (r) => Number(r.urban_population));
    const rural = weighted('rural_income_per_capita', (r) => Number(r.resident_population) - Number(r.urban_population));
    expect(find(all, 'urban_rural_income_ratio', '330000').value).toBeCloseTo(urban / rural, 10);
    expect(find(all, 'min_living_standard', '330000').value).toBe(Math.min(...counties.map((r) => Number(r.min_living_standard))));
  });

  it('reads the same data from standard input', async () => {
    const fromFile = await runCli(['compute', file, '--format', 'csv', '--level', 'all']);
    const fromStdin = await runCli(['compute', '-', '--format', 'csv', '--level', 'all'], { input: readFileSync(file) });
    expect(fromStdin.code).toBe(0);
    expect(fromStdin.stdout).toBe(fromFile.stdout);
  });
});

describe('no value without a reason', () => {
  it('gives value null and status no_data for a zero denominator', async () => {
    const run = await runCli(['check', fixture('zero-denominator', 'submissions.csv'), '--level', 'county', '--format', 'json', '--indicator', 'beautiful_villages_pct']);
    const result = (JSON.parse(run.stdout).results as Result[]).find((r) => r.region_code === '330102')!;
    expect(result).toMatchObject({ value: null, status: 'no_data', reason: { code: 'zero_denominator' } });
    expect(run.stdout).not.toMatch(/NaN|Infinity/);
  });
});

describe('exit codes and --fail-on', () => {
  const file = fixture('binding-target-missed', 'submissions.csv');

  it('exits 1 when a binding target is due and not met, 0 with --fail-on none', async () => {
    const run = await runCli(['check', file, '--level', 'province', '--format', 'json']);
    expect(run.code).toBe(1);
    const facility = (JSON.parse(run.stdout).results as Result[]).find((r) => r.indicator === 'facility_m2_per_100_households')!;
    expect(facility).toMatchObject({ status: 'not_met', attribute: 'binding', value: 38 });
    expect((await runCli(['check', file, '--level', 'province', '--fail-on', 'none'])).code).toBe(0);
  });

  it('--fail-on any also counts expected targets', async () => {
    const only = ['--indicator', 'community_workers_per_10k_urban', '--level', 'province'];
    expect((await runCli(['check', file, ...only, '--fail-on', 'binding'])).code).toBe(0);
    expect((await runCli(['check', file, ...only, '--fail-on', 'any'])).code).toBe(1);
  });

  it('exits 2 on bad usage and on a missing file, with the file named and no stack trace', async () => {
    const missing = await runCli(['check', 'no-such-file.csv']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/^planmetrics: no-such-file\.csv: error FILE_UNREADABLE/);
    expect(missing.stderr).not.toMatch(/\bat .*\.js:\d+/);
    expect((await runCli(['check', '--level', 'galaxy'])).code).toBe(2);
    expect((await runCli(['check', '--format', 'yaml'])).code).toBe(2);
  });
});

describe('-o writes the whole file', () => {
  it('says a file it cannot write is unwritable, and what to check, with exit 2 and nothing left behind', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'planmetrics-'));
    const out = join(dir, 'no-such-folder', 'report.csv');
    const run = await runCli(['check', '--format', 'csv', '--lang', 'en', '-o', out]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`${out}: error FILE_UNWRITABLE cannot write the file (ENOENT): its folder does not exist`);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('writes the output file and nothing to stdout', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'planmetrics-'));
    const out = join(dir, 'report.csv');
    const run = await runCli(['check', '--format', 'csv', '-o', out]);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe('');
    expect(readFileSync(out, 'utf8').split('\n')[0]).toMatch(/^region_code,region_name,level,year,indicator/);
    expect(readdirSync(dir)).toEqual(['report.csv']);
  });

  it('takes the format from -o’s extension unless --format is given, in either spelling', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'planmetrics-'));
    expect((await runCli(['check', '-o', join(dir, 'r.json')])).code).toBe(0);
    expect(JSON.parse(readFileSync(join(dir, 'r.json'), 'utf8'))).toHaveProperty('results');
    expect((await runCli(['check', '--format=json', '-o', join(dir, 'r.txt')])).code).toBe(0);
    expect(JSON.parse(readFileSync(join(dir, 'r.txt'), 'utf8'))).toHaveProperty('results');
    const contradiction = await runCli(['check', '--format', 'csv', '-o', join(dir, 'r.xlsx')]);
    expect(contradiction.code).toBe(2);
    expect(existsSync(join(dir, 'r.xlsx'))).toBe(false);
  });

  it('refuses to overwrite an input file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'planmetrics-'));
    const input = join(dir, 'in.csv');
    const original = readFileSync(fixture('counties-only', 'submissions.csv'));
    writeFileSync(input, original);
    const run = await runCli(['check', input, '-o', input]);
    expect(run.code).toBe(2);
    expect(readFileSync(input)).toEqual(original);
    expect(existsSync(join(dir, 'in.csv'))).toBe(true);
  });
  it("refuses to overwrite the plan's division list, and with -o still reads the plan it names", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'planmetrics-'));
    const plan = join(dir, 'plan.yaml');
    const divisions = join(dir, 'zhejiang-divisions.csv');
    writeFileSync(plan, readFileSync(join(ROOT, 'data/zhejiang-community-services-2021-2025.yaml')));
    const original = readFileSync(join(ROOT, 'data/zhejiang-divisions.csv'));
    writeFileSync(divisions, original);
    const sample = join(ROOT, 'data/sample/zhejiang-counties.csv');
    const refused = await runCli(['compute', sample, '--plan', plan, '--format', 'csv', '-o', divisions]);
    expect(refused.code).toBe(2);
    expect(readFileSync(divisions)).toEqual(original);
    const written = await runCli(['compute', sample, '--plan', plan, '--format', 'csv', '-o', join(dir, 'out.csv')]);
    expect(written.code).toBe(0);
    expect(readFileSync(join(dir, 'out.csv'), 'utf8')).toBe((await runCli(['compute', sample, '--format', 'csv'])).stdout);
  });
});

describe('years', () => {
  it('compute reports every year by default; check the latest unless --year says otherwise', async () => {
    const years = (csv: string) => [...new Set(csv.trim().split('\n').slice(1).map((line) => line.split(',')[3]))];
    expect(years((await runCli(['compute', '--format', 'csv'])).stdout)).toEqual(['2020', '2022', '2024']);
    expect(years((await runCli(['check', '--format', 'csv'])).stdout)).toEqual(['2024']);
    expect(years((await runCli(['check', '--format', 'csv', '--year', 'all'])).stdout)).toEqual(['2020', '2022', '2024']);
    expect(years((await runCli(['check', '--format', 'csv', '--year', '2020,2022'])).stdout)).toEqual(['2020', '2022']);
  });
});
