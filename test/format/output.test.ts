// The output path as a whole, in-process: -o semantics (writeOutput), the input guard, escaping of
// text from files in every human view, and streamed JSON/CSV against the whole-text meaning.

import { chmodSync, lstatSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, describe, expect, it } from 'vitest';
import { PlanmetricsError } from '../../src/core/diagnostics.js';
import type { Verdict } from '../../src/core/types.js';
import { escapeControls } from '../../src/format/escape.js';
import { formatters, textOf, type FormatOptions } from '../../src/format/index.js';
import { formatDiagnosticLine } from '../../src/format/messages.js';
import { render } from '../../src/format/render.js';
import { assertNotAnInput, chooseFormat, writeOutput } from '../../src/io/write-output.js';
import { ROOT } from '../helpers/cli.js';
import { sampleCheckReport, samplePlan, sampleVerdicts } from './sample-report.js';

const folder = mkdtempSync(join(tmpdir(), 'planmetrics-output-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

async function* pieces(...texts: string[]): AsyncGenerator<string> {
  for (const text of texts) yield text;
}

describe('-o writes what the user meant', () => {
  it('follows a symbolic link: the target gets the output, the link stays a link', async () => {
    const target = join(folder, 'target.csv');
    const link = join(folder, 'link.csv');
    writeFileSync(target, 'old\n');
    symlinkSync('target.csv', link);
    await writeOutput(pieces('new', '\n'), link);
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(readlinkSync(link)).toBe('target.csv');
    expect(readFileSync(target, 'utf8')).toBe('new\n');
  });

  it('writes into /dev/null, which stays a character device', async () => {
    await writeOutput('anything\n', '/dev/null');
    expect(statSync('/dev/null').isCharacterDevice()).toBe(true);
  });

  it('keeps a 0640 file 0640', async () => {
    const file = join(folder, 'private.csv');
    writeFileSync(file, 'old\n');
    chmodSync(file, 0o640);
    await writeOutput('new\n', file);
    expect(statSync(file).mode & 0o777).toBe(0o640);
    expect(readFileSync(file, 'utf8')).toBe('new\n');
  });

  it('leaves the old file and no temporary file when the output fails half-way', async () => {
    const file = join(folder, 'kept.csv');
    writeFileSync(file, 'old\n');
    async function* failing(): AsyncGenerator<string> {
      yield 'half';
      throw new Error('the report failed');
    }
    await expect(writeOutput(failing(), file)).rejects.toThrow('the report failed');
    expect(readFileSync(file, 'utf8')).toBe('old\n');
    expect(readdirSync(folder).filter((name) => name.endsWith('.tmp'))).toEqual([]);
  });

  it('says a folder is a folder (FILE_UNWRITABLE, exit 2)', async () => {
    const error = await writeOutput('x', folder).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PlanmetricsError);
    expect((error as PlanmetricsError).exitCode).toBe(2);
    expect(formatDiagnosticLine((error as PlanmetricsError).diagnostics[0]!, 'en')).toMatch(/EISDIR.*folder: name a file in it/);
  });

  it('never targets an input: a submission, the scenario, the bundled data; the file is unchanged', () => {
    const submission = join(folder, 'mine.csv');
    const scenario = join(folder, 'scenario.yaml');
    writeFileSync(submission, 'region_code\n');
    writeFileSync(scenario, 'scenarios: []\n');
    const link = join(folder, 'alias.csv');
    symlinkSync(submission, link);
    for (const output of [submission, scenario, link]) expect(() => assertNotAnInput(output, [submission, scenario])).toThrow(PlanmetricsError);
    expect(() => assertNotAnInput(join(ROOT, 'data/sample/zhejiang-cities.csv'), [])).toThrow(PlanmetricsError);
    expect(() => assertNotAnInput(join(ROOT, 'data/zhejiang-divisions.csv'), [])).toThrow(PlanmetricsError);
    expect(() => assertNotAnInput(join(folder, 'report.csv'), [submission, scenario])).not.toThrow();
    expect(readFileSync(submission, 'utf8')).toBe('region_code\n');
  });

  it('takes the format from the extension unless --format says otherwise; a contradiction is a usage error', () => {
    expect(chooseFormat(undefined, 'r.xlsx', 'table')).toBe('xlsx');
    expect(chooseFormat(undefined, 'R.JSON', 'table')).toBe('json');
    expect(chooseFormat(undefined, 'r.md', 'table')).toBe('markdown');
    expect(chooseFormat(undefined, 'r.txt', 'table')).toBe('table');
    expect(chooseFormat('csv', 'r.txt', 'table')).toBe('csv');
    expect(() => chooseFormat('csv', 'x.xlsx', 'table')).toThrow(PlanmetricsError);
  });
});

describe('nothing raw from a file reaches a terminal', () => {
  const hostile = 'A\u001b]0;owned\u0007\u001b[2J\u202eB\u0085\u007f';
  const options: FormatOptions = { lang: 'zh', color: false, plan: samplePlan() };
  const report = () => sampleCheckReport(sampleVerdicts().map((v) => ({ ...v, region_name: hostile })));
  const RAW = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069\u200e\u200f]/;

  it('escapes control and bidi characters in table, markdown and html; CSV and JSON keep the data', () => {
    for (const color of [false, true]) {
      const table = textOf(formatters.table.check(report(), { ...options, color }));
      expect(table).toContain('A\\x1b]0;owned\\x07\\x1b[2J\\u202eB\\x85\\x7f');
      expect(table.replace(/\u001b\[[0-9;]*m/g, '')).not.toMatch(RAW);
    }
    expect(textOf(formatters.markdown.check(report(), options))).not.toMatch(RAW);
    expect(textOf(formatters.html.check(report(), options))).not.toMatch(RAW);
    expect(textOf(formatters.csv.check(report(), options))).toContain(hostile);
    expect(JSON.parse(textOf(formatters.json.check(report(), options))).results[0].region_name).toBe(hostile);
  });

  it('escapes them in messages on stderr, and escaping twice changes nothing', () => {
    const line = formatDiagnosticLine({ code: 'REGION_UNKNOWN', severity: 'error', file: 'a\u001b[2J.csv', line: 2, args: { value: hostile } }, 'en');
    expect(line).not.toMatch(RAW);
    expect(escapeControls(escapeControls(hostile))).toBe(escapeControls(hostile));
  });
});

describe('streamed output', () => {
  /** A big report: the sample's verdicts many times over, under made-up codes. */
  function bigVerdicts(count: number): Verdict[] {
    const base = sampleVerdicts();
    return Array.from({ length: count }, (_, i) => ({ ...base[i % base.length]!, region_code: String(330000000000 + i), region_name: `村${i},"x"` }));
  }

  async function streamedText(format: string, verdicts: Verdict[]): Promise<string> {
    const file = join(folder, `streamed.${format}`);
    const stream = { ...sampleCheckReport([]), results: { [Symbol.iterator]: () => verdicts[Symbol.iterator]() }, summary: sampleCheckReport(verdicts).summary };
    await writeOutput(await render(format, 'check', stream, { lang: 'en', color: false, plan: samplePlan() }), file);
    return readFileSync(file, 'utf8');
  }

  it('writes JSON in pieces that parse to the whole report', async () => {
    const verdicts = bigVerdicts(20_000);
    const text = await streamedText('json', verdicts);
    const whole = JSON.parse(text);
    expect(whole.results).toHaveLength(20_000);
    expect(whole.results[19_999].region_code).toBe('330000019999');
    expect(whole.summary).toEqual(sampleCheckReport(verdicts).summary);
    // the same bytes JSON.stringify gives the same object
    expect(text).toBe(`${JSON.stringify(whole, null, 2)}\n`);
  });

  it('writes CSV in pieces that parse to every row and equal the whole text', async () => {
    const verdicts = bigVerdicts(20_000);
    const text = await streamedText('csv', verdicts);
    const rows = parse(text) as string[][];
    expect(rows).toHaveLength(20_001);
    expect(rows[20_000]![1]).toBe('村19999,"x"');
    expect(text).toBe(textOf(formatters.csv.check(sampleCheckReport(verdicts), { lang: 'en', color: false, plan: samplePlan() })));
  });
});
