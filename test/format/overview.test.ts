import stringWidth from 'string-width';
import { describe, expect, it } from 'vitest';
import type { FormatOptions } from '../../src/format/formatter.js';
import { painterFor } from '../../src/format/paint.js';
import { table } from '../../src/format/table.js';
import { textOf } from '../../src/format/formatter.js';
import { fitTextTable, renderGrid } from '../../src/format/text-table.js';
import { OVERVIEW_MAX_REGIONS } from '../../src/format/overview.js';
import type { Level, Verdict } from '../../src/core/types.js';
import { sampleCheckReport, samplePlan, sampleVerdicts, verdict } from './sample-report.js';

/** The table check's text whole (the detail table comes in pieces). */
const checkText = (...args: Parameters<typeof table.check>): string => textOf(table.check(...args));

const plan = samplePlan();
const zh: FormatOptions = { lang: 'zh', color: false, plan };
const en: FormatOptions = { lang: 'en', color: false, plan };
const ANSI = /\u001b\[/;
const widest = (text: string): number => Math.max(...text.split('\n').map((line) => stringWidth(line)));

describe('check overview (the default table)', () => {
  it('has one row per indicator, one column per region, binding indicators first and starred', () => {
    const text = checkText(sampleCheckReport(), zh);
    const lines = text.split('\n');
    expect(lines[0]).toMatch(/指标\s+目标\s+浙江\s+杭州/);
    const starred = lines.findIndex((line) => line.includes('★11'));
    const expected = lines.findIndex((line) => /^\s*17 /.test(line));
    expect(starred).toBeGreaterThan(0);
    expect(expected).toBeGreaterThan(starred);
    expect(lines.filter((line) => line.includes('每万城镇常住人口')).length).toBe(1);
  });

  it('marks each status in a way that reads without colour, and says what the marks mean', () => {
    const text = checkText(sampleCheckReport(), zh);
    expect(text).not.toMatch(ANSI);
    expect(text).toContain('↑'); // on track
    expect(text).toContain('↓'); // off track
    expect(text).toContain('✓'); // met
    expect(text).toContain('–'); // no data
    expect(text).toContain('✓ 达标　✗ 未达标　↑ 进度正常　↓ 进度滞后　– 无数据　空白 不适用　★ 约束性');
    expect(checkText(sampleCheckReport(), en)).toContain('✓ met · ✗ not met · ↑ on track · ↓ off track · – no data');
  });

  it('counts each region\'s statuses in its footer', () => {
    const text = checkText(sampleCheckReport(), en);
    const onTrack = text.split('\n').find((line) => line.includes('on track') && !line.includes('·'))!;
    expect(onTrack.trim().split(/\s+/).slice(-1)).toEqual(['0']);
    expect(onTrack).toMatch(/↑ on track\s+1\s+/);
  });

  it('colours the marks only when asked', async () => {
    expect(checkText(sampleCheckReport(), { ...zh, color: true, painter: await painterFor(true) })).toMatch(ANSI);
  });

  it('shows whole levels from the top while they fit a screen, says how many regions it left out, and where they are', () => {
    // Judge's order: indicator, then region code (a city before its counties).
    const regions: { code: string; level: Level }[] = [{ code: '330000', level: 'province' }];
    for (let city = 1; city <= 11; city++) {
      regions.push({ code: `33${String(city).padStart(2, '0')}00`, level: 'city' });
      for (let county = 1; county <= 20; county++) regions.push({ code: `33${String(city).padStart(2, '0')}${String(county).padStart(2, '0')}`, level: 'county' });
    }
    const verdicts: Verdict[] = ['community_workers_per_10k', 'smart_community_counties'].flatMap((indicator) =>
      regions.map(({ code, level }) => verdict({ indicator, region_code: code, region_name: '', level, status: 'met', value: 20 })),
    );
    const text = checkText(sampleCheckReport(verdicts), { ...en, width: 100_000 });
    const head = text.split('\n')[0]!;
    expect(head).toContain('330000');
    expect(head).toContain('331100');
    expect(head).not.toContain('330101');
    expect(text).toContain(`12 of ${regions.length} regions shown (province level and city level): --detail or --format csv has every result`);
    expect(checkText(sampleCheckReport(verdicts), zh)).toContain(`仅列出省级、市级的 12 个地区（共 ${regions.length} 个）`);
    // Every result is still counted in the summary line.
    expect(text).toContain(`${verdicts.length} results: ${verdicts.length} met`);
  });

  it('shows the first regions of the top level when that level alone is more than a screen', () => {
    const counties = Array.from({ length: OVERVIEW_MAX_REGIONS + 30 }, (_, k) => `33${String(1000 + k).padStart(4, '0')}`);
    const verdicts = counties.map((code) => verdict({ region_code: code, region_name: '', level: 'county', status: 'met', value: 20 }));
    const text = checkText(sampleCheckReport(verdicts), { ...en, width: 1_000_000 });
    const head = text.split('\n')[0]!;
    expect(head).toContain(counties[OVERVIEW_MAX_REGIONS - 1]);
    expect(head).not.toContain(counties[OVERVIEW_MAX_REGIONS]);
    expect(text).toContain(`the first ${OVERVIEW_MAX_REGIONS} of ${counties.length} regions shown (county level)`);
  });

  it('points to `planmetrics completeness` when a parent is judged on too few children', () => {
    const verdicts = sampleVerdicts();
    verdicts[0] = { ...verdicts[0]!, status: 'no_data', reason: { code: 'incomplete' } as never };
    expect(checkText(sampleCheckReport(verdicts), zh)).toContain('planmetrics completeness');
    expect(checkText(sampleCheckReport(), zh)).not.toContain('planmetrics completeness');
  });

  it('never prints a missed value as its target', () => {
    const verdicts = sampleVerdicts();
    verdicts[0] = { ...verdicts[0]!, value: 17.996, status: 'not_met' };
    const text = checkText(sampleCheckReport(verdicts), zh);
    expect(text).toContain('17.996✗');
    expect(checkText(sampleCheckReport(verdicts), { ...zh, detail: true })).toContain('17.996');
  });

  it('--detail gives the long table: a heading per indicator, a row per region', () => {
    const text = checkText(sampleCheckReport(), { ...zh, detail: true });
    expect(text).toContain('│ 17 每万城镇常住人口拥有专职社区工作者数量 (人) · 预期性 · 目标 ≥18 (2025)');
    expect(text).toMatch(/│ 浙江省 +│/);
  });
});

describe('fitting a width (CJK characters take two columns)', () => {
  const cjk = ['浙江省', '杭州市', '宁波市', '温州市', '嘉兴市', '湖州市', '绍兴市', '金华市'];
  it('a boxed table goes into column blocks repeating the key, numbers whole', () => {
    const head = ['地区', ...cjk.map((name) => `${name}人口`)];
    const rows = [['每万城镇常住人口拥有专职社区工作者数量', ...cjk.map((_, k) => `${12_345.678 + k}`)]];
    const text = fitTextTable({ head, rows, rightAligned: cjk.map((_, k) => k + 1) }, { width: 60, repeat: 1 });
    expect(widest(text)).toBeLessThanOrEqual(60);
    for (let k = 0; k < cjk.length; k++) expect(text).toContain(`${12_345.678 + k}`);
    expect(text.split('\n').some((line) => line.length < stringWidth(line))).toBe(true);
  });

  it('a grid cuts its key label, not the numbers, and wraps the regions into blocks', () => {
    const head = [['', '指标', ...cjk]];
    const rows = [['17', '每万城镇常住人口拥有专职社区工作者数量', ...cjk.map(() => '99.95✗')]];
    for (const width of [40, 80, 120]) {
      const text = renderGrid({ head, rows, right: [true, false, ...cjk.map(() => true)], width, repeat: 2, shrink: 1 });
      expect(widest(text)).toBeLessThanOrEqual(width);
      expect(text.split('99.95✗').length - 1).toBe(cjk.length);
      for (const name of cjk) expect(text).toContain(name);
    }
  });
});

describe('wrapping text cells', () => {
  it('wraps a long note onto continuation rows instead of cutting it', () => {
    const note = '不在市级考核（目标为其他层级的总量，本地区无分解任务）';
    const text = fitTextTable({ head: ['地区', '数值', '说明'], rows: [['杭州市', '12,345.6', note]], rightAligned: [1] }, { width: 40, repeat: 1 });
    expect(widest(text)).toBeLessThanOrEqual(40);
    const cells = text.split('\n').filter((line) => line.startsWith('│')).slice(1).map((line) => line.split('│')[3]!.trim());
    expect(cells.join('')).toBe(note);
    expect(text).toContain('12,345.6');
  });
});
