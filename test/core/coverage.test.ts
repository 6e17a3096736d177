// Coverage by year and before verdicts (issue 16 item 2, issue 19 item 2; contract "Coverage"):
// a parent expects the children its division list has that year, children that sent nothing are
// listed, a parent built from too few of them is not judged, and a county's baseline does not
// cross a split or merge.
process.env.PLANMETRICS_CACHE_DIR = 'off';

import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { runCheck } from '../../src/commands/check.js';
import { aggregateRows } from '../../src/core/aggregate.js';
import { baselineOf } from '../../src/core/baseline.js';
import { incompleteReason } from '../../src/core/coverage.js';
import { explain } from '../../src/core/explain.js';
import { judge } from '../../src/core/judge.js';
import { projectReport } from '../../src/core/project.js';
import type { CheckReport, Plan, SubmissionRow, Verdict } from '../../src/core/types.js';
import { describeReason } from '../../src/format/messages.js';
import { loadPlan } from '../../src/io/read-plan.js';
import { row } from '../helpers/plan.js';
import { outputText } from '../helpers/output.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const SAMPLE_COUNTIES = readFileSync(`${ROOT}data/sample/zhejiang-counties.csv`, 'utf8');
const HANGZHOU_2020 = `${ROOT}test/divisions/hangzhou-counties-2020.csv`;
const JIANGSU = (name: string) => `${ROOT}test/plan/fixtures/${name}`;

function tempFile(name: string, text: string): string {
  const file = join(mkdtempSync(join(tmpdir(), 'pm-coverage-')), name);
  writeFileSync(file, text);
  return file;
}

async function check(files: string[], options: { plan?: string; level?: string; year?: string; indicator?: string[]; minCoverage?: string } = {}): Promise<CheckReport> {
  const result = await runCheck(files, { format: 'json', lang: 'en', encoding: 'auto', color: false, failOn: 'none', ...options });
  return JSON.parse(await outputText(result.output)) as CheckReport;
}

const find = (report: CheckReport, code: string): Verdict => {
  const found = report.results.find((v) => v.region_code === code);
  if (!found) throw new Error(`no verdict for ${code}`);
  return found;
};

describe('coverage before verdicts', () => {
  // Only Lishui's nine counties, from the bundled sample.
  const lines = SAMPLE_COUNTIES.trimEnd().split('\n');
  const lishui = tempFile('lishui.csv', [lines[0], ...lines.slice(1).filter((l) => l.startsWith('3311'))].join('\n'));

  it('a province with one city of eleven reporting is no_data/incomplete, with the value and coverage still given', async () => {
    const report = await check([lishui], { indicator: ['17'] });
    const province = find(report, '330000');
    expect(province).toMatchObject({ status: 'no_data', gap: null, coverage: { from: 'children', used: 1, expected: 11, childLevel: 'city' } });
    expect(province.reason).toMatchObject({ code: 'incomplete', reported: 1, expected: 11, child_level: 'city', min_coverage: 1 });
    expect(province.value).toBeGreaterThan(0);
    expect((province.reason as { message?: string }).message).toContain('only 1 of 11 city level units');
    // Lishui itself is built from all nine of its counties: judged.
    expect(find(report, '331100').status).not.toBe('no_data');
    // The ten cities that sent nothing are listed, without a value.
    const silent = report.results.filter((v) => v.level === 'city' && v.region_code !== '331100');
    expect(silent).toHaveLength(10);
    expect(silent.every((v) => v.value === null && v.status === 'no_data' && v.reason?.code === 'not_submitted')).toBe(true);
    expect(silent.map((v) => v.region_name)).toContain('宁波市');
  });

  it('--min-coverage 0 judges whatever arrived (the behaviour before), with the same value', async () => {
    const strict = find(await check([lishui], { indicator: ['17'] }), '330000');
    const loose = find(await check([lishui], { indicator: ['17'], minCoverage: '0' }), '330000');
    expect(loose.value).toBe(strict.value);
    expect(loose.status).toBe('off_track');
    expect(loose.reason ?? null).toBeNull();
    expect(loose.coverage).toMatchObject({ used: 1, expected: 11 });
  });

  it('a share between: 0.9 judges 10 of 11, not 9 of 11', () => {
    const coverage = (used: number) => ({ from: 'children' as const, used, expected: 11, childLevel: 'city' as const });
    expect(incompleteReason(coverage(10), 0.9)).toBeNull();
    expect(incompleteReason(coverage(9), 0.9)).toMatchObject({ code: 'incomplete', reported: 9, expected: 11 });
    expect(incompleteReason({ from: 'reported', used: 1, expected: 1 }, 1)).toBeNull();
    expect(incompleteReason(coverage(11))).toBeNull();
  });

  it('--min-coverage outside 0..1 is a usage error', async () => {
    await expect(check([lishui], { minCoverage: '1.5' })).rejects.toMatchObject({ diagnostics: [{ code: 'USAGE' }] });
  });

  it('the reasons read in both languages', () => {
    const reason = { code: 'incomplete', reported: 12, expected: 13, child_level: 'city', min_coverage: 1 } as const;
    expect(describeReason(reason, 'zh')).toContain('12/13');
    expect(describeReason(reason, 'en')).toContain('12 of 13');
    expect(describeReason({ code: 'not_submitted' }, 'zh')).toBe('未报送数据');
    expect(describeReason({ code: 'series_break', year: 2021 }, 'en')).toContain('2021');
  });
});

describe('a Jiangsu plan with 连云港 missing', () => {
  it('gives the province 12 of 13 cities and does not judge it; 连云港 is listed with no data', async () => {
    const report = await check([JIANGSU('jiangsu-cities-2024-no-lianyungang.csv')], { plan: JIANGSU('jiangsu-plan.yaml') });
    const province = find(report, '320000');
    expect(province.region_name).toBe('江苏省');
    expect(province.coverage).toMatchObject({ from: 'children', used: 12, expected: 13, childLevel: 'city' });
    expect(province).toMatchObject({ status: 'no_data', reason: { code: 'incomplete', reported: 12, expected: 13 } });
    expect(province.value).not.toBeNull();
    expect(find(report, '320700')).toMatchObject({ region_name: '连云港市', value: null, status: 'no_data', reason: { code: 'not_submitted' } });
  });

  it('with all 13 cities the province is judged', async () => {
    const report = await check([JIANGSU('jiangsu-cities-2024.csv')], { plan: JIANGSU('jiangsu-plan.yaml'), level: 'province' });
    expect(find(report, '320000').coverage).toMatchObject({ used: 13, expected: 13 });
    expect(find(report, '320000').status).not.toBe('no_data');
  });
});

describe('a 2020 Hangzhou county file on the 2020 codes (330103, 330104)', () => {
  const rows = parse(readFileSync(HANGZHOU_2020), { columns: true }) as Record<string, string>[];
  const sum = (field: string) => rows.reduce((s, r) => s + Number(r[field]), 0);

  it("gives 杭州市 the ratio of the sums of its 13 rows, 13 of 13 expected, judged", async () => {
    const report = await check([HANGZHOU_2020], { year: '2020', indicator: ['villages_income_500k_pct'], level: 'city' });
    const hangzhou = find(report, '330100');
    expect(rows).toHaveLength(13);
    expect(hangzhou.value).toBeCloseTo((sum('villages_income_500k') / sum('administrative_villages')) * 100, 10);
    expect(hangzhou.coverage).toMatchObject({ from: 'children', used: 13, expected: 13, childLevel: 'county' });
    expect(hangzhou.reason?.code).not.toBe('incomplete');
  });

  it('names 330103 下城区 from the division list of 2020, and lists no 2021 district as missing', async () => {
    const plan = await loadPlan();
    const field = plan.inputs.find((i) => i.id === 'administrative_villages')!.index;
    const nameless: SubmissionRow[] = rows.map((r, k) => {
      const values = new Float64Array(plan.inputs.length).fill(Number.NaN);
      values[field] = Number(r.administrative_villages);
      return { code: r.region_code!, year: 2020, values, source: { file: 'h.csv', line: k + 2 } };
    });
    const engine = aggregateRows(plan, nameless);
    expect(engine.get('330103', 2020)?.name).toBe('下城区');
    expect(engine.get('330104', 2020)?.name).toBe('江干区');
    expect(engine.get('330113', 2020)).toBeUndefined();
    const counties = engine.regions.filter((r) => r.level === 'county' && r.code.startsWith('3301'));
    expect(counties).toHaveLength(13);
  });

  it('explain leaves out none of the 2020 districts and lists no 2021 one', async () => {
    const plan = await loadPlan();
    const engine = aggregateRows(plan, rows.map((r, k) => row(plan, r.region_code!, 2020, { villages_income_500k: Number(r.villages_income_500k), administrative_villages: Number(r.administrative_villages) }, k + 2)), { keepContributors: true });
    const e = explain(plan, engine, { indicator: 'villages_income_500k_pct', region: '330100', year: 2020 });
    if ('error' in e) throw new Error(e.error);
    expect(e.contributors.map((c) => c.code)).toContain('330103');
    expect(e.contributors).toHaveLength(13);
    expect(e.left_out).toEqual([]);
  });
});

describe("a county's baseline across a change of codes", () => {
  const hangzhouOld = parse(readFileSync(HANGZHOU_2020), { columns: true }) as Record<string, string>[];
  const figures = (r: Record<string, string>) => ({ villages_income_500k: Number(r.villages_income_500k), administrative_villages: Number(r.administrative_villages) });

  it('a split or merge (上城区 2021) is a break: no baseline, the reason says so; an unchanged county keeps its own', async () => {
    const plan = await loadPlan();
    const rows = [
      ...hangzhouOld.map((r) => row(plan, r.region_code!, 2020, figures(r))),
      row(plan, '330102', 2024, { villages_income_500k: 0, administrative_villages: 20 }),
      row(plan, '330106', 2024, { villages_income_500k: 0, administrative_villages: 20 }),
    ];
    const engine = aggregateRows(plan, rows);
    const report = judge(plan, engine, { years: [2024], levels: ['county'], indicators: ['villages_income_500k_pct'], minCoverage: 0 });
    const shangcheng = report.results.find((v) => v.region_code === '330102')!;
    expect(shangcheng).toMatchObject({ baseline: null, baseline_source: null, status: 'no_data', reason: { code: 'series_break', year: 2021 } });
    const trajectories = projectReport(plan, engine, [], { year: 2024, levels: ['county'], indicators: ['villages_income_500k_pct'] }).rows;
    expect(trajectories.find((r) => r.verdict.region_code === '330102')!.no_trajectory).toEqual({ code: 'series_break', year: 2021 });
    expect(trajectories.find((r) => r.verdict.region_code === '330106')!.trajectory?.baseline.year).toBe(2020);
    const xihu = report.results.find((v) => v.region_code === '330106')!;
    expect(xihu.baseline_source).toBe('region');
    const xihu2020 = figures(hangzhouOld.find((r) => r.region_code === '330106')!);
    expect(xihu.baseline).toBeCloseTo((xihu2020.villages_income_500k / xihu2020.administrative_villages) * 100, 10);
  });

  it('figures restated on the new boundaries (the 2020 rows use 临平区 330113) keep their own baseline', async () => {
    const plan = await loadPlan();
    const rows = [
      row(plan, '330102', 2020, { villages_income_500k: 1, administrative_villages: 10 }),
      row(plan, '330113', 2020, { villages_income_500k: 1, administrative_villages: 10 }),
      row(plan, '330102', 2024, { villages_income_500k: 2, administrative_villages: 10 }),
    ];
    const engine = aggregateRows(plan, rows);
    const earlier = baselineOf(plan, engine, { code: '330102', level: 'county', year: 2024 });
    expect(earlier.brokenIn).toBeNull();
    expect(earlier.region?.code).toBe('330102');
  });

  it('a 1:1 rename (临安市 330185 → 临安区 330112, 2017) links to the old code', async () => {
    const bundled = await loadPlan();
    const plan: Plan = { ...bundled, meta: { ...bundled.meta, baseline_year: 2016 } };
    const rows = [
      row(plan, '330185', 2016, { villages_income_500k: 5, administrative_villages: 100 }),
      row(plan, '330112', 2020, { villages_income_500k: 9, administrative_villages: 100 }),
    ];
    const engine = aggregateRows(plan, rows);
    const earlier = baselineOf(plan, engine, { code: '330112', level: 'county', year: 2020 });
    expect(earlier).toMatchObject({ brokenIn: null, region: { code: '330185', name: '临安市' } });
    const verdict = judge(plan, engine, { years: [2020], levels: ['county'], indicators: ['villages_income_500k_pct'] }).results.find((v) => v.region_code === '330112')!;
    expect(verdict).toMatchObject({ baseline: 5, baseline_source: 'region' });
  });
});
