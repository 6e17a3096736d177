import fc from 'fast-check';
import { textOf } from '../../src/format/formatter.js';
import { describe, expect, it } from 'vitest';
import type { FormatOptions } from '../../src/format/index.js';
import { json, nested } from '../../src/format/json.js';
import { sampleCheckReport, sampleComputeReport, samplePlan } from './sample-report.js';

const plan = samplePlan();
const zh: FormatOptions = { lang: 'zh', color: false, plan };

const CONTRACT_FIELDS = [
  'region_code', 'region_name', 'level', 'year', 'indicator', 'no', 'value', 'baseline', 'target', 'target_year', 'attribute', 'status', 'gap', 'needed',
];

describe('json check', () => {
  it('has the contract shape, contract fields first', () => {
    const parsed = JSON.parse(textOf(json.check(sampleCheckReport(), zh)));
    expect(Object.keys(parsed)).toEqual(['plan', 'year', 'results', 'summary']);
    expect(parsed.plan.id).toBe('test-plan');
    expect(parsed.year).toBe(2024);
    expect(Object.keys(parsed.results[0]).slice(0, CONTRACT_FIELDS.length)).toEqual(CONTRACT_FIELDS);
    expect(parsed.summary).toEqual({ met: 1, not_met: 0, on_track: 1, off_track: 1, no_data: 2, not_applicable: 1 });
  });

  it('keeps full precision and the extra fields', () => {
    const [first, second] = JSON.parse(textOf(json.check(sampleCheckReport(), zh))).results;
    expect(first).toMatchObject({
      value: 16.523456,
      gap: 1.476544,
      comparator: '>=',
      expected: 16.36,
      coverage: { from: 'children', used: 9, expected: 11, childLevel: 'city' },
      reason: null,
    });
    expect(second.needed).toEqual({ field: 'community_workers', amount: 1234 });
  });

  it('serialises a reason as code, args and an English message', () => {
    const results = JSON.parse(textOf(json.check(sampleCheckReport(), zh))).results;
    expect(results[2].reason).toEqual({ code: 'missing_input', field: 'community_workers', message: 'community_workers is not reported' });
    expect(results[2].value).toBeNull();
  });

  it('never writes NaN or Infinity', () => {
    const report = sampleCheckReport();
    const first = report.results[0]!;
    report.results[0] = {
      ...first,
      value: Number.NaN,
      baseline: Number.NEGATIVE_INFINITY,
      gap: Number.NaN,
      expected: Number.POSITIVE_INFINITY,
      needed: { field: 'community_workers', amount: Number.NaN },
    };
    const text = textOf(json.check(report, zh));
    expect(text).not.toMatch(/NaN|Infinity/);
    expect(JSON.parse(text).results[0]).toMatchObject({ value: null, baseline: null, gap: null, expected: null, needed: null });
  });
});

describe('json compute and indicators', () => {
  it('writes values and reasons per row', () => {
    const parsed = JSON.parse(textOf(json.compute(sampleComputeReport(), zh)));
    expect(parsed.plan.id).toBe('test-plan');
    expect(parsed.rows[1]).toMatchObject({
      region_code: '330106',
      level: 'county',
      year: 2024,
      values: { community_workers_per_10k_urban: null, smart_community_counties: -2.5 },
      reasons: {
        community_workers_per_10k_urban: {
          code: 'zero_denominator',
          denominator: 'urban_population',
          message: 'denominator urban_population is zero',
        },
      },
    });
  });

  it('writes the contract shape of indicators', () => {
    const parsed = JSON.parse(textOf(json.indicators(plan, zh)));
    expect(parsed.plan).toEqual({ id: 'test-plan', title: '测试规划', baseline_year: 2020, target_year: 2025 });
    expect(parsed.inputs[0]).toEqual({ id: 'urban_population', label: '城镇常住人口', unit: '人', aggregate: 'sum' });
    expect(parsed.inputs[2].weight).toBe('urban_population');
    expect(parsed.indicators[0]).toEqual({
      id: 'community_workers_per_10k_urban',
      no: '17',
      name: '每万城镇常住人口拥有专职社区工作者数量',
      name_en: 'Full-time community workers per 10,000 urban residents',
      unit: '人',
      formula: 'community_workers / urban_population * 10000',
      baseline: 9.8,
      target: 18,
      comparator: '>=',
      target_year: 2025,
      attribute: 'expected',
      levels: ['province', 'city', 'county'],
    });
    expect(parsed.indicators[1]).toMatchObject({ baseline: null, quotas: { '330100': 2 } });
  });
});

describe('nested', () => {
  it('writes what JSON.stringify(value, null, 2) writes, every line after the first indented', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.constantFrom('', '  ', '    '), (value, indent) => {
        const expected = JSON.stringify(value, null, 2).replace(/\n/g, `\n${indent}`);
        expect(nested(value as Parameters<typeof nested>[0], indent)).toBe(expected);
      }),
    );
  });

  it('quotes any text as JSON.stringify does: quotes, backslashes, controls, lone and paired surrogates', () => {
    const text = fc.oneof(fc.string({ unit: 'binary' }), fc.constantFrom('"', '\\', '\u0000\u001f', '\ud800', 'a\udc00', '😀', '利明社区\n'));
    fc.assert(
      fc.property(text, text, (key, value) => {
        expect(nested(value)).toBe(JSON.stringify(value));
        expect(nested({ [key]: [value] }, '  ')).toBe(JSON.stringify({ [key]: [value] }, null, 2).replace(/\n/g, '\n  '));
      }),
    );
  });
});
