import { describe, it, expect } from 'vitest';
import {
  parentCode,
  parseNumberCell,
  recordToRow,
  regionLevel,
  resolveHeader,
  type ColumnMap,
} from '../../src/core/submissions.js';
import type { InputField, Plan } from '../../src/core/types.js';

function field(index: number, id: string, label: string, extra: Partial<InputField> = {}): InputField {
  return { id, label, unit: '人', aggregate: 'sum', index, ...extra };
}

const plan: Plan = {
  meta: { id: 'tiny', title: 'tiny plan', baseline_year: 2020, target_year: 2025 },
  inputs: [
    field(0, 'resident_population', '常住人口', { min: 0, integer: true }),
    field(1, 'urban_income_per_capita', '城镇居民人均可支配收入', { unit: '元', aggregate: 'weighted_mean', min: 0 }),
    field(2, 'smart_community_county', '智慧社区建成(县级, 0/1)', { min: 0, max: 1, integer: true }),
    field(3, 'growth_rate', '增长率', { unit: '%', min: -100, max: 100 }),
  ],
  indicators: [],
  rules: [],
};

const header = ['region_code', 'region_name', 'year', 'resident_population', 'urban_income_per_capita', 'smart_community_county', 'growth_rate'];

function columnsFor(cells: string[]): ColumnMap {
  const { columns } = resolveHeader(cells, plan, 'a.csv', 1);
  if (columns === null) throw new Error('header should resolve');
  return columns;
}

describe('resolveHeader', () => {
  it('maps ids, Chinese labels and the fixed column aliases', () => {
    const { columns, diagnostics } = resolveHeader(
      [' 地区代码 ', '地区名称', '年份', '常住人口', 'URBAN_INCOME_PER_CAPITA'],
      plan,
      'a.csv',
      1,
    );
    expect(diagnostics).toEqual([]);
    expect([...columns!.columnNumbers]).toEqual([
      ['region_code', 1],
      ['region_name', 2],
      ['year', 3],
      ['resident_population', 4],
      ['urban_income_per_capita', 5],
    ]);
    expect({ ...columns, columnNumbers: undefined }).toEqual({
      columnNumbers: undefined,
      regionCode: 0,
      regionName: 1,
      year: 2,
      inputs: [
        { column: 3, fieldIndex: 0 },
        { column: 4, fieldIndex: 1 },
      ],
      width: 5,
    });
  });

  it('accepts 行政区划代码 and 地区, and labels typed with full-width punctuation', () => {
    const { columns, diagnostics } = resolveHeader(['行政区划代码', '地区', 'Year', '智慧社区建成（县级，０/１）'], plan, 'a.csv', 1);
    expect(diagnostics).toEqual([]);
    expect(columns?.inputs).toEqual([{ column: 3, fieldIndex: 2 }]);
  });

  it('reports blank, unknown and duplicate headers with 1-based columns', () => {
    const { columns, diagnostics } = resolveHeader(
      ['region_code', 'year', '', 'bogus', 'resident_population', '常住人口'],
      plan,
      'a.csv',
      3,
    );
    expect(columns?.inputs).toEqual([{ column: 4, fieldIndex: 0 }]);
    expect(diagnostics.map((d) => [d.code, d.line, d.column, d.field])).toEqual([
      ['HEADER_BLANK', 3, 3, undefined],
      ['COLUMN_UNKNOWN', 3, 4, 'bogus'],
      ['HEADER_DUPLICATE', 3, 6, 'resident_population'],
    ]);
    expect(diagnostics[2]?.args).toEqual({ name: '常住人口', first: 5 });
  });

  it('returns no columns when region_code or year is missing', () => {
    const { columns, diagnostics } = resolveHeader(['region_name', 'resident_population'], plan, 'a.csv', 1);
    expect(columns).toBeNull();
    expect(diagnostics.map((d) => [d.code, d.field])).toEqual([
      ['COLUMN_MISSING', 'region_code'],
      ['COLUMN_MISSING', 'year'],
    ]);
  });
});

describe('parseNumberCell', () => {
  it.each([
    ['1234', 1234],
    ['1,234', 1234],
    ['12,345,678.5', 12345678.5],
    ['１２３４．５', 1234.5],
    ['１，２３４', 1234],
    ['  42  ', 42],
    ['+7', 7],
    ['-3.5', -3.5],
    ['−2', -2],
    ['.5', 0.5],
    ['1.23E+06', 1230000],
    ['-0', 0],
  ])('reads %j as %d', (text, expected) => {
    expect(parseNumberCell(text)).toBe(expected);
  });

  it.each(['', '   ', '\u3000'])('reads blank %j as not reported', (text) => {
    expect(parseNumberCell(text)).toBeNull();
  });

  it.each(['abc', '12a', '1,23', '1,2345', '1 234', '.', '+', 'e5', '1e999', 'NaN', 'Infinity', '--1', '50%'])(
    'rejects %j',
    (text) => {
      expect(parseNumberCell(text)).toBeUndefined();
    },
  );
});

describe('recordToRow', () => {
  const columns = columnsFor(header);

  it('builds a row with NaN for unreported values', () => {
    const { row, diagnostics } = recordToRow(['330106', ' 西湖区 ', '2023', '1,234', '', '1', ''], columns, plan, 'a.csv', 7);
    expect(diagnostics).toEqual([]);
    expect(row?.code).toBe('330106');
    expect(row?.name).toBe('西湖区');
    expect(row?.year).toBe(2023);
    expect(row?.source).toMatchObject({ file: 'a.csv', line: 7 });
    expect(row?.source.columns?.get('resident_population')).toBe(4);
    expect(Array.from(row?.values ?? [])).toEqual([1234, NaN, 1, NaN]);
  });

  it('accepts full-width digits in code and year, and 年 after the year', () => {
    const { row } = recordToRow(['３３０１０６', '', '2023年', '', '', '', ''], columns, plan, 'a.csv', 2);
    expect(row?.code).toBe('330106');
    expect(row?.year).toBe(2023);
    expect(row?.name).toBeUndefined();
  });

  it('reports a cell that is not a number, with its place, and keeps the row', () => {
    const { row, diagnostics } = recordToRow(['330106', '', '2023', 'many', '', '', ''], columns, plan, 'a.csv', 4);
    expect(Number.isNaN(row?.values[0])).toBe(true);
    expect(diagnostics).toEqual([
      {
        code: 'NOT_A_NUMBER',
        severity: 'error',
        file: 'a.csv',
        line: 4,
        column: 4,
        field: 'resident_population',
        region: '330106',
        year: 2023,
        args: { value: 'many' },
      },
    ]);
  });

  it('checks negatives, ranges and whole numbers', () => {
    const { diagnostics } = recordToRow(['330106', '', '2023', '-5', '-1', '2', '-150'], columns, plan, 'a.csv', 2);
    expect(diagnostics.map((d) => [d.code, d.column, d.args])).toEqual([
      ['NEGATIVE_COUNT', 4, { value: -5 }],
      // an income is not a count: below its declared minimum it is out of range
      ['OUT_OF_RANGE', 5, { value: -1, min: 0 }],
      ['OUT_OF_RANGE', 6, { value: 2, min: 0, max: 1 }],
      ['OUT_OF_RANGE', 7, { value: -150, min: -100, max: 100 }],
    ]);
    const fraction = recordToRow(['330106', '', '2023', '10.5', '', '', ''], columns, plan, 'a.csv', 2);
    expect(fraction.diagnostics.map((d) => [d.code, d.severity])).toEqual([['NOT_INTEGER', 'warning']]);
    expect(fraction.row?.values[0]).toBe(10.5);
  });

  it('reports more or fewer cells than the header and parses what is there', () => {
    const short = recordToRow(['330106', '', '2023', '5'], columns, plan, 'a.csv', 3);
    expect(short.diagnostics.map((d) => [d.code, d.column, d.args])).toEqual([
      ['CELL_COUNT', 5, { expected: 7, actual: 4 }],
    ]);
    expect(short.row?.values[0]).toBe(5);
    const long = recordToRow(['330106', '', '2023', '5', '', '', '', 'extra'], columns, plan, 'a.csv', 3);
    expect(long.diagnostics.map((d) => [d.code, d.column])).toEqual([['CELL_COUNT', 8]]);
    expect(long.row).not.toBeNull();
  });

  it.each(['33010', '3301066', '33010a', '', '3.30106E+11'])('rejects region code %j and gives no row', (code) => {
    const { row, diagnostics } = recordToRow([code, '', '2023', '', '', '', ''], columns, plan, 'a.csv', 2);
    expect(row).toBeNull();
    expect(diagnostics.map((d) => [d.code, d.column, d.field, d.region])).toEqual([
      ['REGION_CODE_MALFORMED', 1, 'region_code', undefined],
    ]);
  });

  it.each(['', '23', '二〇二三', '2023.5', '1800'])('rejects year %j and gives no row', (year) => {
    const { row, diagnostics } = recordToRow(['330106', '', year, '', '', '', ''], columns, plan, 'a.csv', 2);
    expect(row).toBeNull();
    expect(diagnostics.map((d) => [d.code, d.column, d.region])).toEqual([['YEAR_INVALID', 3, '330106']]);
  });
});

describe('regionLevel and parentCode', () => {
  it.each([
    ['330000', 'province', null],
    ['330100', 'city', '330000'],
    ['330106', 'county', '330100'],
    ['330106001', 'township', '330106'],
    ['330106001001', 'village', '330106001'],
  ])('%s is a %s with parent %s', (code, level, parent) => {
    expect(regionLevel(code)).toBe(level);
    expect(parentCode(code)).toBe(parent);
  });

  it.each(['', '33', '3301061', 'abcdef', '3301060010011'])('%j has no level and no parent', (code) => {
    expect(regionLevel(code)).toBeNull();
    expect(parentCode(code)).toBeNull();
  });
});
