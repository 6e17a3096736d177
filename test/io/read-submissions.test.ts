import { describe, it, expect } from 'vitest';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import iconv from 'iconv-lite';
import fc from 'fast-check';
import { DIAGNOSTIC_CODES, type Diagnostic } from '../../src/core/diagnostics.js';
import type { InputField, Plan, SubmissionRow } from '../../src/core/types.js';
import { toUtf8, type EncodingOption } from '../../src/io/decode.js';
import { readSubmission, readSubmissions, type ReadResult } from '../../src/io/read-submissions.js';

function field(index: number, id: string, label: string, extra: Partial<InputField> = {}): InputField {
  return { id, label, unit: '人', aggregate: 'sum', index, min: 0, integer: true, ...extra };
}

const plan: Plan = {
  meta: { id: 'tiny', title: 'tiny plan', baseline_year: 2020, target_year: 2025 },
  inputs: [
    field(0, 'resident_population', '常住人口'),
    field(1, 'urban_population', '城镇常住人口'),
    field(2, 'community_workers', '专职社区工作者数'),
  ],
  indicators: [],
  rules: [],
};

const fixture = (name: string): string => fileURLToPath(new URL(`../../fixtures/encodings/${name}`, import.meta.url));

interface Outcome {
  result: ReadResult;
  rows: SubmissionRow[];
}

async function readFile(path: string, encoding: EncodingOption = 'auto'): Promise<Outcome> {
  const rows: SubmissionRow[] = [];
  const result = await readSubmission(path, plan, { encoding }, (row) => rows.push(row));
  return { result, rows };
}

/** Reads bytes or text through the stdin path, split into the given chunks. */
async function readStdin(chunks: (string | Buffer)[], encoding: EncodingOption = 'auto'): Promise<Outcome> {
  const rows: SubmissionRow[] = [];
  const stdin = Readable.from(chunks.map((chunk) => (typeof chunk === 'string' ? Buffer.from(chunk) : chunk)));
  const result = await readSubmission('-', plan, { encoding, stdin }, (row) => rows.push(row));
  return { result, rows };
}

const readText = (text: string, encoding: EncodingOption = 'auto') => readStdin([text], encoding);

function bytewise(bytes: Buffer): Buffer[] {
  return Array.from(bytes, (byte) => Buffer.from([byte]));
}

const brief = (diagnostics: Diagnostic[]) => diagnostics.map((d) => [d.code, d.line, d.column]);

function values(row: SubmissionRow | undefined): number[] {
  return Array.from(row?.values ?? []);
}

function expectFixtureRows({ result, rows }: Outcome): void {
  expect(result.diagnostics).toEqual([]);
  expect(result.rows).toBe(2);
  expect(rows.map((row) => [row.code, row.name, row.year])).toEqual([
    ['330000', '浙江省', 2023],
    ['330106', '西湖区', 2023],
  ]);
  expect(values(rows[0])).toEqual([65770000, 48920000, NaN]);
  expect(values(rows[1])).toEqual([1234567, 1000000, 1234]);
  expect(rows.map((row) => row.source.line)).toEqual([2, 3]);
}

describe('readSubmission: encodings', () => {
  it.each(['utf8.csv', 'utf8-bom.csv', 'utf16le-bom.csv', 'utf16be-bom.csv', 'gb18030.csv'])(
    'reads %s with Chinese headers in auto mode',
    async (name) => {
      expectFixtureRows(await readFile(fixture(name)));
    },
  );

  it('reads GB18030 when asked to, and a BOM wins over the option', async () => {
    expectFixtureRows(await readFile(fixture('gb18030.csv'), 'gb18030'));
    expectFixtureRows(await readFile(fixture('utf8-bom.csv'), 'gb18030'));
    expectFixtureRows(await readFile(fixture('utf16le-bom.csv'), 'utf8'));
  });

  it.each(['gb18030.csv', 'utf16le-bom.csv', 'utf16be-bom.csv', 'utf8-bom.csv'])(
    'decodes %s fed one byte at a time',
    async (name) => {
      const { readFileSync } = await import('node:fs');
      expectFixtureRows(await readStdin(bytewise(readFileSync(fixture(name)))));
    },
  );

  it('sniffs GB18030 even when the first Chinese comes late in the file', async () => {
    const filler = Array.from({ length: 3000 }, (_, i) => `330106,,${2000 + (i % 20)},${i},,\n`).join('');
    const text = `region_code,region_name,year,resident_population,urban_population,community_workers\n${filler}330102,上城区,2023,1,2,3\n`;
    const { result, rows } = await readStdin([iconv.encode(text, 'gb18030')]);
    expect(result.diagnostics).toEqual([]);
    expect(rows.at(-1)?.name).toBe('上城区');
    expect(rows.at(-1)?.source.line).toBe(3002);
  });

  it('reports bytes that are not UTF-8 after UTF-8 was chosen, with line and column', async () => {
    const head = Buffer.from('region_code,region_name,year,resident_population\n330106,西湖区,2023,5\n');
    const bad = Buffer.concat([Buffer.from('330102,'), iconv.encode('上城区', 'gbk'), Buffer.from(',2023,1'), Buffer.from([0xff]), Buffer.from('\n')]);
    const { result, rows } = await readStdin([head, bad], 'utf8');
    expect(brief(result.diagnostics)).toEqual([
      ['BYTES_UNDECODABLE', 3, 2],
      ['BYTES_UNDECODABLE', 3, 4],
    ]);
    expect(result.diagnostics[0]).toMatchObject({ region: '330102', year: 2023 });
    expect(rows.map((row) => row.code)).toEqual(['330106', '330102']);
    expect(Number.isNaN(rows[1]?.values[0])).toBe(true);
  });

  it('reads a GB18030 file as UTF-8 only when told to, and then says so instead of guessing', async () => {
    const { result, rows } = await readFile(fixture('gb18030.csv'), 'utf8');
    expect(result.diagnostics.map((d) => [d.code, d.column])).toEqual([
      ...[1, 2, 3, 4, 5, 6].map((column) => ['BYTES_UNDECODABLE', column]),
      ['COLUMN_MISSING', undefined],
      ['COLUMN_MISSING', undefined],
    ]);
    expect(rows).toEqual([]);
  });
});

describe('toUtf8', () => {
  async function decodeAll(chunks: Buffer[], encoding: EncodingOption): Promise<string> {
    const pieces: Buffer[] = [];
    for await (const piece of toUtf8(Readable.from(chunks), encoding)) pieces.push(piece);
    return Buffer.concat(pieces).toString('utf8');
  }

  it('strips a BOM split across chunks', async () => {
    const bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('a,b\n地区')]);
    expect(await decodeAll(bytewise(bytes), 'auto')).toBe('a,b\n地区');
  });

  it('keeps a UTF-8 character split across chunks whole', async () => {
    const bytes = Buffer.from('地区代码');
    expect(await decodeAll([bytes.subarray(0, 4), bytes.subarray(4)], 'auto')).toBe('地区代码');
  });

  it('yields nothing for no bytes', async () => {
    expect(await decodeAll([], 'auto')).toBe('');
  });
});

describe('readSubmission: cells and structure', () => {
  const header = 'region_code,region_name,year,resident_population,urban_population,community_workers\n';

  it('reads thousands separators, full-width digits, spaces, + and blanks', async () => {
    const { result, rows } = await readText(`${header}330106,西湖区,2023,"1,234", １２３４．０ ,+7\n330102,,2023,,,\n`);
    expect(result.diagnostics).toEqual([]);
    expect(values(rows[0])).toEqual([1234, 1234, 7]);
    expect(values(rows[1])).toEqual([NaN, NaN, NaN]);
    expect(rows[1]?.name).toBeUndefined();
  });

  it('reports unknown, duplicate and blank headers and still reads the known columns', async () => {
    const { result, rows } = await readText('region_code,year,bogus,,常住人口,resident_population\n330106,2023,x,y,5,6\n');
    expect(brief(result.diagnostics)).toEqual([
      ['COLUMN_UNKNOWN', 1, 3],
      ['HEADER_BLANK', 1, 4],
      ['HEADER_DUPLICATE', 1, 6],
    ]);
    expect(values(rows[0])).toEqual([5, NaN, NaN]);
  });

  it('stops at a header without region_code and delivers no rows', async () => {
    const { result, rows } = await readText('year,resident_population\n2023,5\n2024,6\n');
    expect(brief(result.diagnostics)).toEqual([['COLUMN_MISSING', 1, undefined]]);
    expect(result.diagnostics[0]?.field).toBe('region_code');
    expect(result.rows).toBe(0);
    expect(rows).toEqual([]);
  });

  it('reports wrong cell counts and values that are not numbers at their line', async () => {
    const text = `${header}330106,,2023,5\n330102,,2023,lots,1,2\n330105,,2023,1,2,3,4\n`;
    const { result, rows } = await readText(text);
    expect(brief(result.diagnostics)).toEqual([
      ['CELL_COUNT', 2, 5],
      ['NOT_A_NUMBER', 3, 4],
      ['CELL_COUNT', 4, 7],
    ]);
    expect(result.diagnostics[1]).toMatchObject({ region: '330102', year: 2023, field: 'resident_population', args: { value: 'lots' } });
    expect(rows.map((row) => row.code)).toEqual(['330106', '330102', '330105']);
  });

  it('keeps line numbers right with CRLF, blank lines and quoted fields holding newlines', async () => {
    const text = [
      header.trimEnd(),
      '',
      '330106,"西湖区\r\n(two lines)",2023,1,2,3',
      '330102,"a\nb\nc",2023,1,2,3',
      ' ',
      ',,,,,',
      '330105,,2023,x,2,3',
      '',
    ].join('\r\n');
    const { result, rows } = await readText(text);
    expect(rows.map((row) => [row.code, row.source.line])).toEqual([
      ['330106', 3],
      ['330102', 5],
      ['330105', 10],
    ]);
    expect(rows[0]?.name).toBe('西湖区\r\n(two lines)');
    expect(brief(result.diagnostics)).toEqual([['NOT_A_NUMBER', 10, 4]]);
  });

  it('reports an unclosed quote at the line it opens and delivers the rows before it', async () => {
    const text = `${header}330106,,2023,1,2,3\r\n\r\n330102,"oops,2023,1,2,3\r\n330105,,2023,1,2,3\r\n`;
    const { result, rows } = await readText(text);
    expect(rows.map((row) => row.code)).toEqual(['330106']);
    expect(brief(result.diagnostics)).toEqual([['QUOTE_UNCLOSED', 4, 2]]);
  });

  it('reports a quote left open in the header once, not as an empty file', async () => {
    const { result } = await readText('\n"region_code,year\n330106,2023\n');
    expect(brief(result.diagnostics)).toEqual([['QUOTE_UNCLOSED', 2, 1]]);
  });

  it('reads CSV split into arbitrary chunks the same as in one piece', async () => {
    const text = `${header}330106,"西\n湖",2023,"1,234",2,3\r\n330102,,2023,4,5,6\n`;
    const whole = await readText(text);
    const pieces = await readStdin(bytewise(Buffer.from(text)));
    expect(pieces.result).toEqual(whole.result);
    expect(pieces.rows).toEqual(whole.rows);
  });

  it('hands rows on while the input is still arriving', async () => {
    let delivered = 0;
    let deliveredBeforeEnd = 0;
    async function* source() {
      yield Buffer.from(header);
      for (let i = 0; i < 2000; i++) yield Buffer.from(`330106,,2023,${i},,\n`);
      deliveredBeforeEnd = delivered;
    }
    const result = await readSubmission('-', plan, { encoding: 'auto', stdin: Readable.from(source()) }, () => {
      delivered += 1;
    });
    expect(result.rows).toBe(2000);
    expect(deliveredBeforeEnd).toBeGreaterThan(0);
  });
});

describe('readSubmission: files', () => {
  it('names standard input <stdin>', async () => {
    const { result } = await readText('region_code,year\n330106,2023\n');
    expect(result).toEqual({ file: '<stdin>', rows: 1, lines: 2, diagnostics: [] });
  });

  it('reports a zero-byte or blank file as FILE_EMPTY', async () => {
    const empty = await readFile(fixture('empty.csv'));
    expect(empty.result.diagnostics.map((d) => [d.code, d.file])).toEqual([['FILE_EMPTY', fixture('empty.csv')]]);
    const blank = await readText('\r\n\n  \n');
    expect(blank.result.diagnostics.map((d) => d.code)).toEqual(['FILE_EMPTY']);
  });

  it('accepts a header-only file: no rows, no findings', async () => {
    const { result } = await readText('region_code,year,resident_population\n');
    expect(result).toEqual({ file: '<stdin>', rows: 0, lines: 1, diagnostics: [] });
  });

  it('reports a missing file or a directory as FILE_UNREADABLE instead of throwing', async () => {
    const missing = await readFile(fixture('no-such-file.csv'));
    expect(missing.result.diagnostics.map((d) => d.code)).toEqual(['FILE_UNREADABLE']);
    expect(missing.result.diagnostics[0]?.args.reason).toContain('ENOENT');
    const directory = await readFile(fileURLToPath(new URL('../../fixtures/encodings/', import.meta.url)));
    expect(directory.result.diagnostics.map((d) => d.code)).toEqual(['FILE_UNREADABLE']);
  });

  it('reads several files in order, one result each', async () => {
    const seen: string[] = [];
    const results = await readSubmissions([fixture('utf8.csv'), fixture('gb18030.csv'), fixture('empty.csv')], plan, { encoding: 'auto' }, (row) =>
      seen.push(row.source.file),
    );
    expect(results.map((result) => [result.rows, result.diagnostics.map((d) => d.code)])).toEqual([
      [2, []],
      [2, []],
      [0, ['FILE_EMPTY']],
    ]);
    expect(seen).toEqual([fixture('utf8.csv'), fixture('utf8.csv'), fixture('gb18030.csv'), fixture('gb18030.csv')]);
  });

  it("lets the caller's own onRow failure through", async () => {
    const stdin = Readable.from([Buffer.from('region_code,year\n330106,2023\n')]);
    const failing = readSubmission('-', plan, { encoding: 'auto', stdin }, () => {
      throw new Error('caller bug');
    });
    await expect(failing).rejects.toThrow('caller bug');
  });
});

describe('readSubmission: never throws on bad input', () => {
  const csvish = fc.constantFrom('region_code', 'year', '常住人口', '330106', '2023', '"', ',', '\n', '\r\n', '\r', ' ', '1,234', '１２', 'x', '\uFEFF', '');

  it('turns any CSV-ish text into rows and diagnostics', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(csvish, { maxLength: 60 }), fc.constantFrom<EncodingOption>('auto', 'utf8', 'gb18030'), async (parts, encoding) => {
        const { result } = await readText(`region_code,year,resident_population\n${parts.join('')}`, encoding);
        expect(result.diagnostics.every((d) => d.code in DIAGNOSTIC_CODES)).toBe(true);
      }),
      { numRuns: 150 },
    );
  });

  it('turns any bytes, in any chunks, into rows and diagnostics', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.uint8Array({ maxLength: 40 }), { maxLength: 8 }), fc.constantFrom<EncodingOption>('auto', 'utf8', 'gb18030'), async (chunks, encoding) => {
        const { result, rows } = await readStdin(chunks.map((chunk) => Buffer.from(chunk)), encoding);
        expect(result.rows).toBe(rows.length);
        expect(result.diagnostics.every((d) => d.code in DIAGNOSTIC_CODES)).toBe(true);
      }),
      { numRuns: 200 },
    );
  });
});
