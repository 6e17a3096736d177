import { textOf } from '../../src/format/formatter.js';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { csv, neutralise, toCsv, type Cell } from '../../src/format/csv.js';
import type { FormatOptions } from '../../src/format/index.js';
import { sampleCheckReport, sampleComputeReport, samplePlan } from './sample-report.js';

const plan = samplePlan();
const en: FormatOptions = { lang: 'en', color: false, plan };
const zh: FormatOptions = { lang: 'zh', color: false, plan };

describe('csv check', () => {
  it('writes one row per verdict in the fixed column order', () => {
    const lines = textOf(csv.check(sampleCheckReport(), en)).split('\n');
    expect(lines[0]).toBe(
      'region_code,region_name,level,year,indicator,no,name,value,unit,baseline,target,comparator,target_year,attribute,status,gap,needed_field,needed_amount,coverage,reason',
    );
    expect(lines[1]).toBe(
      '330000,浙江省,province,2024,community_workers_per_10k_urban,17,"Full-time community workers per 10,000 urban residents",16.5235,人,9.8,18,>=,2025,expected,on_track,1.4765,,,9/11,',
    );
    expect(lines[2]).toBe(
      '330100,杭州市,city,2024,community_workers_per_10k_urban,17,"Full-time community workers per 10,000 urban residents",12.34,人,9.8,18,>=,2025,expected,off_track,5.66,community_workers,1234,,',
    );
    expect(lines).toHaveLength(sampleCheckReport().results.length + 2);
    expect(lines.at(-1)).toBe('');
  });

  it('writes names and reasons in the chosen language', () => {
    const rows = parse(textOf(csv.check(sampleCheckReport(), zh)), { columns: true }) as Record<string, string>[];
    expect(rows[0]?.name).toBe('每万城镇常住人口拥有专职社区工作者数量');
    expect(rows[2]?.reason).toBe('未填报专职社区工作者数（community_workers）');
    expect(rows[5]?.reason).toBe('不在县级考核（目标为其他层级的总量，本地区无分解任务）');
  });

  it('neutralises spreadsheet formulas in text cells', () => {
    const text = textOf(csv.check(sampleCheckReport(), en));
    expect(text).toContain(`330106,"'=HYPERLINK(""http://x"")",county`);
    for (const start of ['=', '+', '-', '@', '\t', '\r']) expect(neutralise(`${start}1+1`)).toBe(`'${start}1+1`);
    expect(neutralise('杭州市')).toBe('杭州市');
  });

  it('writes negative numbers as plain numbers', () => {
    const text = textOf(csv.check(sampleCheckReport(), en));
    expect(text).toContain(',binding,met,-1,');
    expect(text).not.toContain("'-");
    expect(textOf(csv.compute(sampleComputeReport(), en))).toContain('330106,西湖区,county,2024,,-2.5\n');
  });

  it('never writes NaN or Infinity', () => {
    const report = sampleCheckReport();
    const first = report.results[0]!;
    report.results[0] = { ...first, value: Number.NaN, gap: Number.POSITIVE_INFINITY, expected: Number.NaN };
    const text = textOf(csv.check(report, en));
    expect(text).not.toMatch(/NaN|Infinity/);
    expect(text.split('\n')[1]).toContain(',2024,community_workers_per_10k_urban,17,"Full-time community workers per 10,000 urban residents",,人,');
  });
});

describe('csv compute and indicators', () => {
  it('writes one column per indicator id, blank when null', () => {
    expect(textOf(csv.compute(sampleComputeReport(), en))).toBe(
      [
        'region_code,region_name,level,year,community_workers_per_10k_urban,smart_community_counties',
        '330000,浙江省,province,2024,16.5235,12',
        '330106,西湖区,county,2024,,-2.5',
        '',
      ].join('\n'),
    );
  });

  it('writes one row per indicator', () => {
    expect(textOf(csv.indicators(plan, en))).toBe(
      [
        'id,no,name,name_en,unit,formula,baseline,comparator,target,tolerance,target_year,attribute,levels',
        'community_workers_per_10k_urban,17,每万城镇常住人口拥有专职社区工作者数量,"Full-time community workers per 10,000 urban residents",人,community_workers / urban_population * 10000,9.8,>=,18,,2025,expected,province city county',
        'smart_community_counties,11,智慧社区建设县(市、区),Counties with smart communities,个,smart_community_county,,>=,11,,2025,binding,province',
        '',
      ].join('\n'),
    );
  });
});

describe('toCsv', () => {
  /** What toCsv means: csv-stringify on every row, text neutralised. */
  const byCsvStringify = (header: string[], rows: Cell[][]) => stringify([header, ...rows], { cast: { string: (value) => neutralise(value) } });
  const text = fc.string({ unit: fc.constantFrom('a', '杭', ' ', ',', '"', '\n', '\r', '=', '+', '-', '@', '\t', "'", '1', '.'), maxLength: 6 });
  const cell: fc.Arbitrary<Cell> = fc.oneof(text, fc.double({ noNaN: true, noDefaultInfinity: true }), fc.integer(), fc.constant(null), fc.constant(-0));

  it('writes what csv-stringify writes, for any cells (the plain rows are joined directly)', () => {
    fc.assert(
      fc.property(fc.array(text, { maxLength: 5 }), fc.array(fc.array(cell, { maxLength: 6 }), { maxLength: 8 }), (header, rows) => {
        expect(textOf(toCsv(header, rows))).toBe(byCsvStringify(header, rows));
      }),
      { numRuns: 2000 },
    );
  });
});
