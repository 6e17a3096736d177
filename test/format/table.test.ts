import { describe, expect, it } from 'vitest';
import type { FormatOptions } from '../../src/format/index.js';
import { painterFor } from '../../src/format/paint.js';
import { render } from '../../src/format/render.js';
import { table } from '../../src/format/table.js';
import { textOf, type Text } from '../../src/format/formatter.js';
import { sampleCheckReport, sampleComputeReport, samplePlan } from './sample-report.js';

/** The table check's text whole (the detail table comes in pieces). */
const checkText = (...args: Parameters<typeof table.check>): string => textOf(table.check(...args));

const plan = samplePlan();
// The long table (`check --detail`); the overview has its own tests (overview.test.ts).
const en: FormatOptions = { lang: 'en', color: false, plan, detail: true };
const zh: FormatOptions = { lang: 'zh', color: false, plan, detail: true };
const ANSI = /\u001b\[/;

/** The text of each body line, cells trimmed, borders dropped. */
function cells(text: string): string[][] {
  return text
    .split('\n')
    .filter((line) => line.startsWith('│'))
    .map((line) => line.split('│').slice(1, -1).map((cell) => cell.trim()));
}

describe('table check', () => {
  it('shows a header per indicator and one row per region (zh)', () => {
    const text = checkText(sampleCheckReport(), zh);
    expect(text).not.toMatch(ANSI);
    const rows = cells(text);
    expect(rows[0]).toEqual(['地区', '数值', '目标', '状态', '差距', '说明']);
    expect(rows[1]).toEqual(['17 每万城镇常住人口拥有专职社区工作者数量 (人) · 预期性 · 目标 ≥18 (2025)']);
    expect(rows[2]).toEqual(['浙江省', '16.5', '≥18', '进度正常', '', '9/11 市；按进度应达 16.4']);
    expect(rows[3]).toEqual(['杭州市', '12.3', '≥18', '进度滞后', '+1,234 专职社区工作者数', '按进度应达 16.4']);
    expect(rows[4]).toEqual(['=HYPERLINK("http://x")', '—', '≥18', '无数据', '', '未填报专职社区工作者数（community_workers）']);
    expect(rows[5]).toEqual(['11 智慧社区建设县(市、区) (个) · ★ 约束性 · 目标 ≥11 (2025)']);
    expect(rows[7]).toEqual(['杭州市', '1', '≥2 (分解)', '无数据', '', '无基期值，无法按进度线判断']);
    expect(text.endsWith('2024 年 · 共 6 项结果：达标 1 · 进度正常 1 · 进度滞后 1 · 未达标 0 · 无数据 2 · 不适用 1\n')).toBe(true);
  });

  it('shows codes with names and English words (en)', () => {
    const text = checkText(sampleCheckReport(), en);
    const rows = cells(text);
    expect(rows[1]).toEqual(['17 Full-time community workers per 10,000 urban residents (persons) · expected · target ≥18 (2025)']);
    expect(rows[2]).toEqual(['330000 浙江省', '16.5', '≥18', 'on track', '', '9 of 11 cities; expected 16.4']);
    expect(rows[3]?.[4]).toBe('+1,234 community_workers');
    expect(rows[5]?.[0]).toContain('★ binding');
    expect(text).toContain('2024 · 6 results: 1 met · 1 on track · 1 off track · 0 not met · 2 no data · 1 not applicable\n');
  });

  it('colours statuses only when asked', async () => {
    const coloured = checkText(sampleCheckReport(), { ...en, color: true, painter: await painterFor(true) });
    expect(coloured).toContain('\u001b[32mmet\u001b[39m');
    expect(coloured).toContain('\u001b[33moff track\u001b[39m');
    expect(checkText(sampleCheckReport(), en)).not.toMatch(ANSI);
  });

  it('is coloured through render() when colour is on (render loads chalk for it)', async () => {
    const rendered = async (options: FormatOptions): Promise<string> => textOf((await render('table', 'check', sampleCheckReport(), options)) as Text);
    const coloured = await rendered({ ...en, color: true });
    expect(coloured).toContain('\u001b[32mmet\u001b[39m');
    expect(coloured).toBe(checkText(sampleCheckReport(), { ...en, color: true, painter: await painterFor(true) }));
    expect(await rendered(en)).not.toMatch(ANSI);
  });

  it('adds a year column when the results span several years', () => {
    const report = sampleCheckReport();
    report.year = null;
    report.results[1] = { ...report.results[1]!, year: 2023 };
    const text = checkText(report, en);
    expect(cells(text)[0]).toEqual(['Region', 'Year', 'Value', 'Target', 'Status', 'Gap', 'Note']);
    expect(text).toContain('2023–2024 · 6 results');
  });

  it('prints just the summary when nothing was judged', () => {
    expect(checkText(sampleCheckReport([]), en)).toBe(
      '2024 · 0 results: 0 met · 0 on track · 0 off track · 0 not met · 0 no data · 0 not applicable\n',
    );
  });
});

describe('table compute and indicators', () => {
  it('shows indicator numbers as columns with a legend', () => {
    const text = textOf(table.compute(sampleComputeReport(), zh));
    const rows = cells(text);
    expect(rows[0]).toEqual(['地区', '年份', '17', '11']);
    expect(rows[2]).toEqual(['西湖区', '2024', '—', '-2.50']);
    expect(text).toContain('17    每万城镇常住人口拥有专职社区工作者数量 (人)\n');
  });

  it('lists indicators with baseline, target, year and attribute', () => {
    const rows = cells(table.indicators(plan, en));
    expect(rows[0]).toEqual(['No.', 'Indicator', 'Unit', 'Baseline', 'Target', 'Year', 'Attribute']);
    expect(rows[1]).toEqual(['17', 'Full-time community workers per 10,000 urban residents', 'persons', '9.8', '≥18', '2025', 'expected']);
    expect(rows[2]).toEqual(['11', 'Counties with smart communities', 'count', '—', '≥11', '2025', '★ binding']);
    expect(rows).toContainEqual(['urban_income_per_capita', '城镇居民人均可支配收入', 'yuan', 'weighted mean by urban_population']);
  });
});

describe('table drawing', () => {
  // The bytes cli-table3 drew before src/format/text-table.ts replaced it: colour, CJK widths, headings.
  it('draws the check table byte for byte as before', async () => {
    const text = checkText(sampleCheckReport(), { ...zh, color: true, painter: await painterFor(true) });
    expect(text.split('\n')).toEqual([
      '┌────────────────────────┬──────┬───────────┬──────────┬─────────────────────────┬────────────────────────────────────────────────────────┐',
      '│ \u001b[1m地区\u001b[22m                   │ \u001b[1m数值\u001b[22m │ \u001b[1m目标\u001b[22m      │ \u001b[1m状态\u001b[22m     │ \u001b[1m差距\u001b[22m                    │ \u001b[1m说明\u001b[22m                                                   │',
      '├────────────────────────┴──────┴───────────┴──────────┴─────────────────────────┴────────────────────────────────────────────────────────┤',
      '│ \u001b[1m17 每万城镇常住人口拥有专职社区工作者数量 (人) · 预期性 · 目标 ≥18 (2025)\u001b[22m                                                               │',
      '│ 浙江省                 │ 16.5 │ ≥18       │ \u001b[36m进度正常\u001b[39m │                         │ 9/11 市；按进度应达 16.4                               │',
      '│ 杭州市                 │ 12.3 │ ≥18       │ \u001b[33m进度滞后\u001b[39m │ +1,234 专职社区工作者数 │ 按进度应达 16.4                                        │',
      '│ =HYPERLINK("http://x") │    — │ ≥18       │ \u001b[90m无数据\u001b[39m   │                         │ 未填报专职社区工作者数（community_workers）            │',
      '│ \u001b[1m11 智慧社区建设县(市、区) (个) · ★ 约束性 · 目标 ≥11 (2025)\u001b[22m                                                                             │',
      '│ 浙江省                 │   12 │ ≥11       │ \u001b[32m达标\u001b[39m     │                         │                                                        │',
      '│ 杭州市                 │    1 │ ≥2 (分解) │ \u001b[90m无数据\u001b[39m   │                         │ 无基期值，无法按进度线判断                             │',
      '│ 西湖区                 │    1 │ ≥11       │ \u001b[2m不适用\u001b[22m   │                         │ 不在县级考核（目标为其他层级的总量，本地区无分解任务） │',
      '└────────────────────────┴──────┴───────────┴──────────┴─────────────────────────┴────────────────────────────────────────────────────────┘',
      '2024 年 · 共 6 项结果：达标 1 · 进度正常 1 · 进度滞后 1 · 未达标 0 · 无数据 2 · 不适用 1',
      '',
    ]);
  });
});
