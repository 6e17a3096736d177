// The HTML report as text: structure, escaping, the chart geometry, both languages.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { CheckStream } from '../../src/core/judge.js';
import type { CheckReport, ComputeReport, Level, Plan, Verdict } from '../../src/core/types.js';
import { chartScale } from '../../src/format/html/chart.js';
import { html as formatter } from '../../src/format/html/index.js';
import { escapeHtml } from '../../src/format/html/markup.js';
import { SHOWN_PER_INDICATOR } from '../../src/format/html/survey.js';
import { textOf, type FormatOptions } from '../../src/format/formatter.js';
import { sampleCheckReport, sampleComputeReport, samplePlan, sampleVerdicts } from '../format/sample-report.js';

const plan = samplePlan();
const provenance = {
  planFile: 'plans/test.yaml',
  files: [{ path: 'data/cities.csv', modified: '2024-05-01T08:00:00.000Z' }, { path: '-', modified: null }],
  generated: '2024-06-30T12:00:00.000Z',
  tool: 'planmetrics 0.1.0',
};
const ZH: FormatOptions = { lang: 'zh', color: false, plan, provenance };
const EN: FormatOptions = { lang: 'en', color: false, plan, provenance };

/** The pages whole, for assertions (the formatter gives them in pieces). */
const html = {
  check: (report: CheckStream, options: FormatOptions) => textOf(formatter.check(report, options)),
  compute: (report: ComputeReport, options: FormatOptions) => textOf(formatter.compute(report, options)),
  indicators: (plan: Plan, options: FormatOptions) => textOf(formatter.indicators(plan, options)),
};

function count(text: string, pattern: RegExp): number {
  return text.match(pattern)?.length ?? 0;
}

function sectionOf(page: string, id: string): string {
  const start = page.indexOf(`<section id="${id}">`);
  if (start < 0) throw new Error(`no section ${id}`);
  return page.slice(start, page.indexOf('</section>', start));
}

describe('html check report', () => {
  const report = sampleCheckReport();
  const page = html.check(report, ZH);
  const indicatorsShown = new Set(report.results.map((v) => v.indicator)).size;

  it('is one document with no script, no external resource and a policy that forbids fetching', () => {
    expect(page.startsWith('<!doctype html>\n<html lang="zh-CN">')).toBe(true);
    expect(page.endsWith('</html>\n')).toBe(true);
    expect(page).not.toMatch(/<script|<link|<img|<iframe|@import|url\(/i);
    // Nothing points anywhere: no href or src (the SVG xmlns is a name, never fetched).
    expect(page).not.toMatch(/\s(?:href|src|xlink:href)=/i);
    expect(page).toContain(`content="default-src 'none'; style-src 'unsafe-inline'; img-src data:"`);
  });

  it('has the summary, one chart per indicator, the full table, the notes and the provenance, in that order', () => {
    const order = ['summary', 'charts', 'results', 'notes', 'provenance'].map((id) => page.indexOf(`<section id="${id}">`));
    expect(order.every((position, i) => position > 0 && (i === 0 || position > order[i - 1]!))).toBe(true);
    expect(count(page, /<svg class="bars"/g)).toBe(indicatorsShown);
    expect(count(sectionOf(page, 'results'), /<tr>/g)).toBe(report.results.length + 1);
  });

  it('counts binding indicators first in the summary', () => {
    const summary = sectionOf(page, 'summary');
    expect(summary.indexOf('约束性指标')).toBeLessThan(summary.indexOf('预期性指标'));
    const binding = report.results.filter((v) => v.attribute === 'binding');
    const metBinding = binding.filter((v) => v.status === 'met').length;
    expect(summary).toMatch(new RegExp(`约束性指标</td><td class="num status-met">${metBinding}</td>`));
  });

  it('draws a bar per verdict with a value, coloured by status, and a target tick per row', () => {
    const chart = page.slice(page.indexOf('<svg class="bars"'), page.indexOf('</svg>') + 6);
    const verdicts = report.results.filter((v) => v.indicator === report.results[0]!.indicator);
    const withValue = verdicts.filter((v) => v.value !== null);
    expect(count(chart, /<rect class="bar"/g)).toBe(withValue.length);
    expect(count(chart, /<line class="target"/g)).toBe(verdicts.length);
    // Before the target year, on/off-track rows also show where the straight line is.
    expect(count(chart, /<line class="expected"/g)).toBe(verdicts.filter((v) => v.expected !== null && v.year < v.target_year).length);
    expect(chart).toContain('data-status="off_track"');
  });

  it('escapes text from the data', () => {
    const hostile: Verdict = { ...sampleVerdicts()[1]!, region_name: '<img src=x onerror=alert(1)>"&' };
    const text = html.check(sampleCheckReport([hostile]), ZH);
    expect(text).not.toContain('<img src=x');
    expect(text).toContain('&#60;img src=x onerror=alert(1)&#62;&#34;&#38;');
  });

  it('names files, dates and the plan in the provenance', () => {
    const section = sectionOf(page, 'provenance');
    expect(section).toContain('data/cities.csv');
    expect(section).toContain('2024-05-01T08:00:00.000Z');
    expect(section).toContain('标准输入');
    expect(section).toContain('plans/test.yaml');
    expect(section).toContain(report.plan.id);
  });

  it('speaks English with --lang en', () => {
    const english = html.check(report, EN);
    expect(english).toContain('<html lang="en">');
    expect(english).toContain('Test plan');
    expect(english).toContain('Binding indicators');
    expect(english).not.toMatch(/约束性指标|总览/);
  });

  it('never prints NaN, Infinity or undefined', () => {
    const broken: Verdict = { ...sampleVerdicts()[0]!, value: Number.NaN, expected: Number.POSITIVE_INFINITY, target: Number.NaN, gap: Number.NEGATIVE_INFINITY };
    const text = html.check(sampleCheckReport([broken]) as CheckReport, ZH);
    expect(text).not.toMatch(/NaN|Infinity|undefined/);
  });
});

describe('html check report of many verdicts', () => {
  const workers = sampleVerdicts()[1]!; // 17, expected, off track
  const counties = { ...sampleVerdicts()[3]!, status: 'not_met' as const, attribute: 'binding' as const }; // 11, binding

  function at(template: Verdict, level: Level, index: number): Verdict {
    return { ...template, level, region_code: `${level}-${index}`, region_name: `${level}${index}` };
  }

  /** A province, its 11 cities and `count` regions of `deepest`, for indicators 17 and 11, made as they are read. */
  function* verdicts(count: number, deepest: Level): Generator<Verdict> {
    for (const template of [workers, counties]) {
      yield at(template, 'province', 0);
      for (let i = 0; i < 11; i++) yield at(template, 'city', i);
      for (let i = 0; i < count; i++) yield at(template, deepest, i);
    }
  }

  function stream(count: number, deepest: Level = 'county', only?: Level): CheckStream {
    const read = () => (only ? [...verdicts(count, deepest)].filter((v) => v.level === only) : verdicts(count, deepest));
    return {
      plan: sampleCheckReport().plan,
      indicators: sampleCheckReport().indicators,
      year: 2024,
      results: { [Symbol.iterator]: () => read()[Symbol.iterator]() },
      get summary() {
        return sampleCheckReport([...read()]).summary;
      },
    };
  }

  function pieces(report: CheckStream): { longest: number; length: number; rows: number } {
    let longest = 0;
    let length = 0;
    let rows = 0;
    const text = formatter.check(report, ZH);
    expect(typeof text).not.toBe('string');
    for (const piece of text) {
      longest = Math.max(longest, piece.length);
      length += piece.length;
      rows += count(piece, /<tr>/g);
    }
    return { longest, length, rows };
  }

  it('is made in pieces, the longest no longer for 20,000 regions than for 2,000', () => {
    const small = pieces(stream(2_000));
    const large = pieces(stream(20_000));
    expect(large.rows).toBe(2 * (12 + 20_000) + 1 + 4); // the results table (rows and head) and the summary table (head, binding, expected, total)
    expect(large.length).toBeGreaterThan(5 * small.length);
    // Only the counts in the summary and the chart notes get longer (a digit each).
    expect(large.longest).toBeLessThan(small.longest + 100);
    expect(large.longest).toBeLessThan(large.length / 50);
  });

  it('charts whole levels from the province down while they fit, and says what it leaves out', () => {
    const page = html.check(stream(100), ZH);
    const charts = sectionOf(page, 'charts');
    expect(count(charts, /<svg class="bars"/g)).toBe(2);
    expect(count(charts, /<g class="row">/g)).toBe(2 * 12);
    expect(count(charts, /county\d/g)).toBe(0);
    expect(count(charts, /图中仅列出省级、市级的 12 项（共 112 项），全部结果见“结果明细”。/g)).toBe(2);
    expect(count(sectionOf(page, 'results'), /<tr>/g)).toBe(2 * 112 + 1);
    const english = html.check(stream(100), EN);
    expect(english).toContain('The chart shows 12 of 112 results (province level and city level); every result is in “All results”.');
  });

  it('charts the first regions of the highest level when that level alone is too many, in the order read', () => {
    const page = html.check(stream(100, 'village', 'village'), ZH);
    const chart = sectionOf(page, 'charts');
    expect(count(chart, /<g class="row">/g)).toBe(2 * SHOWN_PER_INDICATOR);
    expect(chart.indexOf('>village0<')).toBeLessThan(chart.indexOf('>village1<'));
    expect(chart).not.toContain(`>village${SHOWN_PER_INDICATOR}<`);
    expect(chart).toContain(`图中仅列出村(社区)级的前 ${SHOWN_PER_INDICATOR} 项（共 100 项）`);
  });

  it('names a binding shortfall at the highest levels and counts the rest', () => {
    const summary = sectionOf(html.check(stream(100), ZH), 'summary');
    expect(summary).toContain('province0（未达标）、city0（未达标）');
    expect(summary).not.toContain('county0');
    expect(summary).toContain('……共 112 项，此处仅列出省级、市级的 12 项，全部见“结果明细”');
  });

  it('leaves a chart whole when every result fits', () => {
    const page = html.check(stream(SHOWN_PER_INDICATOR - 12), ZH);
    expect(count(sectionOf(page, 'charts'), /<g class="row">/g)).toBe(2 * SHOWN_PER_INDICATOR);
    expect(page).not.toContain('图中仅列出');
    expect(page).not.toContain('……共');
  });
});

describe('chart scale', () => {
  const base = sampleVerdicts()[1]!;

  it('starts at 0, reaches past the largest value or target, in steps of 1, 2 or 5 × 10ⁿ', () => {
    const scale = chartScale([{ ...base, value: 12.34, target: 18, expected: 16.36 }]);
    expect([scale.low, scale.high, scale.step]).toEqual([0, 20, 5]);
    const big = chartScale([{ ...base, value: 16176, target: 13000, expected: null }]);
    expect([big.low, big.high, big.step]).toEqual([0, 20000, 5000]);
  });

  it('includes the tolerance band of an ≈ target and negative values', () => {
    const about = chartScale([{ ...base, comparator: '≈', value: 1.83, target: 1.9, expected: null }], 0.2);
    expect(about.high).toBeGreaterThanOrEqual(2.1);
    const negative = chartScale([{ ...base, value: -3, target: 5, expected: null }]);
    expect(negative.low).toBeLessThanOrEqual(-3);
    expect(negative.x(negative.low)).toBeLessThan(negative.x(0));
  });

  it('stays finite, with a handful of ticks, for any numbers at all', () => {
    const number = fc.oneof(fc.double({ noNaN: true, noDefaultInfinity: true }), fc.constantFrom(5e-324, -Number.MAX_VALUE, Number.MAX_VALUE, 0));
    fc.assert(
      fc.property(number, number, number, (value, target, expected) => {
        const scale = chartScale([{ ...base, value, target, expected }]);
        const ticks = (scale.high - scale.low) / scale.step;
        expect(Number.isFinite(ticks) && ticks <= 12).toBe(true);
        for (const point of [value, target, expected, scale.low, scale.high]) expect(Number.isFinite(scale.x(point))).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('keeps a span when every number is 0', () => {
    const scale = chartScale([{ ...base, value: 0, target: 0, expected: null }]);
    expect(scale.high).toBeGreaterThan(scale.low);
    expect(Number.isFinite(scale.x(0))).toBe(true);
  });
});

describe('html compute and indicators pages', () => {
  it('lists values and the plan', () => {
    const compute = html.compute(sampleComputeReport(), ZH);
    expect(compute).toContain('id="results-table"');
    const indicators = html.indicators(plan, EN);
    expect(count(indicators, /<tr>/g)).toBe(1 + plan.indicators.length + 1 + plan.inputs.length);
    expect(indicators).toContain('Indicators and input fields');
  });

  it('escapes & < > " and \'', () => {
    expect(escapeHtml(`<a href="x">&'`)).toBe('&#60;a href=&#34;x&#34;&#62;&#38;&#39;');
  });
});
