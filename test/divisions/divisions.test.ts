// Division lists: the built-in national list, a plan's own list read like a submission, and codes
// that are valid for some years only.
process.env.PLANMETRICS_CACHE_DIR = 'off';

import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse/sync';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { runCompute } from '../../src/commands/compute.js';
import { runValidate } from '../../src/commands/validate.js';
import { childrenOf, divisionFor, expectedChildren, regionCodeProblems, seriesLink } from '../../src/core/divisions.js';
import type { ComputeRow, Plan } from '../../src/core/types.js';
import { describeDiagnostic } from '../../src/format/messages.js';
import { loadPlanFile } from '../../src/io/plan-yaml.js';
import { builtInDivisions } from '../../src/io/read-divisions.js';
import { loadPlan } from '../../src/io/read-plan.js';
import { outputText } from '../helpers/output.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const JIANGSU_PLAN = readFileSync(`${ROOT}test/plan/fixtures/jiangsu-plan.yaml`, 'utf8');

/** A plan file in a temporary folder, with its own division list beside it. */
function planWithList(list: Buffer | string): string {
  const dir = mkdtempSync(join(tmpdir(), 'pm-div-'));
  writeFileSync(join(dir, 'list.csv'), list);
  const file = join(dir, 'plan.yaml');
  writeFileSync(file, JIANGSU_PLAN.replace('  regions: [320000]\n', '  divisions: list.csv\n'));
  return file;
}

function problemsOf(file: string): { code: string; message: string; line?: number }[] {
  try {
    const plan = loadPlanFile(file);
    return (plan.warnings ?? []).map((d) => ({ code: d.code, message: describeDiagnostic(d, 'en'), line: d.line }));
  } catch (error) {
    return (error as { diagnostics: Parameters<typeof describeDiagnostic>[0][] }).diagnostics.map((d) => ({ code: d.code, message: describeDiagnostic(d, 'en'), line: d.line }));
  }
}

const NANJING_HEAD = ['行政区划代码,名称,级别,上级代码', '320000,江苏省,省,', '320100,南京市,市,320000'];

describe('the built-in national list', () => {
  const divisions = builtInDivisions();

  it('has every province, and Jiangsu its 13 cities and 95 county-level units', () => {
    expect(divisions.filter((d) => d.level === 'province')).toHaveLength(31);
    expect(divisions.filter((d) => d.parent_code === '320000').map((d) => d.name)).toContain('连云港市');
    expect(divisions.filter((d) => d.parent_code === '320000')).toHaveLength(13);
    expect(divisions.filter((d) => d.code.startsWith('32') && d.level === 'county')).toHaveLength(95);
  });

  it("agrees with the bundled Zhejiang list, code for code and name for name", () => {
    const zhejiang = parse(readFileSync(`${ROOT}data/zhejiang-divisions.csv`), { columns: true }) as { code: string; name: string; level: string; parent_code: string }[];
    const builtIn = divisions.filter((d) => d.code.startsWith('33'));
    expect(builtIn.map((d) => [d.code, d.name, d.level, d.parent_code ?? ''])).toEqual(
      zhejiang.map((d) => [d.code, d.name, d.level, d.parent_code]).sort((a, b) => a[0]!.localeCompare(b[0]!)),
    );
  });
});

describe("a plan's own division list", () => {
  it('is read from GB18030 with Chinese headers and levels 省/市/县', () => {
    const text = [...NANJING_HEAD, ...['320102,玄武区', '320104,秦淮区', '320105,建邺区', '320106,鼓楼区', '320111,浦口区', '320113,栖霞区', '320114,雨花台区', '320115,江宁区', '320116,六合区', '320117,溧水区', '320118,高淳区'].map((r) => `${r},县,320100`)].join('\r\n');
    const plan = loadPlanFile(planWithList(iconv.encode(text, 'gb18030')));
    expect(plan.divisions!.map((d) => d.name).slice(0, 3)).toEqual(['江苏省', '南京市', '玄武区']);
    expect(plan.divisions!.find((d) => d.code === '320102')).toMatchObject({ level: 'county', parent_code: '320100' });
    // Nanjing alone: its 11 districts are all there, but it is 1 of Jiangsu's 13 cities.
    expect((plan.warnings ?? []).map((d) => [d.code, d.region, d.args.listed, d.args.expected])).toEqual([['DIVISIONS_PARTIAL', '320000', 1, 13]]);
  });

  it('warns when it covers part of a parent, saying how much', () => {
    const text = [...NANJING_HEAD, '320102,玄武区,县,320100', '320104,秦淮区,县,320100', '320105,建邺区,县,320100', '320106,鼓楼区,县,320100'].join('\n');
    const found = problemsOf(planWithList(text)).find((p) => p.message.includes('南京市'));
    expect(found!.code).toBe('DIVISIONS_PARTIAL');
    expect(found!.message).toContain('4 of the 11');
    expect(found!.message).toContain('浦口区 320111');
  });

  it('rejects a wrong parent_code, a level that disagrees with the code, and a missing parent', () => {
    const text = ['code,name,level,parent_code', '320000,江苏省,province,', '320100,南京市,city,320000', '320102,玄武区,county,320200', '320104,秦淮区,city,320100', '320205,锡山区,county,320200'].join('\n');
    const found = problemsOf(planWithList(text)).filter((p) => p.code !== 'DIVISIONS_PARTIAL');
    expect(found.map((p) => [p.code, p.line])).toEqual([
      ['DIVISION_PARENT', 4],
      ['DIVISION_LEVEL', 5],
      ['DIVISION_PARENT', 6],
    ]);
    expect(found[0]!.message).toContain('under 320100');
    expect(found[2]!.message).toContain('320200');
  });
});

const plan: Plan = await loadPlan();

describe('codes over time (Hangzhou 2021)', () => {
  it('knows 330103 下城区 in 2020, under 杭州市, and not in 2024', () => {
    expect(divisionFor(plan, '330103', 2020)).toMatchObject({ name: '下城区', level: 'county', parent_code: '330100', valid_to: 2020 });
    expect(divisionFor(plan, '330103', 2024)).toBeNull();
    expect(divisionFor(plan, '330105', 2024)?.name).toBe('拱墅区');
  });

  it('names the successor of a code used after it was abolished', () => {
    const [problem] = regionCodeProblems(plan, '330103', 2024, { region: '330103', year: 2024 });
    expect(problem!.code).toBe('REGION_ABOLISHED');
    expect(describeDiagnostic(problem!, 'zh')).toContain('拱墅区 330105');
    expect(describeDiagnostic(regionCodeProblems(plan, '330104', 2022, {})[0]!, 'en')).toContain('上城区 330102, 钱塘区 330114');
    expect(regionCodeProblems(plan, '330104', 2020, {})).toEqual([]);
  });

  it("expects Hangzhou's 2020 districts in 2020 and today's in 2024, unless 2020 figures are restated", () => {
    const old = expectedChildren(plan, '330100', 2020, new Set(['330103', '330104']));
    expect(old).toHaveLength(13);
    expect(old).toEqual(expect.arrayContaining(['330103', '330104']));
    expect(old).not.toContain('330113');
    const restated = expectedChildren(plan, '330100', 2020, new Set(['330113']));
    expect(restated).toContain('330113');
    expect(restated).not.toContain('330103');
    expect(childrenOf(plan, '330100', 2024).map((d) => d.code)).not.toContain('330103');
  });

  it('links a 1:1 rename across a change and breaks a series at a split, merge or new boundary', () => {
    expect(seriesLink(plan, '330112', 2016, 2024)).toEqual({ kind: 'renamed', code: '330185' });
    expect(seriesLink(plan, '330113', 2020, 2024)).toEqual({ kind: 'break', year: 2021 });
    expect(seriesLink(plan, '330102', 2020, 2024)).toEqual({ kind: 'break', year: 2021 });
    expect(seriesLink(plan, '330106', 2020, 2024)).toEqual({ kind: 'same' });
    expect(seriesLink(plan, '330102', 2021, 2024)).toEqual({ kind: 'same' });
  });

  it("gives 杭州市's 2020 value from a 2020 county file with 330103 and 330104 as the ratio of the sums", async () => {
    const file = `${ROOT}test/divisions/hangzhou-counties-2020.csv`;
    const rows = parse(readFileSync(file), { columns: true }) as Record<string, string>[];
    expect(rows.map((r) => r.region_code)).toEqual(expect.arrayContaining(['330103', '330104']));
    const sum = (field: string) => rows.reduce((s, r) => s + Number(r[field]), 0);
    const result = await runCompute([file], { format: 'json', lang: 'zh', encoding: 'auto', color: false, region: ['330100'], indicator: ['villages_income_500k_pct'], year: '2020' });
    const report = JSON.parse(await outputText(result.output)) as { rows: ComputeRow[] };
    expect(report.rows).toHaveLength(1);
    expect(report.rows[0]!.values.villages_income_500k_pct).toBeCloseTo((sum('villages_income_500k') / sum('administrative_villages')) * 100, 10);
    expect(report.rows[0]!.coverage.villages_income_500k_pct).toMatchObject({ used: 13 });
  });
});

describe('a list that is partial on purpose', () => {
  // Jiangsu's 13 cities all listed, but seven of them with one county each: seven DIVISIONS_PARTIAL.
  const jiangsu = builtInDivisions(new Set(['320000']));
  const cities = jiangsu.filter((d) => d.level === 'city');
  const oneCountyOf = cities.slice(0, 7).map((city) => jiangsu.find((d) => d.parent_code === city.code)!);
  const list = ['code,name,level,parent_code', ...[jiangsu[0]!, ...cities, ...oneCountyOf].map((d) => `${d.code},${d.name},${d.level},${d.parent_code ?? ''}`)].join('\n');
  const cityData = fileURLToPath(new URL('../plan/fixtures/jiangsu-cities-2024.csv', import.meta.url));

  it('shows the first five on stderr, then one warning that counts the rest and says how to see them', async () => {
    const plan = planWithList(list);
    const result = await runCompute([cityData], { plan, format: 'csv', lang: 'en', encoding: 'auto', color: false, level: 'city' });
    const codes = result.warnings.map((d) => d.code);
    expect(codes.filter((code) => code === 'DIVISIONS_PARTIAL')).toHaveLength(5);
    const more = result.warnings.find((d) => d.code === 'DIVISIONS_PARTIAL_MORE')!;
    expect(codes.indexOf('DIVISIONS_PARTIAL_MORE')).toBe(codes.lastIndexOf('DIVISIONS_PARTIAL') + 1);
    expect(describeDiagnostic(more, 'en')).toBe(`and 2 more regions whose children the division list names only in part, not shown: run planmetrics validate --plan ${plan} to see them all`);
    expect(describeDiagnostic(more, 'zh')).toContain(`另有 2 个地区`);
    // A path a shell would split is quoted, so that the command can be copied as it is.
    const spaced = { ...more, args: { ...more.args, plan: "/tmp/my plans/it's.yaml" } };
    expect(describeDiagnostic(spaced, 'en')).toContain(`--plan '/tmp/my plans/it'\\''s.yaml' to see`);
  });

  it('leaves all seven to validate', async () => {
    const plan = planWithList(list);
    const result = await runValidate([], { plan, format: 'json', lang: 'en', encoding: 'auto' });
    const report = JSON.parse(await outputText(result.output)) as { diagnostics: { code: string }[] };
    expect(report.diagnostics.filter((d) => d.code === 'DIVISIONS_PARTIAL')).toHaveLength(7);
    expect(report.diagnostics.some((d) => d.code === 'DIVISIONS_PARTIAL_MORE')).toBe(false);
  });
});
