import { textOf } from '../../src/format/formatter.js';
import { describe, expect, it } from 'vitest';
import type { FormatOptions } from '../../src/format/index.js';
import { escapeMarkdown, markdown } from '../../src/format/markdown.js';
import { sampleCheckReport, sampleComputeReport, samplePlan } from './sample-report.js';

const plan = samplePlan();
const en: FormatOptions = { lang: 'en', color: false, plan };
const zh: FormatOptions = { lang: 'zh', color: false, plan };

describe('markdown check', () => {
  it('groups verdicts under a heading per indicator and ends with the summary', () => {
    expect(textOf(markdown.check(sampleCheckReport(), en))).toBe(`# Test plan

## 17 Full-time community workers per 10,000 urban residents (persons) · expected · target ≥18 (2025)

| Region | Value | Target | Status | Gap | Note |
|---|---:|---|---|---|---|
| 330000 浙江省 | 16.5 | ≥18 | on track |  | 9 of 11 cities; expected 16.4 |
| 330100 杭州市 | 12.3 | ≥18 | off track | +1,234 community_workers | expected 16.4 |
| 330106 =HYPERLINK("http://x") | — | ≥18 | no data |  | community_workers is not reported |

## 11 Counties with smart communities (count) · ★ binding · target ≥11 (2025)

| Region | Value | Target | Status | Gap | Note |
|---|---:|---|---|---|---|
| 330000 浙江省 | 12 | ≥11 | met |  |  |
| 330100 杭州市 | 1 | ≥2 (quota) | no data |  | no baseline to draw the straight line to the target |
| 330106 西湖区 | 1 | ≥11 | not applicable |  | not judged at county level (the target is for other levels and this region has no quota) |

2024 · 6 results: 1 met · 1 on track · 1 off track · 0 not met · 2 no data · 1 not applicable
`);
  });

  it('speaks Chinese with --lang zh', () => {
    const text = textOf(markdown.check(sampleCheckReport(), zh));
    expect(text).toContain('## 11 智慧社区建设县(市、区) (个) · ★ 约束性 · 目标 ≥11 (2025)');
    expect(text).toContain('| 杭州市 | 12.3 | ≥18 | 进度滞后 | +1,234 专职社区工作者数 | 按进度应达 16.4 |');
    expect(text.trimEnd().split('\n').at(-1)).toBe('2024 年 · 共 6 项结果：达标 1 · 进度正常 1 · 进度滞后 1 · 未达标 0 · 无数据 2 · 不适用 1');
  });

  it('escapes pipes, backslashes, HTML and line breaks', () => {
    expect(escapeMarkdown('a|b\\c<d>\ne')).toBe('a\\|b\\\\c&lt;d&gt; e');
    const report = sampleCheckReport();
    report.results[0] = { ...report.results[0]!, region_name: '某|区' };
    expect(textOf(markdown.check(report, en))).toContain('| 330000 某\\|区 | 16.5 |');
  });
});

describe('markdown compute and indicators', () => {
  it('writes compute as one table', () => {
    expect(textOf(markdown.compute(sampleComputeReport(), zh))).toBe(`# 测试规划

| 地区 | 年份 | community_workers_per_10k_urban | smart_community_counties |
|---|---|---:|---:|
| 浙江省 | 2024 | 16.5 | 12 |
| 西湖区 | 2024 | — | -2.50 |
`);
  });

  it('lists indicators and inputs', () => {
    const text = textOf(markdown.indicators(plan, zh));
    expect(text.startsWith('# 测试规划 (2020–2025)\n\n## 指标\n\n| 序号 | 指标 | 单位 | 基期值 | 目标 | 目标年份 | 属性 |\n')).toBe(true);
    expect(text).toContain('| 11 | 智慧社区建设县(市、区) | 个 | — | ≥11 | 2025 | ★ 约束性 |');
    expect(text).toContain('| urban_income_per_capita | 城镇居民人均可支配收入 | 元 | 加权平均（权重 urban_population） |');
  });
});
