import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ROOT, runCli } from '../helpers/cli.js';

// The plan's table 主要发展指标 (the contract's data dictionary): no, id, 2020 value, 2025 target, attribute.
const HEADLINE: [string, string, number | null, number, 'binding' | 'expected'][] = [
  ['1', 'urban_rural_income_ratio', 1.96, 1.9, 'expected'],
  ['2', 'villages_income_500k_pct', 36, 60, 'expected'],
  ['3', 'min_living_standard', 9600, 13000, 'expected'],
  ['4', 'future_communities', null, 350, 'expected'],
  ['5', 'future_villages', null, 1000, 'expected'],
  ['6', 'beautiful_villages_pct', 57, 100, 'binding'],
  ['7', 'leading_rural_communities', 1067, 3000, 'expected'],
  ['8', 'barrier_free_communities', 331, 800, 'expected'],
  ['9', 'epidemic_free_pct', null, 90, 'expected'],
  ['10', 'old_compounds_renovated', null, 3000, 'expected'],
  ['11', 'smart_community_counties', 0, 11, 'binding'],
  ['12', 'residents_living_rooms', null, 500, 'expected'],
  ['13', 'commercial_area_pct', 10, 12, 'expected'],
  ['14', 'facility_m2_per_100_households', 30, 40, 'binding'],
  ['15', 'hygienic_villages_pct', 50, 90, 'expected'],
  ['16', 'childcare_slots_per_1000', 1.8, 4.5, 'expected'],
  ['17', 'community_workers_per_10k_urban', 9.8, 18, 'expected'],
  ['18', 'social_orgs_per_10k', 11.2, 11.65, 'expected'],
  ['19', 'certified_social_workers_per_10k', 17, 20, 'expected'],
  ['20', 'certified_worker_share_pct', 25, 30, 'expected'],
  ['21', 'eldercare_nurses_per_10k_elderly', 16, 25, 'expected'],
  ['22', 'gps_per_10k', 4, 5, 'expected'],
];

interface Listed {
  id: string;
  no: string;
  name: string;
  name_en: string;
  unit: string;
  formula: string;
  baseline: number | null;
  target: number;
  comparator: string;
  tolerance?: number;
  target_year: number;
  attribute: string;
  levels: string[];
}

describe('planmetrics indicators', () => {
  it('lists the 22 headline indicators with exactly the plan numbers', async () => {
    const run = await runCli(['indicators', '--format', 'json']);
    expect(run.code).toBe(0);
    const listing = JSON.parse(run.stdout) as { plan: { id: string; baseline_year: number; target_year: number }; inputs: { id: string }[]; indicators: Listed[] };
    expect(listing.plan).toMatchObject({ id: 'zj-community-services-2021-2025', baseline_year: 2020, target_year: 2025 });
    const byNo = new Map(listing.indicators.map((i) => [i.no, i]));
    for (const [no, id, baseline, target, attribute] of HEADLINE) {
      expect(byNo.get(no), `indicator ${no}`).toMatchObject({ id, baseline, target, attribute, target_year: 2025 });
    }
    expect(byNo.get('1')).toMatchObject({ comparator: '≈', tolerance: 0.05 });
    expect(byNo.get('17')!.formula).toBe('community_workers / urban_population * 10000');
    expect(byNo.get('C3.1a')).toMatchObject({ id: 'elderly_social_workers_per_500', target: 1 });
    for (const indicator of listing.indicators) {
      for (const key of ['id', 'no', 'name', 'name_en', 'unit', 'formula', 'comparator', 'attribute'] as const) expect(indicator[key], `${indicator.id}.${key}`).toBeTruthy();
      expect(indicator.levels.length).toBeGreaterThan(0);
    }
  });

  it('prints a table in both languages', async () => {
    // On a terminal wide enough for whole names (narrower ones wrap them: test/cli/fit.test.ts).
    const wide = { env: { COLUMNS: '200' } };
    expect((await runCli(['indicators'], wide)).stdout).toContain('每千人拥有婴幼儿照护设施托位数');
    expect((await runCli(['indicators', '--lang', 'en'], wide)).stdout).toContain('per 1,000');
  });
});

describe('planmetrics schema', () => {
  it('publishes the JSON Schema that data/plan.schema.json holds', async () => {
    const run = await runCli(['schema']);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual(JSON.parse(readFileSync(`${ROOT}data/plan.schema.json`, 'utf8')));
    expect(JSON.parse(run.stdout).properties.indicators.type).toBe('array');
  });
});

describe('planmetrics template', () => {
  it('writes a header of every input id, readable back as a submission', async () => {
    const run = await runCli(['template']);
    const header = run.stdout.trim().split(',');
    expect(header.slice(0, 3)).toEqual(['region_code', 'region_name', 'year']);
    const listing = JSON.parse((await runCli(['indicators', '--format', 'json'])).stdout) as { inputs: { id: string }[] };
    expect(header.slice(3)).toEqual(listing.inputs.map((i) => i.id));
  });

  it('pre-fills one row per division with --year and --level, and Chinese headers with --labels', async () => {
    const run = await runCli(['template', '--year', '2025', '--level', 'city', '--labels']);
    const lines = run.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^行政区划代码,地区名称,年份,常住人口,/);
    expect(lines).toHaveLength(12);
    expect(lines[1]).toMatch(/^330100,杭州市,2025,/);
    // the filled-in template is a valid (if empty) submission
    const back = await runCli(['compute', '-', '--level', 'city', '--format', 'csv'], { input: run.stdout });
    expect(back.code).toBe(0);
  });

});

describe('--format choices', () => {
  const choices = (help: string) => [...help.replace(/\s+/g, ' ').matchAll(/--format <name> .*?\(choices: ([^)]*?), default/g)][0]![1]!.split(', ').map((c) => c.replaceAll('"', ''));

  it('are the registries’ formats, for the report commands and for project', async () => {
    const { REPORT_FORMAT_NAMES, PROJECT_FORMAT_NAMES } = await import('../../src/format/registry.js');
    expect(choices((await runCli(['check', '--help'])).stdout)).toEqual(REPORT_FORMAT_NAMES);
    expect(choices((await runCli(['project', '--help'])).stdout)).toEqual(PROJECT_FORMAT_NAMES);
  });
});
