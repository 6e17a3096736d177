// CSV as clerks save it (issue 15 item 3 and 4): GB18030, CRLF, a title line, 合计 rows, names
// instead of codes, other delimiters. Each must give the clean file's verdicts.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { runCheck } from '../../src/commands/check.js';
import { PlanmetricsError, type Diagnostic } from '../../src/core/diagnostics.js';
import { workbookBytes, writeWorkbook } from '../../src/format/xlsx.js';
import { loadPlan } from '../../src/io/read-plan.js';
import { readSubmission } from '../../src/io/read-submissions.js';
import { expectEqual } from '../helpers/equal.js';
import { settle } from '../helpers/output.js';

const SAMPLE = fileURLToPath(new URL('../../data/sample/', import.meta.url));
const CITIES = join(SAMPLE, 'zhejiang-cities.csv');
const COUNTIES = join(SAMPLE, 'zhejiang-counties.csv');
const dir = mkdtempSync(join(tmpdir(), 'planmetrics-clerk-'));

const options = { format: 'json', lang: 'en' as const, encoding: 'auto' as const, color: false, failOn: 'binding' as const };

async function verdicts(files: string[]): Promise<{ exitCode: number; results: unknown; warnings: Diagnostic[] }> {
  const result = await runCheck(files, { ...options, level: 'all', year: 'all' });
  const { text, exitCode } = await settle(result);
  return { exitCode, results: JSON.parse(text).results, warnings: result.warnings ?? [] };
}

/** The clean files' verdicts, the oracle of most tests here: worked out once, on first use. */
let cleanRun: ReturnType<typeof verdicts> | undefined;
const cleanVerdicts = () => (cleanRun ??= verdicts([CITIES, COUNTIES]));

const lines = readFileSync(COUNTIES, 'utf8').trimEnd().split('\n');
const header = lines[0]!.split(',');
const rows = lines.slice(1).map((line) => line.split(','));

/** Sums of the sum-aggregated fields of `block`, blank for the others (as a clerk's 合计 row has). */
async function totalRow(block: string[][], year: string, label = '合计'): Promise<string[]> {
  const plan = await loadPlan(undefined);
  return header.map((name, i) => {
    if (name === 'region_code') return label;
    if (name === 'region_name') return '';
    if (name === 'year') return year;
    const field = plan.inputs.find((input) => input.id === name);
    if (field?.aggregate !== 'sum' || block.some((row) => row[i] === '')) return '';
    return String(block.reduce((sum, row) => sum + Number(row[i]), 0));
  });
}

/** The counties file as a clerk saves it: title line, blank line, header, a 合计 row after each year. */
async function clerkRows(): Promise<string[][]> {
  const out: string[][] = [['2025年城乡社区服务指标填报表'], [''], header];
  for (const year of [...new Set(rows.map((row) => row[2]!))]) {
    const block = rows.filter((row) => row[2] === year);
    out.push(...block, await totalRow(block, year));
  }
  return out;
}

function writeGb18030(name: string, records: string[][], delimiter = ','): string {
  const file = join(dir, name);
  writeFileSync(file, iconv.encode(records.map((cells) => cells.join(delimiter)).join('\r\n') + '\r\n', 'gb18030'));
  return file;
}

describe('CSV as clerks save it', () => {
  it('GB18030, CRLF, a title line and 合计 rows: the clean verdicts', async () => {
    const clean = await cleanVerdicts();
    const clerk = await verdicts([CITIES, writeGb18030('clerk.csv', await clerkRows())]);
    expectEqual(clerk.results, clean.results);
    expect(clerk.exitCode).toBe(clean.exitCode);
    expect(clerk.warnings.map((d) => d.code)).toEqual(clean.warnings.map((d) => d.code));
  });

  it('a 合计 row that does not add up is a finding at its line and column', async () => {
    const records = await clerkRows();
    const at = records.findIndex((cells) => cells[0] === '合计');
    const column = header.indexOf('households');
    records[at]![column] = String(Number(records[at]![column]) + 7);
    const error = await runCheck([CITIES, writeGb18030('bad-total.csv', records)], options).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PlanmetricsError);
    const found = (error as PlanmetricsError).diagnostics.filter((d) => d.code === 'TOTAL_ROW_MISMATCH');
    expect(found).toMatchObject([{ line: at + 1, column: column + 1, field: 'households' }]);
  });

  it('the same 合计 rows in a workbook: read past, and checked against the rows above them', async () => {
    const records = await clerkRows();
    const workbook = async (name: string, sheetRows: string[][]): Promise<string> => {
      const file = join(dir, name);
      writeFileSync(file, await workbookBytes(writeWorkbook([{ name: '填报', rows: sheetRows }])));
      return file;
    };
    const clean = await cleanVerdicts();
    const good = await verdicts([CITIES, await workbook('clerk.xlsx', records)]);
    expectEqual(good.results, clean.results);
    const at = records.findIndex((cells) => cells[0] === '合计');
    const column = header.indexOf('households');
    records[at]![column] = String(Number(records[at]![column]) + 7);
    const error = await runCheck([CITIES, await workbook('bad-total.xlsx', records)], options).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PlanmetricsError);
    const found = (error as PlanmetricsError).diagnostics.filter((d) => d.code === 'TOTAL_ROW_MISMATCH');
    expect(found).toMatchObject([{ line: at + 1, column: column + 1, field: 'households' }]);
  });

  it('regions named, not coded (地区 column): the clean verdicts', async () => {
    const named = [['地区', ...header.slice(2)], ...rows.map((row) => [row[1]!, ...row.slice(2)])];
    const clean = await cleanVerdicts();
    const byName = await verdicts([CITIES, writeGb18030('named.csv', named)]);
    expectEqual(byName.results, clean.results);
    expect(byName.exitCode).toBe(clean.exitCode);
  });

  it('accepts a short name where it is unambiguous, and names the candidates where not', async () => {
    const plan = await loadPlan(undefined);
    const file = writeGb18030('short.csv', [['地区', 'year', 'households'], ['西湖', '2024', '5'], ['杭州', '2024', '9'], ['不存在县', '2024', '1']]);
    const read: string[] = [];
    const result = await readSubmission(file, plan, { encoding: 'auto' }, (row) => read.push(row.code));
    expect(read).toEqual(['330106', '330100']);
    expect(result.diagnostics).toMatchObject([{ code: 'REGION_NAME_UNKNOWN', line: 4, column: 1, args: { value: '不存在县' } }]);
    const ambiguous = { ...plan, divisions: [...(plan.divisions ?? []), { code: '360103', name: '西湖区', level: 'county' as const, parent_code: '360100' }] };
    const again = await readSubmission(file, ambiguous, { encoding: 'auto' }, () => undefined);
    expect(again.diagnostics[0]).toMatchObject({ code: 'REGION_NAME_AMBIGUOUS', line: 2 });
    expect(String(again.diagnostics[0]!.args.candidates)).toContain('360103');
  });

  it('warns when a name contradicts its code', async () => {
    const plan = await loadPlan(undefined);
    const file = writeGb18030('mismatch.csv', [['region_code', '地区', 'year'], ['330106', '西湖区', '2024'], ['330102', '西湖区', '2024']]);
    const result = await readSubmission(file, plan, { encoding: 'auto' }, () => undefined);
    expect(result.diagnostics).toMatchObject([{ code: 'REGION_NAME_MISMATCH', severity: 'warning', line: 3, region: '330102', args: { name: '上城区' } }]);
  });

  it('sniffs tab and semicolon delimiters, and hints when a header reads as one column', async () => {
    const clean = await cleanVerdicts();
    for (const [name, delimiter] of [['tab.csv', '\t'], ['semicolon.csv', ';']] as const) {
      const other = await verdicts([CITIES, writeGb18030(name, [header, ...rows], delimiter)]);
      expectEqual(other.results, clean.results);
    }
    const plan = await loadPlan(undefined);
    const broken = writeGb18030('broken.csv', [['地区代码X', 'year'], ['330106', '2024']], '\t');
    const result = await readSubmission(broken, plan, { encoding: 'auto' }, () => undefined);
    expect(result.diagnostics.map((d) => d.code)).toContain('HEADER_ONE_COLUMN');
  });
});
