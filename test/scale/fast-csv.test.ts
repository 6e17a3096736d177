// The fast reading path against the general one (csv-parse on decoded text): on random CSV, in
// random chunks and encodings, both must give the same rows and the same findings.

import fc from 'fast-check';
import iconv from 'iconv-lite';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { ColumnMap } from '../../src/core/submissions.js';
import type { Plan, SubmissionRow } from '../../src/core/types.js';
import type { EncodingOption } from '../../src/io/decode.js';
import { isWellFormedUtf8 } from '../../src/io/utf8-sniff.js';
import { readFast, type RecordSink } from '../../src/io/fast-csv.js';
import { readSubmission, type ReadResult } from '../../src/io/read-submissions.js';
import { SMALL_PLAN_YAML, smallPlan } from '../helpers/plan.js';

// The small plan, with a declared maximum and a decimal field so every cell check can fire.
const plan: Plan = smallPlan(
  SMALL_PLAN_YAML.replace(
    '{ id: community_workers, label: 专职社区工作者数, unit: 人, aggregate: sum, integer: true, min: 0 }',
    '{ id: community_workers, label: 专职社区工作者数, unit: 人, aggregate: sum, integer: true, min: 0, max: 5000 }',
  ),
);
const INPUT_IDS = plan.inputs.map((input) => input.id);

interface Outcome {
  result: ReadResult;
  rows: SubmissionRow[];
}

/** transientVillages: village values are valid only during the callback, so they are copied there. */
async function read(chunks: Buffer[], encoding: EncodingOption, fastPath: boolean, transientVillages = false): Promise<Outcome> {
  const rows: SubmissionRow[] = [];
  const stdin = Readable.from(chunks);
  // Transient village rows are one object, refilled: kept here as copies.
  const keep = (row: SubmissionRow) => rows.push(transientVillages ? { ...row, values: row.values.slice(), source: { ...row.source } } : row);
  const result = await readSubmission('-', plan, { encoding, stdin, fastPath, transientVillages }, keep);
  return { result, rows };
}

function comparable({ result, rows }: Outcome) {
  return {
    result,
    rows: rows.map((row) => ({ ...row, values: Array.from(row.values), source: { ...row.source, columns: [...(row.source.columns ?? [])] } })),
  };
}

/** As comparable, without village names: with transientVillages the fast path does not read them (check and compute never do). */
function comparableWithoutVillageNames(outcome: Outcome) {
  const { result, rows } = comparable(outcome);
  return { result, rows: rows.map(({ name, ...row }) => (row.code.length === 12 ? row : { ...row, ...(name === undefined ? {} : { name }) })) };
}

// ----- random CSV ---------------------------------------------------------------------------

const HEADER_NAMES = ['region_code', 'year', 'region_name', ...INPUT_IDS, ...INPUT_IDS.slice(3), '地区代码', '常住人口', 'unknown_column', ''];

const code = fc.oneof(
  { weight: 8, arbitrary: fc.constantFrom('330000', '330100', '330102', '330102001', '330102001001', '330102001002', '110101003004') },
  { weight: 1, arbitrary: fc.constantFrom('33010', '3301020010011', ' 330102', '３３０１０２', 'abc', '', '330102001001 ') },
);
const year = fc.oneof(
  { weight: 8, arbitrary: fc.constantFrom('2020', '2024', '2025') },
  { weight: 1, arbitrary: fc.constantFrom('1899', '2101', '24', '2024年', ' 2024', '２０２４', '', 'x') },
);
const name = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom('上城区', '杭州市', 'Village 1', '', '  空格  ') },
  { weight: 1, arbitrary: fc.constantFrom('a,b', 'say "hi"', 'two\nlines', 'cr\rhere', '\uFEFF开头', 'x\u3000', '坏\uFFFD字') },
  { weight: 1, arbitrary: fc.string({ maxLength: 6 }) },
);
const number = fc.oneof(
  { weight: 10, arbitrary: fc.nat(99999).map(String) },
  { weight: 6, arbitrary: fc.nat(999999).map((n) => (n / 100).toString()) },
  { weight: 2, arbitrary: fc.constant('') },
  {
    weight: 2,
    arbitrary: fc.constantFrom('0', '007', '1.', '.5', '.', '1.2.3', '-3', '+4', '1,234', '1e3', '1E+2', ' 12 ', '１２', '−5',
      // 8822241405579052008: more digits than a double holds; adding digit by digit rounds it wrongly.
      '12345678901234567', '8822241405579052008', '999999999999999', '0.000000000000001', 'n/a', '5001', '12.5', '３.５', '1 234'),
  },
);

/** Numbers for rows that fit the header: mostly ones no check flags, so the fast path reads them. */
const fittingNumber = fc.oneof(
  { weight: 14, arbitrary: fc.nat(4999).map(String) },
  { weight: 4, arbitrary: fc.nat(99999).map((n) => (n / 100).toString()) },
  { weight: 2, arbitrary: fc.constant('') },
  { weight: 2, arbitrary: number },
);

type Cell = string;

/** The value once in `oneIn` draws, else null. */
function rarely<T>(arbitrary: fc.Arbitrary<T>, oneIn: number): fc.Arbitrary<T | null> {
  return fc.oneof({ weight: oneIn - 1, arbitrary: fc.constant(null) }, { weight: 1, arbitrary });
}

const quoting = fc.constantFrom<'bare' | 'quoted'>('bare', 'bare', 'bare', 'quoted');

function quote(text: string): string {
  return `"${text.replaceAll('"', '""')}"`;
}

/** A cell as it is written in the file: quoted when asked, or when it has to be. */
function written(text: Cell, how: 'bare' | 'quoted'): string {
  const needsQuotes = /[",\r\n]/.test(text);
  return how === 'quoted' || needsQuotes ? quote(text) : text;
}

/** Now and then, something csv-parse reads in its relaxed way. */
const oddity = fc.constantFrom('ab"c', '"ab"c', '"unclosed', ' "x"', 'a""b');

const lineBreak = fc.constantFrom('\n', '\n', '\n', '\r\n', '\r\n', '\r');

const csvText = fc
  .record({
    header: fc.shuffledSubarray(HEADER_NAMES, { minLength: 1, maxLength: 9 }),
    mustHave: fc.oneof({ weight: 4, arbitrary: fc.constant(true) }, { weight: 1, arbitrary: fc.constant(false) }),
    rows: fc.array(
      fc.record({
        cells: fc.array(fc.tuple(fc.oneof(code, year, name, number), quoting), { minLength: 0, maxLength: 12 }),
        typed: fc.oneof({ weight: 3, arbitrary: fc.constant(true) }, { weight: 1, arbitrary: fc.constant(false) }),
        blank: fc.nat(20),
        odd: rarely(fc.tuple(oddity, fc.nat(11)), 80),
        quoting: fc.array(quoting, { minLength: 12, maxLength: 12 }),
        values: fc.record({ code, year, name, numbers: fc.array(fittingNumber, { minLength: 12, maxLength: 12 }) }),
        extraCells: fc.oneof({ weight: 8, arbitrary: fc.constant(0) }, { weight: 1, arbitrary: fc.constantFrom(-1, 1) }),
      }),
      { maxLength: 25 },
    ),
    lineBreaks: fc.array(lineBreak, { minLength: 30, maxLength: 30 }),
    finalBreak: fc.boolean(),
  })
  .map(({ header, mustHave, rows, lineBreaks, finalBreak }) => {
    const columns = mustHave ? ['region_code', 'year', ...header.filter((h) => h !== 'region_code' && h !== 'year')] : header;
    const lines = [columns.map((h) => written(h, 'bare')).join(',')];
    rows.forEach((row, r) => {
      if (row.blank === 0) {
        lines.push('');
        return;
      }
      let cells: string[];
      if (row.typed) {
        // A row that fits the header: the fast path's bread and butter.
        cells = columns.map((h, c) => {
          const how = row.quoting[c % 12]!;
          if (h === 'region_code' || h === '地区代码') return written(row.values.code, how);
          if (h === 'year' || h === '年份') return written(row.values.year, how);
          if (h === 'region_name') return written(row.values.name, how);
          return written(row.values.numbers[c % 12]!, how);
        });
        if (row.extraCells > 0) cells.push('1');
        if (row.extraCells < 0) cells.pop();
      } else {
        cells = row.cells.map(([text, how]) => written(text, how));
      }
      if (row.odd) cells[row.odd[1] % Math.max(1, cells.length)] = row.odd[0];
      lines.push(cells.join(','));
      void r;
    });
    return lines.map((line, i) => line + (i < lines.length - 1 || finalBreak ? lineBreaks[i % lineBreaks.length]! : '')).join('');
  });

/** Bytes of the text in an encoding, sometimes with a BOM or a stray undecodable byte. */
const csvBytes = fc
  .record({
    text: csvText,
    charset: fc.constantFrom('utf8', 'utf8', 'utf8', 'utf8', 'utf8-bom', 'gb18030', 'utf16le-bom'),
    stray: rarely(fc.tuple(fc.nat(), fc.constantFrom(0xff, 0x80, 0xc3, 0xe4)), 8),
  })
  .map(({ text, charset, stray }) => {
    let bytes: Buffer;
    if (charset === 'gb18030') bytes = iconv.encode(text, 'gb18030');
    else if (charset === 'utf16le-bom') bytes = Buffer.concat([Buffer.from([0xff, 0xfe]), iconv.encode(text, 'utf16le')]);
    else bytes = Buffer.concat([charset === 'utf8-bom' ? Buffer.from([0xef, 0xbb, 0xbf]) : Buffer.alloc(0), Buffer.from(text, 'utf8')]);
    if (stray && bytes.length > 0) {
      const at = stray[0] % bytes.length;
      bytes = Buffer.concat([bytes.subarray(0, at), Buffer.from([stray[1]]), bytes.subarray(at)]);
    }
    return bytes;
  });

function chunked(bytes: Buffer, cuts: number[]): Buffer[] {
  const points = [...new Set(cuts.map((cut) => cut % (bytes.length + 1)))].sort((a, b) => a - b);
  const chunks: Buffer[] = [];
  let from = 0;
  for (const point of [...points, bytes.length]) {
    if (point > from) chunks.push(bytes.subarray(from, point));
    from = point;
  }
  return chunks;
}

describe('fast path equals the general path', () => {
  it('on random CSV in random encodings and chunks: same rows, same findings', async () => {
    await fc.assert(
      fc.asyncProperty(
        csvBytes,
        fc.array(fc.nat(), { maxLength: 6 }),
        fc.constantFrom<EncodingOption>('auto', 'auto', 'auto', 'utf8', 'gb18030'),
        async (bytes, cuts, encoding) => {
          const chunks = chunked(bytes, cuts);
          const general = await read(chunks, encoding, false);
          const fast = await read(chunks, encoding, true);
          expect(comparable(fast)).toEqual(comparable(general));
          expect(comparableWithoutVillageNames(await read(chunks, encoding, true, true))).toEqual(comparableWithoutVillageNames(general));
        },
      ),
      { numRuns: 400 },
    );
  });

  it('on Chinese text that starts after the first chunk (the UTF-8 sniff happens mid-file)', async () => {
    const rows = Array.from({ length: 400 }, (_, i) => `330102001${String(i + 1).padStart(3, '0')},2024,${i},${i * 2}`);
    const text = `region_code,year,resident_population,urban_population\n${rows.join('\n')}\n330102002001,2024,1,1,\n330102,2024,5,5\n`;
    const withName = text.replace('330102,2024,5,5', '330102,2024,5,5\n330103,2024,上城区,5');
    for (const charset of ['utf8', 'gb18030'] as const) {
      const bytes = charset === 'utf8' ? Buffer.from(withName) : iconv.encode(withName, 'gb18030');
      const chunks = chunked(bytes, [1000, 5000, 9000]);
      expect(comparable(await read(chunks, 'auto', true))).toEqual(comparable(await read(chunks, 'auto', false)));
    }
  });
});

// ----- what goes where ----------------------------------------------------------------------

/** Records what the fast path hands to the consumer; the third column is read as urban_income_per_capita (decimals allowed). */
class RecordingSink implements RecordSink {
  readonly file = 'sink.csv';
  headerSeen = false;
  columns: ColumnMap | null = null;
  nextLine = 1;
  readonly asText: string[][] = [];
  readonly fast: SubmissionRow[] = [];

  consume(cells: string[]): boolean {
    this.asText.push(cells);
    this.nextLine += 1;
    if (!this.headerSeen) {
      this.headerSeen = true;
      this.columns = { regionCode: 0, year: 1, regionName: null, inputs: [{ column: 2, fieldIndex: 3 }], width: 3, columnNumbers: new Map() };
    }
    return true;
  }

  consumeRow(row: SubmissionRow): boolean {
    this.fast.push(row);
    this.nextLine += 1;
    return true;
  }
}

async function* chunksOf(...parts: string[]): AsyncGenerator<Buffer> {
  for (const part of parts) yield Buffer.from(part);
}

describe('fast path routing', () => {
  it('reads plain rows itself, numbers straight from the bytes', async () => {
    const sink = new RecordingSink();
    const outcome = await readFast(chunksOf('region_code,year,resident_population\r\n330102,2024,1', '2.5\r\n330105,"2024",7\n'), 'auto', plan, sink);
    expect(outcome).toEqual({ kind: 'done' });
    expect(sink.asText).toEqual([['region_code', 'year', 'resident_population']]);
    expect(sink.fast.map((row) => [row.code, row.year, row.values[3], row.source.line])).toEqual([
      ['330102', 2024, 12.5, 2],
      ['330105', 2024, 7, 3],
    ]);
  });

  it('gives a row with a finding or an unusual cell to the general consumer as text', async () => {
    const sink = new RecordingSink();
    const lines = ['330102,2024,-1', '330102,2024,"1,234"', '33010,2024,1', '330102,2024, 1', '330102,2024,8822241405579052008', '330102,1899,1'];
    await readFast(chunksOf(`region_code,year,resident_population\n${lines.join('\n')}\n`), 'auto', plan, sink);
    expect(sink.fast).toEqual([]);
    expect(sink.asText.slice(1)).toEqual([
      ['330102', '2024', '-1'],
      ['330102', '2024', '1,234'],
      ['33010', '2024', '1'],
      ['330102', '2024', ' 1'],
      // More digits than a double holds exactly: Number() rounds once, digit-by-digit would not.
      ['330102', '2024', '8822241405579052008'],
      ['330102', '1899', '1'],
    ]);
  });

  it('hands the rest to the general path at relaxed quoting, starting on a fresh line', async () => {
    const sink = new RecordingSink();
    const outcome = await readFast(chunksOf('region_code,year,resident_population\n330102,2024,1\n330105,2024,1"2\n330106,2024,3\n'), 'auto', plan, sink);
    expect(sink.fast).toHaveLength(1);
    expect(outcome.kind).toBe('handoff');
    if (outcome.kind !== 'handoff') return;
    const rest: Buffer[] = [];
    for await (const chunk of outcome.bytes) rest.push(chunk);
    expect(Buffer.concat(rest).toString()).toBe('\n330105,2024,1"2\n330106,2024,3\n');
    expect(outcome.encoding).toBe('auto');
    expect(sink.nextLine).toBe(2); // the added line break is counted back
  });

  it('leaves GB18030 and UTF-16 to the general path', async () => {
    const gbk = iconv.encode('region_code,year,地区\n330102,2024,上城区\n', 'gb18030');
    const outcome = await readFast(Readable.from([gbk]), 'auto', plan, new RecordingSink());
    expect(outcome).toMatchObject({ kind: 'handoff', encoding: 'gb18030' });
    const utf16 = Buffer.from([0xff, 0xfe, ...iconv.encode('region_code\n', 'utf16le')]);
    expect(await readFast(Readable.from([utf16]), 'auto', plan, new RecordingSink())).toMatchObject({ kind: 'handoff', encoding: 'auto' });
  });
});

describe('isWellFormedUtf8', () => {
  // Bytes around every boundary of the well-formed ranges, so that random arrays hit them often.
  const edges = [0x00, 0x7f, 0x80, 0x8f, 0x90, 0x9f, 0xa0, 0xbd, 0xbf, 0xc0, 0xc1, 0xc2, 0xdf, 0xe0, 0xe4, 0xec, 0xed, 0xee, 0xef, 0xf0, 0xf3, 0xf4, 0xf5, 0xff];
  const byte = fc.oneof(fc.constantFrom(...edges), fc.integer({ min: 0, max: 255 }));
  const text = fc.string({ unit: fc.constantFrom('a', '村', '社', '\uFFFD', '😀', '\u00e9', '\u0800', '\uffff', '\u{10ffff}'), maxLength: 6 }).map((s) => [...Buffer.from(s)]);
  // A lead byte and what may follow it: each second-byte range edge after each lead.
  const sequence = fc
    .tuple(fc.constantFrom(0xc0, 0xc2, 0xdf, 0xe0, 0xe4, 0xed, 0xef, 0xf0, 0xf4, 0xf5), fc.array(fc.constantFrom(0x7f, 0x80, 0x8f, 0x90, 0x9f, 0xa0, 0xbd, 0xbf, 0xc0), { minLength: 1, maxLength: 3 }))
    .map(([lead, rest]) => [lead, ...rest]);
  const bytes = fc.array(fc.oneof(byte.map((b) => [b]), text, sequence), { maxLength: 8 }).map((parts) => Uint8Array.from(parts.flat()));

  it('says true exactly when the bytes decode without a U+FFFD, anywhere in an array', () => {
    fc.assert(
      fc.property(bytes, fc.nat(), fc.nat(), (array, a, b) => {
        const start = array.length === 0 ? 0 : a % (array.length + 1);
        const end = start + (b % (array.length - start + 1));
        const decoded = Buffer.from(array.buffer, array.byteOffset, array.length).toString('utf8', start, end);
        expect(isWellFormedUtf8(array, start, end)).toBe(!decoded.includes('\uFFFD'));
      }),
      { numRuns: 20000 },
    );
  });
});
