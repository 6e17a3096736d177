// `--format xlsx` reports and the `template --format xlsx` fill-in sheet, read back with the tool's
// own reader (values) and from the parts' XML (styles, panes, filters, validations).

import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import yauzl from 'yauzl';
import { describe, expect, it } from 'vitest';
import { fixture, runCli } from '../helpers/cli.js';
import { columnLetter, columnWidths, displayWidth, escapeText, ReplacedChars, STYLE, workbookBytes, writeWorkbook, WIDTH_SAMPLE_ROWS } from '../../src/format/xlsx.js';
import { TEMPLATE_HEADER_ROW, VALIDATED_ROWS } from '../../src/format/xlsx-template.js';
import { readWorksheet } from '../../src/io/read-xlsx.js';
import { assertOutputFits } from '../../src/io/write-output.js';
import { PlanmetricsError, type Diagnostic } from '../../src/core/diagnostics.js';
import { STATUSES } from '../../src/core/types.js';
import { describeDiagnostic } from '../../src/format/messages.js';
import { OUTPUT_FORMAT_NAMES } from '../../src/format/index.js';
import { NATIONAL_PLAN, runCliBytes, tempDir } from './run.js';

/** Every row of one sheet, as the reader gives it (cell texts from column A). */
async function sheetRows(file: string, sheet?: string): Promise<{ sheets: string[]; rows: string[][] }> {
  const rows: string[][] = [];
  const read = await readWorksheet(file, sheet === undefined ? {} : { sheet }, (cells, line) => {
    rows[line - 1] = Array.from(cells, (cell) => cell ?? '');
  });
  expect(read.problem).toBeNull();
  return { sheets: read.sheets, rows: Array.from(rows, (row) => row ?? []) };
}

/** One part of the package as text. */
function part(file: string, name: string): Promise<string> {
  return new Promise((resolve, reject) => {
    yauzl.open(file, { lazyEntries: true }, (error, zip) => {
      if (error || !zip) return reject(error);
      zip.on('entry', (entry: yauzl.Entry) => {
        if (entry.fileName !== name) return zip.readEntry();
        zip.openReadStream(entry, async (streamError, stream) => {
          if (streamError || !stream) return reject(streamError);
          const chunks: Buffer[] = [];
          for await (const chunk of stream) chunks.push(chunk as Buffer);
          zip.close();
          resolve(Buffer.concat(chunks).toString('utf8'));
        });
      });
      zip.on('end', () => reject(new Error(`no part ${name}`)));
      zip.readEntry();
    });
  });
}

function columnWidth(sheetXml: string, column: number): number {
  const match = new RegExp(`<col min="${column}" max="${column}" width="([\\d.]+)"`).exec(sheetXml);
  if (!match) throw new Error(`no width for column ${column}`);
  return Number(match[1]);
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
  it('writes a workbook the tool reads back: numbers as numbers, coloured statuses, a frozen, filtered header and fitted widths', async () => {
    const dir = tempDir();
    const file = join(dir, 'report.xlsx');
    const run = await runCli(['check', '--format', 'xlsx', '-o', file]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const json = JSON.parse((await runCli(['check', '--format', 'json'])).stdout);

    const { sheets, rows } = await sheetRows(file);
    expect(sheets).toEqual(['检查结果', '汇总']);
    expect(rows).toHaveLength(json.results.length + 1);
    const header = rows[0]!;
    const value = header.indexOf('数值');
    const indicator = header.indexOf('指标');
    json.results.forEach((result: { value: number | null; region_code: string }, index: number) => {
      const row = rows[index + 1]!;
      expect(row[0]).toBe(result.region_code);
      if (result.value === null) expect(row[value] ?? '').toBe('');
      else expect(Number(row[value])).toBeCloseTo(result.value, 4);
    });

    const xml = await part(file, 'xl/worksheets/sheet1.xml');
    expect(xml).toContain('<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>');
    expect(xml).toContain('<autoFilter ref="A1:R1"/>');
    // Each status cell carries its status's style, and each style its own fill.
    const statusColumn = String.fromCharCode(65 + header.indexOf('状态'));
    json.results.forEach((result: { status: (typeof STATUSES)[number] }, index: number) => {
      expect(xml).toContain(`<c r="${statusColumn}${index + 2}" s="${STYLE.status + STATUSES.indexOf(result.status)}" t="inlineStr">`);
    });
    const styles = await part(file, 'xl/styles.xml');
    const fills = [...styles.matchAll(/<fgColor rgb="(\w+)"\/>/g)].map((m) => m[1]);
    expect(new Set(fills).size).toBe(fills.length);
    expect(fills).toEqual(expect.arrayContaining(['FFC8E6C9', 'FFFFE0B2']));

    const indicatorWidth = columnWidth(xml, indicator + 1);
    expect(indicatorWidth).toBeGreaterThanOrEqual(displayWidth('每万城镇常住人口拥有专职社区工作者数量'));
    expect(indicatorWidth).toBeLessThanOrEqual(60);

    const summary = await sheetRows(file, '汇总');
    expect(summary.rows[1]).toEqual(['达标', String(json.summary.met)]);
  });

  it('writes the same workbook to a pipe as to a file, and English sheet names with --lang en', async () => {
    const args = ['check', '--format', 'xlsx', '--lang', 'en', '--plan', NATIONAL_PLAN, fixture('national', 'provinces.csv')];
    const run = await runCliBytes(args);
    expect(run.code).toBe(0);
    expect(run.stdout.subarray(0, 4)).toEqual(Buffer.from('PK\x03\x04', 'latin1'));
    const file = join(tempDir(), 'national.xlsx');
    expect((await runCli([...args, '-o', file])).code).toBe(0);
    const piped = join(tempDir(), 'piped.xlsx');
    writeFileSync(piped, run.stdout);
    // The summary sheet says when each was made; the results are the same.
    expect((await sheetRows(piped)).rows).toEqual((await sheetRows(file)).rows);
    expect((await sheetRows(file)).sheets).toEqual(['Check results', 'Summary']);
  });

  it('writes compute and indicators as workbooks too', async () => {
    const dir = tempDir();
    const computed = join(dir, 'compute.xlsx');
    expect((await runCli(['compute', '--format', 'xlsx', '-o', computed, '--year', '2024'])).code).toBe(0);
    const values = (await sheetRows(computed)).rows;
    expect(values[0]![0]).toBe('行政区划代码');
    expect(Number.isFinite(Number(values[1]![4]))).toBe(true);
    expect(await part(computed, 'xl/worksheets/sheet1.xml')).toMatch(/<c r="E2"><v>[\d.]+<\/v><\/c>/);

    const listed = join(dir, 'indicators.xlsx');
    expect((await runCli(['indicators', '--format', 'xlsx', '-o', listed])).code).toBe(0);
    expect((await sheetRows(listed)).sheets).toEqual(['指标', '填报字段']);
  });
});

describe('the workbook writer', () => {
  it('reads rows only as the output is consumed, so memory does not grow with the report', async () => {
    let made = 0;
    const rows = (function* () {
      for (let i = 0; i < 30_000; i++) {
        made += 1;
        yield [`33${String(i).padStart(10, '0')}`, '某村', 2024, i / 7];
      }
    })();
    const chunks = writeWorkbook([{ name: 'big', rows }]);
    const iterator = chunks[Symbol.asyncIterator]();
    await iterator.next();
    await iterator.next();
    // The first chunks are out while most rows are yet to be made.
    expect(made).toBeLessThan(15_000);
    let bytes = 0;
    for (let next = await iterator.next(); !next.done; next = await iterator.next()) bytes += next.value.length;
    expect(made).toBe(30_000);
    expect(bytes).toBeGreaterThan(0);
  });

  it('fits widths to the first rows, and writes the rest the same', async () => {
    const rows = [['code'], ...Array.from({ length: WIDTH_SAMPLE_ROWS + 5 }, (_, i) => [i === WIDTH_SAMPLE_ROWS + 2 ? 'x'.repeat(40) : 'short'])];
    const file = join(tempDir(), 'widths.xlsx');
    writeFileSync(file, await workbookBytes(writeWorkbook([{ name: 'S', rows }])));
    expect(columnWidth(await part(file, 'xl/worksheets/sheet1.xml'), 1)).toBe(7);
    expect((await sheetRows(file)).rows).toEqual(rows);
  });

  it('writes characters a workbook cannot hold as U+FFFD, says how many and where, and reads its output back', async () => {
    const warnings: Diagnostic[] = [];
    const rows = [
      ['name', 'note'],
      ['a\u0001b', 'keep\ttab\nand line'],
      ['\uFFFE', 'lone \uD800 surrogate, literal _x0041_ and <&>'],
    ];
    const file = join(tempDir(), 'chars.xlsx');
    writeFileSync(file, await workbookBytes(writeWorkbook([{ name: '数据', rows }], warnings)));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatchObject({ code: 'OUTPUT_CHARS_REPLACED', severity: 'warning', args: { count: 3, where: '数据!A2' } });
    expect(describeDiagnostic(warnings[0]!, 'en')).toMatch(/^3 character\(s\) .* first at 数据!A2,/);
    expect((await sheetRows(file)).rows).toEqual([
      ['name', 'note'],
      ['a\uFFFDb', 'keep\ttab\nand line'],
      ['\uFFFD', 'lone \uFFFD surrogate, literal _x0041_ and <&>'],
    ]);
  });

  it('keeps leading or trailing white space (ASCII, no-break, ideographic) with xml:space, and no other cell gets it', async () => {
    const rows = [['name'], [' 杭州'], ['宁波\u3000'], ['\u00a0温州'], ['台 州'], ['x\t']];
    const file = join(tempDir(), 'spaces.xlsx');
    writeFileSync(file, await workbookBytes(writeWorkbook([{ name: 'S', rows }])));
    const xml = await part(file, 'xl/worksheets/sheet1.xml');
    const preserved = [...xml.matchAll(/<t( xml:space="preserve")?>([^<]*)<\/t>/g)].filter((m) => m[1]).map((m) => m[2]);
    expect(preserved).toEqual([' 杭州', '宁波\u3000', '\u00a0温州', 'x\t']);
    expect((await sheetRows(file)).rows).toEqual(rows);
  });

  it('escapes markup and leaves clean text as it is', () => {
    const replaced = new ReplacedChars();
    expect(escapeText('杭州市 330100', replaced)).toBe('杭州市 330100');
    expect(escapeText('a<b & c>d', replaced)).toBe('a&lt;b &amp; c&gt;d');
    expect(replaced.warning()).toBeNull();
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
      if (error instanceof PlanmetricsError) return error.diagnostics.map((d) => `${d.code} ${describeDiagnostic(d, 'en')}`).join('\n');
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
  async function template(...extra: string[]): Promise<{ file: string; rows: string[][]; xml: string }> {
    const file = join(tempDir(), 'template.xlsx');
    const run = await runCli(['template', '--format', 'xlsx', '-o', file, ...extra]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    return { file, rows: (await sheetRows(file)).rows, xml: await part(file, 'xl/worksheets/sheet1.xml') };
  }

  it('has a merged title, a units row and a header of Chinese labels, frozen below the header', async () => {
    const { rows, xml } = await template();
    expect(rows[0]![0]).toContain('浙江省城乡现代社区服务体系建设');
    const header = rows[TEMPLATE_HEADER_ROW - 1]!;
    expect(header.slice(0, 4)).toEqual(['行政区划代码', '地区名称', '年份', '常住人口']);
    expect(rows[1]![3]).toBe('人');
    expect(rows[1]![header.indexOf('居民户数')]).toBe('户');
    expect(xml).toMatch(/<mergeCell ref="A1:[A-Z]+1"\/>/);
    expect(xml).toContain(`<pane xSplit="3" ySplit="${TEMPLATE_HEADER_ROW}" topLeftCell="D${TEMPLATE_HEADER_ROW + 1}" activePane="bottomRight" state="frozen"/>`);
  });

  it('accepts only numbers ≥ 0 in the input columns, whole numbers for counts, and years of the plan', async () => {
    const { rows, xml } = await template();
    const header = rows[TEMPLATE_HEADER_ROW - 1]!;
    const letter = (label: string): string => columnLetter(header.indexOf(label) + 1);
    const range = (label: string): string => `${letter(label)}${TEMPLATE_HEADER_ROW + 1}:${letter(label)}${TEMPLATE_HEADER_ROW + VALIDATED_ROWS}`;
    expect(xml).toMatch(new RegExp(`<dataValidation type="whole" errorStyle="stop" operator="greaterThanOrEqual"[^>]*sqref="${range('常住人口')}"><formula1>0</formula1></dataValidation>`));
    expect(xml).toMatch(new RegExp(`<dataValidation type="decimal" [^>]*sqref="${range('城镇居民人均可支配收入')}"><formula1>0</formula1>`));
    expect(xml).toMatch(/<dataValidation type="whole" errorStyle="stop" operator="between"[^>]*sqref="C4:C1003"><formula1>2020<\/formula1><formula2>2025<\/formula2>/);
    expect(xml).not.toMatch(/sqref="A4/);
  });

  it('pre-fills one row per division with --year and --level, codes stored as text', async () => {
    const { rows, xml } = await template('--year', '2024', '--level', 'city');
    const divisions = rows.slice(TEMPLATE_HEADER_ROW);
    expect(divisions).toHaveLength(11);
    expect(divisions[0]!.slice(0, 3)).toEqual(['330100', '杭州市', '2024']);
    expect(xml).toContain(`<c r="A${TEMPLATE_HEADER_ROW + 1}" s="${STYLE.text}" t="inlineStr"><is><t>330100</t></is></c>`);
  });

  it('leaves the CSV template as it was', async () => {
    const dir = tempDir();
    const file = join(dir, 't.csv');
    expect((await runCli(['template', '-o', file])).code).toBe(0);
    expect(readFileSync(file, 'utf8').startsWith('region_code,region_name,year,resident_population')).toBe(true);
  });
});
