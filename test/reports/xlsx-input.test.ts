// Excel submissions read exactly like a CSV of the same content (fixtures: test/tools/make-xlsx-fixtures.mjs).

import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { smallPlan } from '../helpers/plan.js';
import { fixture, runCli } from '../helpers/cli.js';
import { cellText, readXlsxSubmission, rowCells } from '../../src/io/read-xlsx.js';
import type { SubmissionRow } from '../../src/core/types.js';
import { tempDir } from './run.js';

describe('cellText: a cell as the text a CSV export holds', () => {
  it('reads numbers so that they parse back to the same double', () => {
    for (const value of [0, 68000, 12.5, 0.1 + 0.2, 1e21, -3.25, 123456789012345]) expect(Number(cellText(value))).toBe(value);
  });

  it('reads text, rich text, formula results, hyperlinks, errors, booleans and dates', () => {
    expect(cellText(' 330100 ')).toBe(' 330100 ');
    expect(cellText({ richText: [{ text: '杭州' }, { text: '市' }] })).toBe('杭州市');
    expect(cellText({ formula: 'A1*2', result: 42 })).toBe('42');
    expect(cellText({ formula: 'A1*2' })).toBe('');
    expect(cellText({ text: '浙江省', hyperlink: 'https://example.org' })).toBe('浙江省');
    expect(cellText({ error: '#DIV/0!' })).toBe('#DIV/0!');
    expect(cellText(true)).toBe('TRUE');
    expect(cellText(new Date('2024-12-31T00:00:00Z'))).toBe('2024-12-31');
    expect(cellText(null)).toBe('');
    expect(cellText(Number.NaN)).toBe('');
  });

  it('starts rows at column A, pads them to the header width and drops trailing blanks beyond it', () => {
    expect(rowCells([undefined, '330100', undefined, 2024], 5)).toEqual(['330100', '', '2024', '', '']);
    expect(rowCells([undefined, 'a', 'b', null, ''], 2)).toEqual(['a', 'b']);
    expect(rowCells([undefined, 'a', 'b', null, 'stray'], 2)).toEqual(['a', 'b', '', 'stray']);
  });
});

describe('an .xlsx submission through the CLI', () => {
  it('gives the same check --format json output as the CSV of the same content', async () => {
    const fromCsv = await runCli(['check', '--format', 'json', '--year', 'all', fixture('xlsx', 'cities.csv')]);
    const fromXlsx = await runCli(['check', '--format', 'json', '--year', 'all', fixture('xlsx', 'cities.xlsx')]);
    expect(fromCsv.code).toBe(0);
    expect(fromXlsx.stderr).toBe(fromCsv.stderr);
    expect(fromXlsx.code).toBe(fromCsv.code);
    const results = JSON.parse(fromXlsx.stdout).results as { value: number | null }[];
    expect(results.filter((r) => r.value !== null).length).toBeGreaterThan(500);
    expect(fromXlsx.stdout).toBe(fromCsv.stdout);
  });

  it('reports cell problems at the sheet’s own row and column numbers, below the title rows', async () => {
    const run = await runCli(['check', fixture('xlsx', 'bad-cells.xlsx'), '--lang', 'en']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('bad-cells.xlsx:5:5: error NOT_A_NUMBER');
    expect(run.stderr).toContain('bad-cells.xlsx:6:1: error REGION_CODE_MALFORMED');
  });

  it('reads the first sheet unless --sheet names another', async () => {
    const first = await runCli(['check', fixture('xlsx', 'two-sheets.xlsx'), '--lang', 'en']);
    expect(first.code).toBe(2);
    expect(first.stderr).toMatch(/two-sheets\.xlsx:1: error COLUMN_MISSING .*region_code/);

    const named = await runCli(['check', fixture('xlsx', 'two-sheets.xlsx'), '--sheet', '2024数据', '--format', 'json']);
    expect(named.code).toBe(0);
    const report = JSON.parse(named.stdout);
    expect(report.year).toBe(2024);
    expect(report.results.some((r: { region_code: string; value: number | null }) => r.region_code === '330200' && r.value !== null)).toBe(true);
  });

  it('names the sheets there are when --sheet names none of them', async () => {
    const run = await runCli(['check', fixture('xlsx', 'two-sheets.xlsx'), '--sheet', '2023', '--lang', 'en']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('no worksheet named "2023" (sheets: 说明, 2024数据)');
  });

  it('says a file that is not a workbook cannot be read, without a stack trace', async () => {
    const dir = tempDir();
    const fake = join(dir, 'fake.xlsx');
    writeFileSync(fake, 'region_code,year\n330100,2024\n');
    const run = await runCli(['check', fake, join(dir, 'missing.xlsx'), '--lang', 'en']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('fake.xlsx: error FILE_UNREADABLE');
    expect(run.stderr).toContain('missing.xlsx: error FILE_UNREADABLE');
    expect(run.stderr).toContain('ENOENT');
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });
});

describe('readXlsxSubmission', () => {
  async function workbookFile(rows: unknown[][]): Promise<string> {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('数据');
    for (const row of rows) sheet.addRow(row);
    const file = join(tempDir(), 'submission.xlsx');
    await workbook.xlsx.writeFile(file);
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
