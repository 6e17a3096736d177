// The one tokenizer against csv-parse (the oracle: same relaxed reading), in any chunks; and a
// record of 16 MB read in bounded work, its message quoting a short piece of the cell.
import { Readable } from 'node:stream';
import { parse } from 'csv-parse/sync';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CsvTokenizer } from '../../src/io/csv-tokenizer.js';
import { readSubmission } from '../../src/io/read-submissions.js';
import { smallPlan } from '../helpers/plan.js';

interface Tokenized {
  records: string[][];
  lines: number[];
  unclosed: boolean;
}

function tokenize(bytes: Buffer, cuts: number[], delimiter: string): Tokenized {
  const records: string[][] = [];
  const lines: number[] = [];
  const tokenizer = new CsvTokenizer(delimiter.charCodeAt(0), (record) => {
    records.push(record.cells());
    lines.push(record.line);
    return true;
  });
  let from = 0;
  for (const cut of [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b)) {
    tokenizer.push(bytes.subarray(from, cut));
    from = cut;
  }
  tokenizer.push(bytes.subarray(from));
  tokenizer.end();
  return { records, lines, unclosed: tokenizer.unclosed !== null };
}

function oracle(text: string, delimiter: string): { records: string[][]; unclosed: boolean } {
  let unclosed = false;
  const records = parse(text, {
    delimiter,
    relax_quotes: true,
    relax_column_count: true,
    skip_empty_lines: false,
    skip_records_with_error: true,
    record_delimiter: ['\r\n', '\n', '\r'],
    on_skip: (error) => {
      if (error?.code === 'CSV_QUOTE_NOT_CLOSED') unclosed = true;
    },
  }) as string[][];
  return { records, unclosed };
}

/** Text made mostly of what makes CSV hard: quotes, delimiters, line breaks, spaces, Chinese. */
const csvText = fc.array(fc.constantFrom('"', '""', ',', ';', '\t', '\n', '\r', '\r\n', ' ', 'a', '1', '2.5', '中', '合计'), { maxLength: 60 }).map((parts) => parts.join(''));

describe('CsvTokenizer', () => {
  it('reads what csv-parse reads (relax_quotes, relax_column_count), in any chunks', () => {
    fc.assert(
      fc.property(csvText, fc.array(fc.nat(), { maxLength: 6 }), fc.constantFrom(',', '\t', ';'), (text, cuts, delimiter) => {
        const expected = oracle(text, delimiter);
        const actual = tokenize(Buffer.from(text), cuts, delimiter);
        expect(actual.records).toEqual(expected.records);
        expect(actual.unclosed).toBe(expected.unclosed);
      }),
      { numRuns: 2000 },
    );
  });

  it('counts physical lines: CRLF once, line breaks inside quotes too', () => {
    const { records, lines } = tokenize(Buffer.from('a\r\n"b\r\nc",d\n\re'), [], ',');
    expect(records).toEqual([['a'], ['b\r\nc', 'd'], [''], ['e']]);
    expect(lines).toEqual([1, 2, 4, 5]);
  });

  it('reads plain numbers from the bytes as Number() reads their text', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^\d{0,16}(\.\d{0,16})?$/), (cell) => {
        let read = Number.NaN;
        const tokenizer = new CsvTokenizer(0x2c, (record) => {
          read = record.number(0);
          return true;
        });
        tokenizer.push(Buffer.from(`${cell}\n`));
        tokenizer.end();
        const digits = cell.replace('.', '').length;
        if (digits === 0 || digits > 15) expect(read).toBeNaN();
        else expect(read).toBe(Number(cell));
      }),
    );
  });
});

describe('a 16 MB line', () => {
  const SIZE = 16 * 1024 * 1024;
  const CHUNK = 64 * 1024;

  /** The file in 64 KiB chunks, as a file stream gives it; counts the bytes handed out. */
  function chunks(text: Buffer): { stream: Readable; handed: () => number } {
    let handed = 0;
    async function* pieces() {
      for (let at = 0; at < text.length; at += CHUNK) {
        handed += Math.min(CHUNK, text.length - at);
        yield text.subarray(at, at + CHUNK);
      }
    }
    return { stream: Readable.from(pieces()), handed: () => handed };
  }

  it('is read whole, and its finding quotes at most ~80 characters of the cell', async () => {
    const plan = smallPlan();
    const huge = 'x'.repeat(SIZE);
    const text = Buffer.from(`region_code,year,resident_population\n330106,2023,${huge}\n330102,2023,5\n`);
    const { stream } = chunks(text);
    const rows: string[] = [];
    const result = await readSubmission('-', plan, { encoding: 'auto', stdin: stream }, (row) => rows.push(row.code));
    expect(rows).toEqual(['330106', '330102']);
    expect(result.diagnostics).toHaveLength(1);
    expect(result.diagnostics[0]).toMatchObject({ code: 'NOT_A_NUMBER', line: 2, column: 3 });
    expect(String(result.diagnostics[0]!.args.value).length).toBeLessThanOrEqual(80);
  });

  it('costs work linear in its length: the cut record is read again only when its bytes have doubled', () => {
    let scans = 0;
    const tokenizer = new CsvTokenizer(0x2c, () => {
      scans++;
      return true;
    });
    // Count how often the pending record is looked at: at most log2(16 MiB / 64 KiB) + a few times.
    const push = tokenizer.push.bind(tokenizer);
    let joins = 0;
    const line = Buffer.from(`${'y'.repeat(SIZE)}\n`);
    const original = Buffer.concat;
    Buffer.concat = ((list: readonly Uint8Array[], length?: number) => {
      joins++;
      return original(list, length);
    }) as typeof Buffer.concat;
    try {
      for (let at = 0; at < line.length; at += CHUNK) push(line.subarray(at, at + CHUNK));
      tokenizer.end();
    } finally {
      Buffer.concat = original;
    }
    expect(scans).toBe(1);
    expect(joins).toBeLessThanOrEqual(Math.log2(SIZE / CHUNK) + 3);
  });
});
