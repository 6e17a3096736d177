// End-to-end: the built CLI (npm test builds first) on fixtures/project and the bundled sample.

import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { PROJECT_FORMAT_NAMES } from '../../src/format/project/index.js';
import { fixture, ROOT, runCli } from '../helpers/cli.js';

const SAMPLE = ['data/sample/zhejiang-cities.csv', 'data/sample/zhejiang-counties.csv'].map((p) => join(ROOT, p));
const counties: Record<string, string>[] = parse(readFileSync(SAMPLE[1]!), { columns: true, bom: true });
const lishui2024 = counties.filter((r) => r.region_code!.startsWith('3311') && r.year === '2024');
const sum = (rows: Record<string, string>[], field: string) => rows.reduce((s, r) => s + Number(r[field]), 0);

interface Result {
  region_code: string;
  indicator: string;
  value: number | null;
  status: string;
  trajectory: { method: string; growth_actual: number; growth_required: number; ratio: number; progress: string; expected: number; projected: number; reached_year: number | null } | null;
  scenarios: Record<string, { value: number | null; status: string }>;
}

async function json(args: string[]): Promise<{ results: Result[]; [key: string]: unknown }> {
  const run = await runCli([...args, '--format', 'json']);
  expect(run.stderr).toBe('');
  expect(run.code).toBe(0);
  expect(run.stdout).not.toMatch(/NaN|Infinity/);
  return JSON.parse(run.stdout);
}

describe('planmetrics project: the worked example', () => {
  const file = fixture('project', 'worked-example', 'submissions.csv');

  it('pins CAGR_a ≈ 10.16%, CAGR_r ≈ 12.93%, R ≈ 0.786, expected(2023) = 14.72, projected 2025 ≈ 15.90', async () => {
    const { results } = await json(['project', file, '--indicator', '17', '--level', 'city']);
    // The other ten cities of the division list sent nothing: listed, without a value.
    expect(results.filter((r) => r.value !== null).map((r) => r.region_code)).toEqual(['330100']);
    expect(results).toHaveLength(11);
    const t = results.find((r) => r.region_code === '330100')!.trajectory!;
    expect(t.method).toBe('cagr');
    expect(t.growth_actual).toBeCloseTo(0.1016, 4);
    expect(t.growth_required).toBeCloseTo(0.1293, 4);
    expect(t.ratio).toBeCloseTo(0.786, 3);
    expect(t.progress).toBe('acceleration_needed');
    expect(t.expected).toBeCloseTo(14.72, 10);
    expect(t.projected).toBeCloseTo(15.9, 2);
    expect(t.reached_year).toBe(2027);
  });

  it('shows them in the table, with the bar', async () => {
    const run = await runCli(['project', file, '--detail', '--indicator', '17', '--level', 'city', '--lang', 'en'], { env: { COLUMNS: '200' } });
    expect(run.code).toBe(0);
    const line = run.stdout.split('\n').find((l) => l.includes('330100'))!;
    expect(line).toContain('10.16% / 12.93%');
    expect(line).toContain('progress, acceleration needed');
    expect(line).toContain('15.9');
    expect(line).toContain('████······ 40%'); // (13.1 − 9.8) / (18 − 9.8) = 40%
  });
});

describe('planmetrics project on the bundled sample', () => {
  it('gives every judged row check\'s value and status, and a trajectory', async () => {
    const projected = await json(['project', '--level', 'province,city']);
    const checked = await json(['check', '--level', 'province,city']);
    const judged = checked.results.filter((r) => r.status !== 'not_applicable');
    expect(projected.results.map((r) => [r.region_code, r.indicator, r.value, r.status])).toEqual(judged.map((r) => [r.region_code, r.indicator, r.value, r.status]));
    const withTrajectory = projected.results.filter((r) => r.trajectory);
    expect(withTrajectory.length).toBeGreaterThan(projected.results.length * 0.9);
  });

  it('writes csv and markdown too', async () => {
    const csv = await runCli(['project', '--indicator', '17', '--format', 'csv']);
    const rows: Record<string, string>[] = parse(csv.stdout, { columns: true });
    expect(rows).toHaveLength(12);
    expect(Object.keys(rows[0]!)).toEqual(expect.arrayContaining(['growth_actual', 'ratio', 'progress', 'projected', 'reached_year']));
    const md = await runCli(['project', '--indicator', '17', '--format', 'markdown']);
    expect(md.stdout).toMatch(/^### 17 /m);
    expect(md.stdout).toContain('|---|---:|');
  });
});

describe('what-if', () => {
  it('--set with --region changes that region\'s input and recomputes value and status', async () => {
    const { results, scenarios } = await json(['project', '--set', 'community_workers=+500', '--region', '331100', '--indicator', '17']);
    expect(scenarios).toEqual([{ name: '--set', changes: [{ field: 'community_workers', change: '+500', region: '331100', year: null }], notes: [] }]);
    const lishui = results.find((r) => r.region_code === '331100')!;
    expect(lishui.value).toBeCloseTo((sum(lishui2024, 'community_workers') / sum(lishui2024, 'urban_population')) * 10000, 10);
    expect(lishui.scenarios['--set']!.value).toBeCloseTo(((sum(lishui2024, 'community_workers') + 500) / sum(lishui2024, 'urban_population')) * 10000, 10);
    expect(lishui.status).toBe('off_track');
    expect(lishui.scenarios['--set']!.status).toBe('met');
  });

  it('--scenario puts each named scenario beside the data as is', async () => {
    const run = await runCli(['project', '--scenario', fixture('project', 'scenarios.yaml'), '--indicator', '16,17', '--format', 'csv']);
    expect(run.code).toBe(0);
    const rows: Record<string, string>[] = parse(run.stdout, { columns: true });
    const header = Object.keys(rows[0]!);
    expect(header).toEqual(expect.arrayContaining(['more-childcare:value', 'more-childcare:status', 'lishui-workers:value', 'lishui-workers:status']));
    const childcare = rows.find((r) => r.indicator === 'childcare_slots_per_1000' && r.region_code === '330000')!;
    expect(Number(childcare['more-childcare:value'])).toBeCloseTo(Number(childcare.value) * 1.1, 3);
    // the scenario scoped to Lishui leaves Ningbo alone
    const ningbo = rows.find((r) => r.indicator === 'community_workers_per_10k_urban' && r.region_code === '330200')!;
    expect(ningbo['lishui-workers:value']).toBe(ningbo.value);
  });

  it('rejects a bad scenario file with every problem on its line, and writes nothing', async () => {
    const run = await runCli(['project', '--scenario', fixture('project', 'scenarios-invalid.yaml')]);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    const lines = run.stderr.trim().split('\n');
    expect(lines.map((l) => /scenarios-invalid\.yaml:(\d+):\d+: error USAGE/.exec(l)?.[1])).toEqual(['4', '5', '6', '6', '7']);
    expect(run.stderr).not.toMatch(/\bat .*\.js:\d+/);
  });

  it('rejects a bad --set', async () => {
    const run = await runCli(['project', '--set', 'community_workers=5%', '--lang', 'en']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('+5% or -5%');
  });
});

describe('target allocation', () => {
  it('splits 350 future communities among the 11 cities by population, and check judges each city against its quota', async () => {
    const run = await runCli(['project', '--allocate', 'future_communities', '--by', 'resident_population', '--lang', 'en']);
    expect(run.code).toBe(0);
    const fragment = run.stdout.split('\n').find((l) => l.startsWith('quotas: {'))!;
    const quotas: Record<string, number> = JSON.parse(fragment.slice('quotas: '.length).replace(/(\d+)\s*}$/, '$1}'));
    expect(Object.keys(quotas)).toHaveLength(11);
    expect(Object.values(quotas).reduce((a, b) => a + b, 0)).toBe(350);

    const dir = mkdtempSync(join(tmpdir(), 'planmetrics-quota-'));
    const plan = readFileSync(join(ROOT, 'data/zhejiang-community-services-2021-2025.yaml'), 'utf8').split('\n');
    const at = plan.findIndex((l, i) => i > plan.indexOf('indicators:') && l === '  - id: future_communities');
    plan.splice(at + 1, 0, `    ${fragment}`);
    writeFileSync(join(dir, 'plan.yaml'), plan.join('\n'));
    copyFileSync(join(ROOT, 'data/zhejiang-divisions.csv'), join(dir, 'zhejiang-divisions.csv'));

    const checked = await json(['check', ...SAMPLE, '--plan', join(dir, 'plan.yaml'), '--indicator', 'future_communities', '--level', 'city']);
    expect(checked.results).toHaveLength(11);
    for (const r of checked.results as unknown as { region_code: string; target: number; target_source: string; status: string }[]) {
      expect(r).toMatchObject({ target: quotas[r.region_code], target_source: 'quota' });
      expect(r.status).not.toBe('not_applicable');
    }
  });

  it('refuses --allocate without --by, and a ratio', async () => {
    expect((await runCli(['project', '--allocate', 'future_communities'])).code).toBe(2);
    const ratio = await runCli(['project', '--allocate', '17', '--by', 'resident_population']);
    expect(ratio.code).toBe(2);
    expect(ratio.stderr).toContain('count target');
  });
});

describe('planmetrics explain', () => {
  it('lists every county of a city built from counties, and their inputs reproduce the city value', async () => {
    const run = await runCli(['explain', '17', '--region', '331100', '--format', 'json']);
    expect(run.code).toBe(0);
    const e = JSON.parse(run.stdout) as { value: number; from: string; contributors: { region_code: string; inputs: Record<string, number> }[]; verdict: { status: string } };
    expect(e.from).toBe('children');
    expect(e.contributors.map((c) => c.region_code)).toEqual(lishui2024.map((r) => r.region_code).sort());
    for (const c of e.contributors) {
      const county = lishui2024.find((r) => r.region_code === c.region_code)!;
      expect(c.inputs).toEqual({ urban_population: Number(county.urban_population), community_workers: Number(county.community_workers) });
    }
    const workers = e.contributors.reduce((s, c) => s + c.inputs.community_workers!, 0);
    const urban = e.contributors.reduce((s, c) => s + c.inputs.urban_population!, 0);
    expect((workers / urban) * 10000).toBeCloseTo(e.value, 12);
  });

  it('prints the formula with the numbers put in', async () => {
    const run = await runCli(['explain', 'community_workers_per_10k_urban', '--region', '331100', '--lang', 'en']);
    expect(run.code).toBe(0);
    const workers = sum(lishui2024, 'community_workers');
    const urban = sum(lishui2024, 'urban_population');
    expect(run.stdout).toContain(`With the numbers: ${workers} / ${urban} * 10000 = `);
    expect(run.stdout).toContain('9 of 9 counties');
    expect(run.stdout).toMatch(/Verdict .*target ≥18 \(2025\)/);
  });

  it('needs exactly one --region', async () => {
    const run = await runCli(['explain', '17']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--region');
  });
});

it('the CLI offers exactly the project formats', async () => {
  const run = await runCli(['project', '--help']);
  const choices = /--format <name>[\s\S]*?\(choices: ([^)]*?), default/.exec(run.stdout)![1]!;
  expect(choices.split(/,\s+/).map((c) => JSON.parse(c))).toEqual(PROJECT_FORMAT_NAMES);
});
