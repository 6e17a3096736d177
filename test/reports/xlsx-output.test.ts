// `--format xlsx` reports and the `template --format xlsx` fill-in sheet, read back with exceljs.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { fixture, runCli } from '../helpers/cli.js';
import { columnWidths, displayWidth } from '../../src/format/xlsx.js';
import { TEMPLATE_HEADER_ROW, VALIDATED_ROWS } from '../../src/format/xlsx-template.js';
import { assertOutputFits } from '../../src/io/write-output.js';
import { PlanmetricsError } from '../../src/core/diagnostics.js';
import { OUTPUT_FORMAT_NAMES } from '../../src/format/index.js';
import { NATIONAL_PLAN, runCliBytes, tempDir } from './run.js';

async function loadWorkbook(path: string): Promise<ExcelJS.Workbook> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(path);
  return workbook;
}

function headerIndex(sheet: ExcelJS.Worksheet, text: string, row = 1): number {
  const values = sheet.getRow(row).values as unknown[];
  const index = values.indexOf(text);
  if (index < 1) throw new Error(`no column ${text} in ${JSON.stringify(values)}`);
  return index;
}

function fillOf(cell: ExcelJS.Cell): string | undefined {
  const fill = cell.fill as ExcelJS.FillPattern | undefined;
  return fill?.fgColor?.argb;
}

describe('column widths', () => {
  it('counts a CJK or full-width character as two columns', () => {
    expect(displayWidth('abc')).toBe(3);
    expect(displayWidth('杭州市')).toBe(6);
    expect(displayWidth('智慧社区建成（县级，0/1）')).toBe(25);
    expect(columnWidths([['地区', 'x'], ['每万城镇常住人口拥有专职社区工作者数量', 12.5]])).toEqual([40, 6]);
  });
});

describe('check --format xlsx -o report.xlsx', () => {
  it('writes a workbook with numbers as numbers, coloured statuses, a frozen header and fitted widths', async () => {
    const dir = tempDir();
    const file = join(dir, 'report.xlsx');
    const run = await runCli(['check', '--format', 'xlsx', '-o', file]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const json = JSON.parse((await runCli(['check', '--format', 'json'])).stdout);

    const workbook = await loadWorkbook(file);
    expect(workbook.worksheets.map((s) => s.name)).toEqual(['检查结果', '汇总']);
    const sheet = workbook.getWorksheet('检查结果')!;
    expect(sheet.rowCount).toBe(json.results.length + 1);
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });

    const valueColumn = headerIndex(sheet, '数值');
    const statusColumn = headerIndex(sheet, '状态');
    const indicatorColumn = headerIndex(sheet, '指标');
    const fills = new Map<string, string | undefined>();
    json.results.forEach((result: { value: number | null; status: string }, index: number) => {
      const row = sheet.getRow(index + 2);
      const value = row.getCell(valueColumn).value;
      if (result.value === null) expect(value).toBeNull();
      else expect(value).toBeCloseTo(result.value, 4);
      fills.set(result.status, fillOf(row.getCell(statusColumn)));
    });
    // One distinct colour per status that occurs.
    expect(new Set(fills.values()).size).toBe(fills.size);
    expect(fills.get('met')).toBe('FFC8E6C9');
    expect(fills.get('off_track')).toBe('FFFFE0B2');

    const indicatorWidth = sheet.getColumn(indicatorColumn).width!;
    expect(indicatorWidth).toBeGreaterThanOrEqual(displayWidth('每万城镇常住人口拥有专职社区工作者数量'));
    expect(indicatorWidth).toBeLessThanOrEqual(60);

    const summary = workbook.getWorksheet('汇总')!;
    expect(summary.getRow(2).values).toEqual([undefined, '达标', json.summary.met]);
  });

  it('writes the same bytes to a pipe as to a file, and English sheet names with --lang en', async () => {
    const run = await runCliBytes(['check', '--format', 'xlsx', '--lang', 'en', '--plan', NATIONAL_PLAN, fixture('national', 'provinces.csv')]);
    expect(run.code).toBe(0);
    expect(run.stdout.subarray(0, 4)).toEqual(Buffer.from('PK\x03\x04', 'latin1'));
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(run.stdout as unknown as ExcelJS.Buffer);
    expect(workbook.worksheets.map((s) => s.name)).toEqual(['Check results', 'Summary']);
  });

  it('writes compute and indicators as workbooks too', async () => {
    const dir = tempDir();
    const computed = join(dir, 'compute.xlsx');
    expect((await runCli(['compute', '--format', 'xlsx', '-o', computed, '--year', '2024'])).code).toBe(0);
    const values = (await loadWorkbook(computed)).worksheets[0]!;
    expect(values.getRow(1).getCell(1).value).toBe('行政区划代码');
    expect(typeof values.getRow(2).getCell(5).value).toBe('number');

    const listed = join(dir, 'indicators.xlsx');
    expect((await runCli(['indicators', '--format', 'xlsx', '-o', listed])).code).toBe(0);
    expect((await loadWorkbook(listed)).worksheets.map((s) => s.name)).toEqual(['指标', '填报字段']);
  });
});

describe('--format choices', () => {
  it('offers every registered format, text and binary, on check', async () => {
    const help = await runCli(['check', '--help']);
    const choices = /--format <name>[^(]*\(choices: ([^)]*?), default/s.exec(help.stdout)?.[1];
    expect(choices?.split(/,\s*/).map((c) => c.replace(/"/g, ''))).toEqual([...OUTPUT_FORMAT_NAMES]);
  });
});

describe('output that cannot be written as asked is refused before any work', () => {
  function refusal(run: () => void): string {
    try {
      run();
    } catch (error) {
      if (error instanceof PlanmetricsError) return error.diagnostics.map((d) => `${d.code} ${d.args.message}`).join('\n');
      throw error;
    }
    return '';
  }

  it('refuses xlsx to a terminal, and allows it to a file or a pipe', () => {
    expect(refusal(() => assertOutputFits('xlsx', 'utf8', undefined, true))).toMatch(/^USAGE .*-o report\.xlsx/);
    expect(refusal(() => assertOutputFits('xlsx', 'utf8', '-', true))).toMatch(/^USAGE/);
    expect(refusal(() => assertOutputFits('xlsx', 'utf8', 'out.xlsx', true))).toBe('');
    expect(refusal(() => assertOutputFits('xlsx', 'utf8', undefined, false))).toBe('');
  });

  it('refuses a BOM or GB18030 for formats that are always UTF-8', () => {
    expect(refusal(() => assertOutputFits('json', 'utf8-bom', undefined, false))).toMatch(/^USAGE/);
    expect(refusal(() => assertOutputFits('html', 'gb18030', 'r.html', false))).toMatch(/^USAGE/);
    expect(refusal(() => assertOutputFits('csv', 'gb18030', undefined, false))).toBe('');
  });
});

describe('template --format xlsx', () => {
  async function template(...extra: string[]): Promise<{ file: string; sheet: ExcelJS.Worksheet }> {
    const file = join(tempDir(), 'template.xlsx');
    const run = await runCli(['template', '--format', 'xlsx', '-o', file, ...extra]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    return { file, sheet: (await loadWorkbook(file)).worksheets[0]! };
  }

  it('has a title, a units row and a header of Chinese labels, frozen below the header', async () => {
    const { sheet } = await template();
    expect(String(sheet.getCell('A1').value)).toContain('浙江省城乡现代社区服务体系建设');
    expect(sheet.getCell('A1').isMerged).toBe(true);
    const header = (sheet.getRow(TEMPLATE_HEADER_ROW).values as unknown[]).slice(1);
    expect(header.slice(0, 4)).toEqual(['行政区划代码', '地区名称', '年份', '常住人口']);
    expect(sheet.getRow(2).getCell(4).value).toBe('人');
    expect(sheet.getRow(2).getCell(header.indexOf('居民户数') + 1).value).toBe('户');
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: TEMPLATE_HEADER_ROW });
  });

  it('accepts only numbers ≥ 0 in the input columns, whole numbers for counts', async () => {
    const { sheet } = await template();
    const header = sheet.getRow(TEMPLATE_HEADER_ROW).values as unknown[];
    const counts = sheet.getRow(TEMPLATE_HEADER_ROW + 1).getCell(header.indexOf('常住人口')).dataValidation;
    expect(counts).toMatchObject({ type: 'whole', operator: 'greaterThanOrEqual', formulae: [0] });
    const income = sheet.getRow(TEMPLATE_HEADER_ROW + VALIDATED_ROWS).getCell(header.indexOf('城镇居民人均可支配收入')).dataValidation;
    expect(income).toMatchObject({ type: 'decimal', operator: 'greaterThanOrEqual', formulae: [0] });
    expect(sheet.getRow(TEMPLATE_HEADER_ROW + 1).getCell(1).dataValidation).toBeUndefined();
    expect(sheet.getRow(TEMPLATE_HEADER_ROW + 1).getCell(3).dataValidation).toMatchObject({ type: 'whole', operator: 'between', formulae: [2020, 2025] });
  });

  it('pre-fills one row per division with --year and --level, and reads back once filled in', async () => {
    const { file, sheet } = await template('--year', '2024', '--level', 'city');
    const codes = [];
    for (let r = TEMPLATE_HEADER_ROW + 1; r <= sheet.rowCount; r++) codes.push(sheet.getRow(r).getCell(1).value);
    expect(codes).toHaveLength(11);
    expect(codes[0]).toBe('330100');

    // A clerk fills in two columns for every city, some as numbers and some as text.
    const workbook = await loadWorkbook(file);
    const filled = workbook.worksheets[0]!;
    const header = filled.getRow(TEMPLATE_HEADER_ROW).values as unknown[];
    const villages = header.indexOf('行政村数');
    const beautiful = header.indexOf('新时代美丽乡村达标村数');
    for (let r = TEMPLATE_HEADER_ROW + 1; r <= filled.rowCount; r++) {
      filled.getRow(r).getCell(villages).value = 1000;
      filled.getRow(r).getCell(beautiful).value = r % 2 === 0 ? 900 : '800';
    }
    const filledFile = join(tempDir(), 'filled.xlsx');
    await workbook.xlsx.writeFile(filledFile);

    const run = await runCli(['check', filledFile, '--indicator', 'beautiful_villages_pct', '--format', 'json', '--level', 'province']);
    expect(run.stderr).toBe('');
    const [province] = JSON.parse(run.stdout).results;
    // 11 cities × 1000 villages; rows 4, 6, … (6 cities) have 900, the other 5 have 800.
    expect(province.value).toBeCloseTo(((6 * 900 + 5 * 800) / 11000) * 100, 10);
    expect(province.coverage).toMatchObject({ used: 11, expected: 11 });
  });

  it('leaves the CSV template as it was', async () => {
    const dir = tempDir();
    const file = join(dir, 't.csv');
    expect((await runCli(['template', '-o', file])).code).toBe(0);
    expect(readFileSync(file, 'utf8').startsWith('region_code,region_name,year,resident_population')).toBe(true);
  });
});
