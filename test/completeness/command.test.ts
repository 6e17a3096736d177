import stringWidth from 'string-width';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCompleteness, type CompletenessOptions } from '../../src/commands/completeness.js';
import type { CompletenessReport } from '../../src/core/completeness.js';
import { PlanmetricsError } from '../../src/core/diagnostics.js';
import { counties, writeCountyFixture } from './fixture.js';

function options(extra: Partial<CompletenessOptions> = {}): CompletenessOptions {
  return { format: 'table', lang: 'zh', encoding: 'auto', color: false, width: 120, ...extra };
}

function widest(text: string): number {
  return Math.max(...text.split('\n').map((line) => stringWidth(line)));
}

async function usageProblem(files: string[], extra: Partial<CompletenessOptions>) {
  const error = await runCompleteness(files, options(extra)).then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(PlanmetricsError);
  return (error as PlanmetricsError).diagnostics;
}

describe('completeness on 90 counties, two absent and one with a blank', () => {
  let file: string;
  beforeAll(() => {
    file = writeCountyFixture({ absent: ['330106', '331123'], blank: { '330381': ['childcare_slots'] } });
  });

  it('the fixture has the division list’s 90 counties', () => {
    expect(counties()).toHaveLength(90);
  });

  it('JSON: exactly the two absent, 瑞安市 partial with what it blocks, and the summary', async () => {
    const result = await runCompleteness([file], options({ format: 'json' }));
    expect(result.exitCode).toBe(1);
    const report = JSON.parse(result.output as string) as CompletenessReport;
    expect(report.plan).toEqual({ id: 'zj-community-services-2021-2025' });
    expect(report.level).toBe('county');
    expect(report.years).toEqual([2024]);
    expect(report.regions).toHaveLength(90);
    expect(report.regions.filter((r) => !r.submitted).map((r) => r.region_code)).toEqual(['330106', '331123']);
    const ruian = report.regions.find((r) => r.region_code === '330381')!;
    expect(ruian).toMatchObject({ region_name: '瑞安市', parent_code: '330300', year: 2024, submitted: true, missing_fields: ['childcare_slots'] });
    expect(ruian.indicators_blocked).toContain('childcare_slots_per_1000');
    // 温州市 and the province are built from counties here, so they lose the indicator too.
    expect(ruian.blocks_parents.map((p) => `${p.region_code} ${p.region_name}`)).toEqual(['330300 温州市', '330000 浙江省']);
    expect(ruian.blocks_parents[0]!.indicators).toContain('childcare_slots_per_1000');
    expect(report.summary).toEqual({ expected: 90, complete: 87, partial: 1, absent: 2 });
    // absent first, then partial, then complete
    expect(report.regions.slice(0, 3).map((r) => r.region_code)).toEqual(['330106', '331123', '330381']);
    expect(report.regions.slice(3).every((r) => r.submitted && r.missing_fields.length === 0 && r.indicators_blocked.length === 0)).toBe(true);
    const hangzhou = report.by_parent.find((p) => p.region_code === '330100')!;
    expect(hangzhou).toMatchObject({ expected: 13, complete: 12, partial: 0, absent: 1 });
    expect(report.by_parent.reduce((sum, p) => sum + p.expected, 0)).toBe(90);
  });

  it('table: names 西湖区, 遂昌县 and 瑞安市 and fits 120 columns', async () => {
    const result = await runCompleteness([file], options());
    const text = result.output as string;
    for (const name of ['西湖区', '遂昌县', '瑞安市', '婴幼儿照护设施托位数']) expect(text).toContain(name);
    expect(text.indexOf('瑞安市')).toBeLessThan(text.indexOf('按上级汇总'));
    expect(widest(text)).toBeLessThanOrEqual(120);
  });

  it('stderr says what is missing', async () => {
    const result = await runCompleteness([file], options({ lang: 'en' }));
    const codes = result.warnings.map((d) => [d.code, d.region]);
    expect(codes).toEqual([
      ['SUBMISSION_ABSENT', '330106'],
      ['SUBMISSION_ABSENT', '331123'],
      ['SUBMISSION_PARTIAL', '330381'],
    ]);
    expect(result.warnings[2]!.args.fields).toBe('childcare_slots');
  });

  it('CSV: a chase list, one row per absent region and per blank field, with the Chinese label', async () => {
    const result = await runCompleteness([file], options({ format: 'csv' }));
    const lines = (result.output as string).trim().split('\n');
    expect(lines[0]).toBe('region_code,region_name,parent_code,parent_name,year,status,field,label,indicators_blocked,note');
    expect(lines.slice(1)).toHaveLength(3);
    expect(lines[1]).toBe('330106,西湖区,330100,杭州市,2024,absent,,,,未报送任何数据');
    expect(lines[3]).toMatch(/^330381,瑞安市,330300,温州市,2024,partial,childcare_slots,婴幼儿照护设施托位数,.*childcare_slots_per_1000/);
  });

  it('markdown: the gaps and the parents', async () => {
    const result = await runCompleteness([file], options({ format: 'markdown', lang: 'en' }));
    const text = result.output as string;
    expect(text).toContain('| 330106 西湖区 | 杭州市 | 2024 | not submitted | nothing arrived |');
    expect(text).toContain('childcare_slots_per_1000');
    expect(text).toMatch(/\| 330100 杭州市 \| 2024 \| 13 \| 12 \| 0 \| 1 \| 92\.3% \|/);
  });

  it('--region selects the counties under a city', async () => {
    const result = await runCompleteness([file], options({ format: 'json', region: ['330300'] }));
    const report = JSON.parse(result.output as string) as CompletenessReport;
    expect(report.summary).toEqual({ expected: 12, complete: 11, partial: 1, absent: 0 });
    expect(result.exitCode).toBe(1);
  });
});

describe('completeness when every county reported everything', () => {
  it('exits 0 with nothing on stderr', async () => {
    const file = writeCountyFixture();
    const result = await runCompleteness([file], options({ format: 'json' }));
    expect(result.exitCode).toBe(0);
    expect(result.warnings).toEqual([]);
    expect((JSON.parse(result.output as string) as CompletenessReport).summary).toEqual({ expected: 90, complete: 90, partial: 0, absent: 0 });
  });
});

describe('completeness on the bundled sample', () => {
  it('defaults to counties in the latest year; the table is readable and fits 120 columns', async () => {
    const result = await runCompleteness([], options());
    const text = result.output as string;
    expect(result.exitCode).toBe(1);
    expect(text.split('\n')[0]).toBe('报送完整性：县(市、区)，2024 年');
    expect(text).toContain('宁波市（10）：330203 海曙区');
    expect(widest(text)).toBeLessThanOrEqual(120);
    const english = (await runCompleteness([], options({ lang: 'en' }))).output as string;
    expect(widest(english)).toBeLessThanOrEqual(120);
  });

  it('stderr stops after 20 regions and counts the rest', async () => {
    const result = await runCompleteness([], options());
    expect(result.warnings).toHaveLength(21);
    expect(result.warnings[20]).toMatchObject({ code: 'SUBMISSIONS_MORE', args: { count: 48 } });
  });

  it('at city level, 杭州市 and 丽水市 count as arrived: built from all their counties', async () => {
    const result = await runCompleteness([], options({ format: 'json', level: 'city' }));
    const report = JSON.parse(result.output as string) as CompletenessReport;
    const hangzhou = report.regions.find((r) => r.region_code === '330100')!;
    expect(hangzhou).toMatchObject({ submitted: true, children: { arrived: 13, expected: 13, child_level: 'county' } });
    expect(report.summary.absent).toBe(0);
  });
});

describe('bad input is a usage error naming the closest matches', () => {
  it('an unknown region', async () => {
    const [problem] = await usageProblem([], { region: ['330107'] });
    expect(problem).toMatchObject({ code: 'FILTER_UNKNOWN', args: { option: '--region', value: '330107' } });
    expect(String(problem!.args.suggestions)).toContain('330106 西湖区');
  });

  it('a year not in the data', async () => {
    const [problem] = await usageProblem([], { year: '2023' });
    expect(problem).toMatchObject({ code: 'FILTER_UNKNOWN', args: { option: '--year', value: '2023', suggestions: '2022, 2024, 2020' } });
  });

  it('an unknown level, and one the division list does not have', async () => {
    const [unknown] = await usageProblem([], { level: 'countie' });
    expect(unknown).toMatchObject({ code: 'FILTER_UNKNOWN', args: { option: '--level', kind: 'not_a_level' } });
    expect(String(unknown!.args.suggestions).split(', ')[0]).toBe('county');
    const [unlisted] = await usageProblem([], { level: 'township' });
    expect(unlisted).toMatchObject({ args: { kind: 'level_not_in_divisions', suggestions: 'province, city, county' } });
  });

  it('a region below the level asked, and every problem at once', async () => {
    const problems = await usageProblem([], { level: 'city', region: ['330106', '999999'], year: '1999' });
    expect(problems.map((d) => d.args.kind)).toEqual(['not_in_data', 'below_level', 'not_in_divisions']);
    expect(problems[1]!.args.suggestions).toBe('330100 杭州市');
  });

  it('options it does not take', async () => {
    await usageProblem([], { indicator: ['childcare_slots_per_1000'] });
    await usageProblem([], { minCoverage: '1.5' });
    await usageProblem([], { format: 'html' });
  });
});

describe('the pointer check’s table footer will print', () => {
  it('names the command in both languages', async () => {
    const { completenessPointer } = await import('../../src/format/messages.js');
    expect(completenessPointer('zh')).toContain('planmetrics completeness');
    expect(completenessPointer('en')).toContain('`planmetrics completeness`');
  });
});

describe('a year before a division change is judged on that year’s list', () => {
  // Hangzhou in 2020, on its 2020 codes: 下城区 330103 and 江干区 330104 still there, 临平区 330113
  // and 钱塘区 330114 not yet (created 2021). The city's children are that year's thirteen.
  const CODES_2020 = ['330102', '330103', '330104', '330105', '330106', '330108', '330109', '330110', '330111', '330112', '330122', '330127', '330182'];
  let file: string;
  beforeAll(() => {
    file = writeCountyFixture({ codes: CODES_2020, year: '2020' });
  });

  it('Hangzhou arrived with 13 of 13 counties, not 13 of 15', async () => {
    const result = await runCompleteness([file], options({ format: 'json', level: 'city', region: ['330100'], year: '2020' }));
    const report = JSON.parse(result.output as string) as CompletenessReport;
    expect(report.regions).toHaveLength(1);
    expect(report.regions[0]).toMatchObject({ region_code: '330100', submitted: true, children: { arrived: 13, expected: 13, child_level: 'county' } });
  });
});
