import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { STATUSES, type Verdict } from '../../src/core/types.js';
import { formatters, textOf, TEXT_FORMAT_NAMES as FORMAT_NAMES, type FormatOptions } from '../../src/format/index.js';
import { render } from '../../src/format/render.js';
import { FORMATS, REPORT_FORMAT_NAMES } from '../../src/format/registry.js';
import { writeOutput } from '../../src/io/write-output.js';
import { sampleCheckReport, sampleComputeReport, samplePlan, sampleVerdicts } from './sample-report.js';

const plan = samplePlan();
const OPTIONS: FormatOptions[] = [
  { lang: 'zh', color: false, plan },
  { lang: 'en', color: true, plan },
  { lang: 'en', color: false },
];

describe('formatters registry', () => {
  it('offers table, csv, json, markdown and html', async () => {
    expect(FORMAT_NAMES).toEqual(['table', 'csv', 'json', 'markdown', 'html']);
    expect(REPORT_FORMAT_NAMES).toEqual([...FORMAT_NAMES, 'xlsx']);
    expect(Object.keys(formatters)).toEqual(FORMAT_NAMES);
    // render() loads the same formats lazily, from the one registry
    expect(await FORMATS.markdown.report()).toBe(formatters.markdown);
    const rendered = await render('markdown', 'compute', sampleComputeReport(), OPTIONS[0]!);
    const pieces: string[] = [];
    for await (const piece of rendered as AsyncIterable<string>) pieces.push(piece);
    expect(pieces.join('')).toBe(textOf(formatters.markdown.compute(sampleComputeReport(), OPTIONS[0]!)));
    expect(typeof writeOutput).toBe('function');
    await expect(render('toString', 'compute', sampleComputeReport(), OPTIONS[0]!)).rejects.toThrow('unknown format toString');
  });

  it('returns text ending in a newline for every command', () => {
    for (const name of FORMAT_NAMES) {
      for (const options of OPTIONS) {
        expect(textOf(formatters[name].check(sampleCheckReport(), options)).endsWith('\n')).toBe(true);
        expect(textOf(formatters[name].compute(sampleComputeReport(), options)).endsWith('\n')).toBe(true);
        expect(textOf(formatters[name].indicators(plan, options)).endsWith('\n')).toBe(true);
      }
    }
  });
});

describe('no NaN or Infinity reaches any output', () => {
  const number = fc.oneof(fc.double(), fc.constantFrom(Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, -0));
  const template = sampleVerdicts()[1]!;
  const verdict = fc.record({
    value: fc.option(number),
    baseline: fc.option(number),
    target: number,
    expected: fc.option(number),
    gap: fc.option(number),
    amount: number,
    status: fc.constantFrom(...STATUSES),
  }).map(
    (r): Verdict => ({
      ...template,
      value: r.value,
      baseline: r.baseline,
      target: r.target,
      expected: r.expected,
      gap: r.gap,
      needed: { field: 'community_workers', amount: r.amount },
      status: r.status,
    }),
  );

  it('holds for check in every format and language', () => {
    fc.assert(
      fc.property(fc.array(verdict, { maxLength: 5 }), (verdicts) => {
        const report = sampleCheckReport(verdicts);
        for (const name of FORMAT_NAMES) {
          for (const options of OPTIONS) expect(textOf(formatters[name].check(report, options))).not.toMatch(/NaN|Infinity/);
        }
      }),
      { numRuns: 100 },
    );
  });

  it('holds for compute in every format and language', () => {
    fc.assert(
      fc.property(number, number, (a, b) => {
        const report = sampleComputeReport();
        report.rows[0]!.values = { community_workers_per_10k_urban: a, smart_community_counties: b };
        for (const name of FORMAT_NAMES) {
          for (const options of OPTIONS) expect(textOf(formatters[name].compute(report, options))).not.toMatch(/NaN|Infinity/);
        }
      }),
      { numRuns: 100 },
    );
  });
});
