// Excel submissions read exactly like a CSV of the same content, whichever program wrote the
// workbook (fixtures: test/tools/make-xlsx-fixtures.mjs and .py, made once and committed).

import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import yazl from 'yazl';
import { describe, expect, it } from 'vitest';
import { smallPlan } from '../helpers/plan.js';
import { fixture, runCli } from '../helpers/cli.js';
import { runCheck } from '../../src/commands/check.js';
import { PlanmetricsError, type Diagnostic } from '../../src/core/diagnostics.js';
import { cellText, readWorksheet, readXlsxSubmission, resolveTarget, rowCells } from '../../src/io/read-xlsx.js';
import { workbookBytes, writeWorkbook } from '../../src/format/xlsx.js';
import { describeDiagnostic } from '../../src/format/messages.js';
import type { Cell } from '../../src/format/csv.js';
import type { SubmissionRow } from '../../src/core/types.js';
import { tempDir } from './run.js';
import { outputText } from '../helpers/output.js';

/** `check --format json --year all`, in-process: the JSON, or the codes of what stopped it. */
async function checkJson(file: string, sheet?: string): Promise<{ output: string; warnings: Diagnostic[] }> {
  const options = { format: 'json', lang: 'zh', encoding: 'auto', color: false, failOn: 'binding', year: 'all', ...(sheet ? { sheet } : {}) } as const;
  const result = await runCheck([file], options as Parameters<typeof runCheck>[1]);
  return { output: await outputText(result.output), warnings: result.warnings };
}

async function failure(run: () => Promise<unknown>): Promise<Diagnostic[]> {
  try {
    await run();
  } catch (error) {
    if (error instanceof PlanmetricsError) return error.diagnostics;
    throw error;
  }
  throw new Error('expected the run to fail');
}

describe('cellText: a cell as the text a CSV export holds', () => {
  it('reads stored numbers so that they parse back to the same double', () => {
    for (const value of [0, 68000, 12.5, 0.1 + 0.2, 1e21, -3.25, 123456789012345]) expect(Number(cellText('n', String(value), []))).toBe(value);
    expect(cellText('n', '6.8E4', [])).toBe('68000');
    expect(cellText('n', '', [])).toBe('');
  });

  it('reads shared and inline strings, formula strings, booleans, errors and dates', () => {
    expect(cellText('s', '1', ['a', ' 330100 '])).toBe(' 330100 ');
    expect(cellText('s', '7', ['a'])).toBe('');
    expect(cellText('inlineStr', '杭州市', [])).toBe('杭州市');
    expect(cellText('str', 'line_x000D_break', [])).toBe('line\rbreak');
    expect(cellText('b', '1', [])).toBe('TRUE');
    expect(cellText('b', '0', [])).toBe('FALSE');
    expect(cellText('e', '#DIV/0!', [])).toBe('#DIV/0!');
    expect(cellText('d', '2024-12-31T00:00:00Z', [])).toBe('2024-12-31');
  });

  it('starts rows at column A, pads them to the header width and drops trailing blanks beyond it', () => {
    expect(rowCells(['330100', undefined, '2024'], 5)).toEqual(['330100', '', '2024', '', '']);
    expect(rowCells(['a', 'b', undefined, ''], 2)).toEqual(['a', 'b']);
    expect(rowCells(['a', 'b', undefined, 'stray'], 2)).toEqual(['a', 'b', '', 'stray']);
  });

  it('resolves relationship targets relative to their part, or from the root when absolute', () => {
    expect(resolveTarget('xl/workbook.xml', 'worksheets/sheet1.xml')).toBe('xl/worksheets/sheet1.xml');
    expect(resolveTarget('xl/workbook.xml', '/xl/worksheets/sheet1.xml')).toBe('xl/worksheets/sheet1.xml');
    expect(resolveTarget('xl/workbook.xml', '../customXml/item1.xml')).toBe('customXml/item1.xml');
    expect(resolveTarget('', 'xl/workbook.xml')).toBe('xl/workbook.xml');
    expect(resolveTarget('xl/workbook.xml', 'worksheets/sheet%201.xml')).toBe('xl/worksheets/sheet 1.xml');
    expect(resolveTarget('xl/workbook.xml', 'worksheets/100%.xml')).toBe('xl/worksheets/100%.xml');
  });
});

describe('a workbook gives the same check --format json as the CSV of the same rows', () => {
  /** The CSV's check, the oracle of every workbook here: run once, on first use. */
  let csvRun: ReturnType<typeof checkJson> | undefined;
  const csvCheck = () => (csvRun ??= checkJson(fixture('xlsx', 'cities.csv')));

  const writers: [string, string, string?][] = [
    ['exceljs 4.4.0, title rows above the header', 'cities.xlsx'],
    ['openpyxl, its default sheet "Sheet" (pandas to_excel)', 'openpyxl-default.xlsx'],
    ['openpyxl, a named second sheet with absolute relationship targets', 'openpyxl-named.xlsx', '填报表'],
    ['xlsxwriter, a merged title row', 'xlsxwriter.xlsx'],
    ['LibreOffice 7.4 Calc, the xlsxwriter file saved again', 'libreoffice.xlsx'],
  ];

  it.each(writers)('%s', async (_, file, sheet) => {
    const csv = await csvCheck();
    expect(JSON.parse(csv.output).results.filter((r: { value: number | null }) => r.value !== null).length).toBeGreaterThan(500);
    const workbook = await checkJson(fixture('xlsx', file), sheet);
    expect(workbook.warnings).toEqual(csv.warnings);
    expect(workbook.output).toBe(csv.output);
  });

  it('SheetJS, which zips the sheet before workbook.xml: the same, ten times over', async () => {
    const csv = (await csvCheck()).output;
    const runs = await Promise.all(Array.from({ length: 10 }, () => checkJson(fixture('xlsx', 'sheetjs.xlsx'))));
    for (const run of runs) expect(run.output).toBe(csv);
  });

  it('reads planmetrics’ own template once filled in by openpyxl', async () => {
    const options = { format: 'json', lang: 'zh', encoding: 'auto', color: false, failOn: 'binding', indicator: ['beautiful_villages_pct'], level: 'province' } as const;
    const result = await runCheck([fixture('xlsx', 'template-filled-openpyxl.xlsx')], options as unknown as Parameters<typeof runCheck>[1]);
    const [province] = JSON.parse(await outputText(result.output)).results;
    // 11 cities × 1000 villages; rows 4, 6, … (6 cities) have 900, the other 5 have '800' as text.
    expect(province.value).toBeCloseTo(((6 * 900 + 5 * 800) / 11000) * 100, 10);
    expect(province.coverage).toMatchObject({ used: 11, expected: 11 });
  });
});

describe('sheets and problems with the file', () => {
  it('reports cell problems at the sheet’s own row and column numbers, below the title rows', async () => {
    const found = await failure(() => checkJson(fixture('xlsx', 'bad-cells.xlsx')));
    expect(found.map((d) => `${d.line}:${d.column} ${d.code}`)).toEqual(expect.arrayContaining(['5:5 NOT_A_NUMBER', '6:1 REGION_CODE_MALFORMED']));
  });

  it('reads the first sheet unless --sheet names another, and names the sheets there are when it names none', async () => {
    const first = await failure(() => checkJson(fixture('xlsx', 'two-sheets.xlsx')));
    expect(first.map((d) => [d.code, d.line])).toEqual([['COLUMN_MISSING', 1], ['COLUMN_MISSING', 1]]);

    const named = JSON.parse((await checkJson(fixture('xlsx', 'two-sheets.xlsx'), '2024数据')).output);
    expect(named.year).toBe(2024);
    expect(named.results.some((r: { region_code: string; value: number | null }) => r.region_code === '330200' && r.value !== null)).toBe(true);

    const missing = await failure(() => checkJson(fixture('xlsx', 'two-sheets.xlsx'), '2023'));
    expect(missing.map((d) => d.code)).toEqual(['SHEET_NOT_FOUND']);
    expect(describeDiagnostic(missing[0]!, 'en')).toContain('no worksheet named "2023" (sheets: 说明, 2024数据)');
  });

  it('refuses an Excel 97-2003 file with advice to save it as .xlsx or CSV, in both languages', async () => {
    const [problem] = (await readXlsxSubmission(fixture('xlsx', 'old-excel.xls'), smallPlan(), {}, () => undefined)).diagnostics;
    expect(problem?.code).toBe('WORKBOOK_UNSUPPORTED');
    expect(describeDiagnostic(problem!, 'en')).toMatch(/Excel 97-2003 \(\.xls\).*Save As.*\.xlsx.*CSV/);
    expect(describeDiagnostic(problem!, 'zh')).toMatch(/另存为.*xlsx.*CSV/);
  });

  it('says a cut-off workbook, or another file named .xlsx, is damaged, not that the path may be wrong', async () => {
    const dir = tempDir();
    const fake = join(dir, 'fake.xlsx');
    writeFileSync(fake, 'region_code,year\n330100,2024\n');
    for (const file of [fixture('xlsx', 'corrupt.xlsx'), fake]) {
      const [problem] = (await readXlsxSubmission(file, smallPlan(), {}, () => undefined)).diagnostics;
      expect(problem?.code).toBe('WORKBOOK_CORRUPT');
      expect(describeDiagnostic(problem!, 'en')).toMatch(/damaged or cut off.*save it again as \.xlsx/);
      expect(describeDiagnostic(problem!, 'en')).not.toMatch(/path exists/);
    }
    const [missing] = (await readXlsxSubmission(join(dir, 'missing.xlsx'), smallPlan(), {}, () => undefined)).diagnostics;
    expect(missing).toMatchObject({ code: 'FILE_UNREADABLE', args: { reason: 'ENOENT' } });
  });

  it('prints them without a stack trace from the CLI', async () => {
    const run = await runCli(['check', fixture('xlsx', 'corrupt.xlsx'), fixture('xlsx', 'old-excel.xls'), '--lang', 'en']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('corrupt.xlsx: error WORKBOOK_CORRUPT');
    expect(run.stderr).toContain('old-excel.xls: error WORKBOOK_UNSUPPORTED');
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });
});

/** A package of hand-written parts, zipped in the order given. */
async function packageFile(parts: [string, string][]): Promise<string> {
  const zip = new yazl.ZipFile();
  for (const [name, xml] of parts) zip.addBuffer(Buffer.from(xml), name);
  zip.end();
  const chunks: Buffer[] = [];
  for await (const chunk of zip.outputStream as AsyncIterable<Buffer>) chunks.push(chunk);
  const file = join(tempDir(), 'handmade.xlsx');
  writeFileSync(file, Buffer.concat(chunks));
  return file;
}

describe('the parts of a workbook as other writers lay them out', () => {
  it('follows absolute targets and prefixed names, skips phonetic guides, and fills cells without references in order', async () => {
    const file = await packageFile([
      [
        'xl/worksheets/data.xml',
        '<x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><x:sheetData>' +
          '<x:row><x:c t="s"><x:v>0</x:v></x:c><x:c><x:v>2024</x:v></x:c></x:row>' +
          '<x:row r="3"><x:c r="B3" t="inlineStr"><x:is><x:r><x:t>杭州</x:t></x:r><x:r><x:t xml:space="preserve">市 </x:t></x:r></x:is></x:c>' +
          '<x:c r="D3" t="b"><x:v>1</x:v></x:c><x:c r="E3"><x:f>1/0</x:f><x:v>#DIV/0!</x:v></x:c><x:c r="F3" t="str"><x:f>A1</x:f><x:v>a&amp;b</x:v></x:c>' +
          '<x:c r="G3"><x:f>SUM(A1:A2)</x:f></x:c><x:c r="H3" t="s"><x:v>1</x:v></x:c></x:row></x:sheetData></x:worksheet>',
      ],
      [
        'xl/strings.xml',
        '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>行政区划代码</t></si>' +
          '<si><r><t>西湖</t></r><r><t>区</t></r><rPh sb="0" eb="2"><t>xīhú</t></rPh></si></sst>',
      ],
      [
        'xl/_rels/book.xml.rels',
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
          '<Relationship Id="a1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="/xl/worksheets/data.xml"/>' +
          '<Relationship Id="a2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="strings.xml"/></Relationships>',
      ],
      [
        'xl/book.xml',
        '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:rel="http://schemas.openxmlformats.org/officeDocument/2006/relationships">' +
          '<sheets><sheet name="填报" sheetId="7" rel:id="a1"/></sheets></workbook>',
      ],
      [
        '_rels/.rels',
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
          '<Relationship Id="r1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="/xl/book.xml"/></Relationships>',
      ],
    ]);
    const rows: [number, (string | undefined)[]][] = [];
    const read = await readWorksheet(file, {}, (cells, line) => rows.push([line, [...cells]]));
    expect(read).toEqual({ sheets: ['填报'], problem: null });
    expect(rows).toEqual([
      [1, ['行政区划代码', '2024']],
      [3, [undefined, '杭州市 ', undefined, 'TRUE', '#DIV/0!', 'a&b', '', '西湖区']],
    ]);
  });

  it('says which part is broken when a sheet is not well-formed XML', async () => {
    const file = await packageFile([
      ['[Content_Types].xml', '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>'],
      ['xl/workbook.xml', '<workbook xmlns:r="r"><sheets><sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>'],
      ['xl/_rels/workbook.xml.rels', '<Relationships><Relationship Id="rId1" Type="x/worksheet" Target="worksheets/sheet1.xml"/></Relationships>'],
      ['xl/worksheets/sheet1.xml', '<worksheet><sheetData><row r="1"><c><v>1</v></row></sheetData></worksheet>'],
    ]);
    const read = await readWorksheet(file, {}, () => undefined);
    expect(read.problem).toMatchObject({ code: 'WORKBOOK_CORRUPT' });
    expect(read.problem?.args.reason).toMatch(/^xl\/worksheets\/sheet1\.xml: /);
  });
});

describe('readXlsxSubmission', () => {
  async function workbookFile(rows: Cell[][]): Promise<string> {
    const file = join(tempDir(), 'submission.xlsx');
    writeFileSync(file, await workbookBytes(writeWorkbook([{ name: '数据', rows }])));
    return file;
  }

  it('skips every row above the first one naming both the region code and the year', async () => {
    const file = await workbookFile([
      ['某市 2024 年填报表'],
      ['年份', '说明：年份一栏填四位数'],
      [],
      ['行政区划代码', '年份', '城镇常住人口', 'community_workers'],
      ['330100', '2024', '1000000', 2000],
    ]);
    const rows: SubmissionRow[] = [];
    const result = await readXlsxSubmission(file, smallPlan(), {}, (row) => rows.push(row));
    expect(result.diagnostics).toEqual([]);
    expect(rows).toHaveLength(1);
    expect(rows[0]!.source.line).toBe(5);
    expect([rows[0]!.code, rows[0]!.year]).toEqual(['330100', 2024]);
    expect(Array.from(rows[0]!.values).filter((v) => !Number.isNaN(v))).toEqual([1000000, 2000]);
  });

  it('says FILE_EMPTY for a sheet with no rows at all', async () => {
    const file = await workbookFile([]);
    const result = await readXlsxSubmission(file, smallPlan(), {}, () => undefined);
    expect(result.diagnostics.map((d) => d.code)).toEqual(['FILE_EMPTY']);
  });

  it('passes an error thrown by the caller’s callback back to the caller', async () => {
    const file = await workbookFile([['region_code', 'year'], ['330100', 2024]]);
    await expect(readXlsxSubmission(file, smallPlan(), {}, () => {
      throw new Error('callback bug');
    })).rejects.toThrow('callback bug');
  });
});
