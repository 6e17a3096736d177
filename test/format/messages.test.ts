import { describe, expect, it } from 'vitest';
import { DIAGNOSTIC_CODES, diagnostic, type DiagnosticCode } from '../../src/core/diagnostics.js';
import { LEVELS, STATUSES, type Lang, type Reason } from '../../src/core/types.js';
import {
  describeDiagnostic,
  describeReason,
  formatDiagnosticLine,
  formatGithubAnnotation,
  levelLabel,
  statusLabel,
} from '../../src/format/messages.js';
import { samplePlan } from './sample-report.js';

const CODES = Object.keys(DIAGNOSTIC_CODES) as DiagnosticCode[];
const LANGS: Lang[] = ['zh', 'en'];

describe('describeDiagnostic', () => {
  it.each(CODES)('%s has words in both languages, with or without args', (code) => {
    const bare = diagnostic(code, {});
    const full = diagnostic(code, { field: 'community_workers', region: '330106', year: 2024 }, { value: '12a', expected: 5, found: 4 });
    for (const d of [bare, full]) {
      const zh = describeDiagnostic(d, 'zh');
      const en = describeDiagnostic(d, 'en');
      expect(zh.length).toBeGreaterThan(10);
      expect(en.length).toBeGreaterThan(10);
      expect(zh).not.toBe(en);
      expect(`${zh} ${en}`).not.toMatch(/undefined|NaN|\[object/);
    }
    expect(describeDiagnostic(bare, 'zh')).toMatch(/[\u4e00-\u9fff]/);
  });

  it('says what was found, what was expected and what to do', () => {
    const d = diagnostic('NOT_A_NUMBER', { file: 'a.csv', line: 3, column: 5, field: 'community_workers' }, { value: '12a' });
    expect(describeDiagnostic(d, 'en')).toBe(
      "community_workers: '12a' is not a number: write a plain number such as 1234.5 (no units or thousands separators), or leave the cell blank if not reported",
    );
    expect(describeDiagnostic(d, 'zh')).toContain('“12a” 不是数字');
  });

  it('uses the row and the numbers of a cross-row finding', () => {
    const d = diagnostic(
      'PARENT_CHILD_MISMATCH',
      { field: 'community_workers', region: '330100', year: 2024 },
      { value: 1200, children: 1100, child_level: 'county' },
    );
    expect(describeDiagnostic(d, 'en')).toBe(
      "330100 2024: community_workers is 1200 but its county rows add up to 1100: correct the total or the children's figures",
    );
    expect(describeDiagnostic(d, 'zh')).toContain('所辖县(市、区)合计为 1100');
  });

  it('offers a suggestion for an unknown column', () => {
    const d = diagnostic('COLUMN_UNKNOWN', {}, { header: 'comunity_workers', suggestion: 'community_workers' });
    expect(describeDiagnostic(d, 'en')).toContain("(did you mean 'community_workers'?)");
  });
});

describe('formatDiagnosticLine', () => {
  it('prints FILE:LINE:COLUMN, severity, code and message', () => {
    const d = diagnostic('NOT_INTEGER', { file: 'data/a.csv', line: 4, column: 7, field: 'community_workers' }, { value: 3.5 });
    expect(formatDiagnosticLine(d, 'en')).toBe(
      'planmetrics: data/a.csv:4:7: warning NOT_INTEGER community_workers: 3.5 is not a whole number, but it counts things: check for a unit mix-up or round it',
    );
  });

  it('leaves out unknown parts of the location', () => {
    expect(formatDiagnosticLine(diagnostic('FILE_EMPTY', { file: 'a.csv' }), 'en')).toMatch(/^planmetrics: a\.csv: error FILE_EMPTY the file is empty/);
    expect(formatDiagnosticLine(diagnostic('QUOTE_UNCLOSED', { file: 'a.csv', line: 9 }), 'en')).toMatch(/^planmetrics: a\.csv:9: error QUOTE_UNCLOSED /);
    expect(formatDiagnosticLine(diagnostic('USAGE', {}, { message: "unknown option '--yaer'" }), 'en')).toBe(
      "planmetrics: error USAGE unknown option '--yaer': see planmetrics --help",
    );
  });

  it('writes GitHub annotations with escaped properties', () => {
    const d = diagnostic('REGION_UNKNOWN', { file: 'a,b.csv', line: 2, column: 1 }, { value: '339999' });
    expect(formatGithubAnnotation(d, 'en')).toBe(
      '::error file=a%2Cb.csv,line=2,col=1,title=REGION_UNKNOWN::region code 339999 is not in the division list: check it against the official division codes',
    );
  });
});

describe('describeReason', () => {
  const plan = samplePlan();
  const cases: [Reason, string, string][] = [
    [{ code: 'missing_input', field: 'community_workers' }, 'community_workers is not reported', '未填报专职社区工作者数（community_workers）'],
    [{ code: 'zero_denominator', denominator: 'urban_population' }, 'denominator urban_population is zero', '分母城镇常住人口为零'],
    [{ code: 'zero_denominator', denominator: 'a + b' }, 'denominator a + b is zero', '分母 a + b 为零'],
    [{ code: 'no_complete_child', childLevel: 'city' }, 'no city reports every input', '所辖市均未完整填报所需数据'],
    [{ code: 'no_complete_child', childLevel: null }, 'no child region reports every input', '所辖下级地区均未完整填报所需数据'],
    [
      { code: 'not_judged_at_level', level: 'county' },
      'not judged at county level (the target is for other levels and this region has no quota)',
      '不在县级考核（目标为其他层级的总量，本地区无分解任务）',
    ],
    [{ code: 'no_baseline' }, 'no baseline to draw the straight line to the target', '无基期值，无法按进度线判断'],
  ];
  it.each(cases)('%j', (reason, en, zh) => {
    expect(describeReason(reason, 'en', plan)).toBe(en);
    expect(describeReason(reason, 'zh', plan)).toBe(zh);
  });

  it('falls back to ids without a plan', () => {
    expect(describeReason({ code: 'missing_input', field: 'community_workers' }, 'zh')).toBe('未填报 community_workers');
  });
});

describe('labels', () => {
  it('names every status and level in both languages', () => {
    for (const lang of LANGS) {
      expect(new Set(STATUSES.map((s) => statusLabel(s, lang))).size).toBe(STATUSES.length);
      expect(new Set(LEVELS.map((l) => levelLabel(l, lang))).size).toBe(LEVELS.length);
    }
    expect(STATUSES.map((s) => statusLabel(s, 'zh'))).toEqual(['达标', '未达标', '进度正常', '进度滞后', '无数据', '不适用']);
    expect(LEVELS.map((l) => levelLabel(l, 'zh'))).toEqual(['省', '市', '县(市、区)', '乡镇(街道)', '村(社区)']);
  });
});
