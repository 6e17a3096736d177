// A second plan (the national one) runs through the same code: nothing is tied to Zhejiang.

import { describe, expect, it } from 'vitest';
import { fixture, runCli } from '../helpers/cli.js';
import { NATIONAL_PLAN } from './run.js';

interface Result {
  region_code: string;
  indicator: string;
  value: number | null;
  baseline: number | null;
  baseline_source: string | null;
  expected: number | null;
  status: string;
  needed: { field: string; amount: number } | null;
}

const PROVINCES = fixture('national', 'provinces.csv');

async function checkJson(...extra: string[]): Promise<{ code: number; stderr: string; results: Result[]; summary: Record<string, number> }> {
  const run = await runCli(['check', '--plan', NATIONAL_PLAN, PROVINCES, '--format', 'json', ...extra]);
  const parsed = run.stdout === '' ? { results: [], summary: {} } : JSON.parse(run.stdout);
  return { code: run.code, stderr: run.stderr, results: parsed.results, summary: parsed.summary };
}

function find(results: Result[], region: string, indicator: string): Result {
  const result = results.find((r) => r.region_code === region && r.indicator === indicator);
  if (!result) throw new Error(`no result for ${region} ${indicator}`);
  return result;
}

describe('the national plan file', () => {
  it('declares the four confirmed targets, with baselines only where the reference gives them', async () => {
    const run = await runCli(['indicators', '--plan', NATIONAL_PLAN, '--format', 'json']);
    expect(run.code).toBe(0);
    const { plan, indicators } = JSON.parse(run.stdout);
    expect(plan.id).toBe('cn-community-services-2021-2025');
    const byId = Object.fromEntries(indicators.map((i: { id: string }) => [i.id, i]));
    expect(Object.keys(byId)).toEqual([
      'urban_facility_coverage_pct',
      'rural_facility_coverage_pct',
      'facility_m2_per_100_households',
      'community_workers_per_10k_urban',
    ]);
    expect([byId.urban_facility_coverage_pct.target, byId.urban_facility_coverage_pct.baseline]).toEqual([100, 100]);
    expect([byId.rural_facility_coverage_pct.target, byId.rural_facility_coverage_pct.baseline]).toEqual([80, 65.7]);
    expect([byId.facility_m2_per_100_households.target, byId.facility_m2_per_100_households.baseline]).toEqual([30, null]);
    expect([byId.community_workers_per_10k_urban.target, byId.community_workers_per_10k_urban.baseline]).toEqual([18, null]);
  });
});

describe('check --plan <national plan> on three provinces', () => {
  it('judges every indicator in 2025 (the latest year): 8 met, 4 not met, exit 0 (no binding target)', async () => {
    const { code, stderr, results, summary } = await checkJson();
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(results).toHaveLength(12);
    expect(summary).toMatchObject({ met: 8, not_met: 4, no_data: 0 });
    const notMet = results.filter((r) => r.status === 'not_met').map((r) => `${r.region_code} ${r.indicator}`).sort();
    expect(notMet).toEqual([
      '420000 facility_m2_per_100_households',
      '420000 urban_facility_coverage_pct',
      '430000 community_workers_per_10k_urban',
      '430000 rural_facility_coverage_pct',
    ]);
  });

  it('computes the ratios from the inputs and the amount that closes each gap', async () => {
    const { results } = await checkJson();
    expect(find(results, '420000', 'urban_facility_coverage_pct').value).toBeCloseTo((3090 / 3100) * 100, 10);
    expect(find(results, '430000', 'rural_facility_coverage_pct').value).toBeCloseTo(75, 10);
    expect(find(results, '330000', 'facility_m2_per_100_households').value).toBeCloseTo((9_000_000 / 25_500_000) * 100, 10);
    // 15 per 10,000 of 40,000,000 urban residents; 18 needs 72,000 workers: 12,000 more.
    expect(find(results, '430000', 'community_workers_per_10k_urban').needed).toEqual({ field: 'community_workers', amount: 12000 });
    // 80% of 24,000 villages is 19,200; 18,000 have a facility.
    expect(find(results, '430000', 'rural_facility_coverage_pct').needed).toEqual({ field: 'villages_with_facility', amount: 1200 });
  });

  it('before the target year, measures progress from each province’s own 2020 row', async () => {
    const { results } = await checkJson('--year', '2024');
    const hunanWorkers = find(results, '430000', 'community_workers_per_10k_urban');
    expect(hunanWorkers.baseline_source).toBe('region');
    expect(hunanWorkers.baseline).toBeCloseTo((45_000 / 39_000_000) * 10000, 10);
    const expected = hunanWorkers.baseline! + ((18 - hunanWorkers.baseline!) * 4) / 5;
    expect(hunanWorkers.expected).toBeCloseTo(expected, 10);
    expect(hunanWorkers.status).toBe('off_track');
    expect(find(results, '330000', 'community_workers_per_10k_urban').status).toBe('met');
  });

  it('renders the national plan as an HTML report with one chart per indicator', async () => {
    const run = await runCli(['check', '--plan', NATIONAL_PLAN, PROVINCES, '--format', 'html', '--lang', 'en']);
    expect(run.code).toBe(0);
    expect(run.stdout.match(/<svg class="bars"/g)).toHaveLength(4);
    expect(run.stdout).toContain('National Plan for Urban-Rural Community Service Systems');
    expect(run.stdout).toContain('cn-community-services-2021-2025');
    expect(run.stdout).not.toContain('zj-community-services');
  });

  it('refuses the bundled Zhejiang sample with the national plan instead of mixing them', async () => {
    const run = await runCli(['check', '--plan', NATIONAL_PLAN, '--lang', 'en']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('bundled sample');
  });
});
