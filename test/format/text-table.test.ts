import { Chalk, type ChalkInstance } from 'chalk';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import stringWidth from 'string-width';
import { createRequire } from 'node:module';
import type CliTable3 from 'cli-table3';
import { displayWidth, fitsFastPath, fitTextTable, renderTextTable, streamTextTable, type Row, type TextTableSpec } from '../../src/format/text-table.js';

/** The oracle: cli-table3 (a dev dependency) with the options planmetrics draws with. */
function renderWithCliTable3({ head, rightAligned = [], rows }: TextTableSpec): string {
  const Table = createRequire(import.meta.url)('cli-table3') as typeof CliTable3;
  const table = new Table({
    head: [...head],
    colAligns: head.map((_, index) => (rightAligned.includes(index) ? 'right' : 'left')),
    style: { head: [], border: [], compact: true },
  });
  for (const row of rows) table.push('span' in row ? [{ colSpan: head.length, content: row.span }] : [...row]);
  return table.toString();
}

/** The oracle: cli-table3 exactly as src/format built its tables before text-table.ts. */
const cliTable3 = renderWithCliTable3;

const PAINTS = ['red', 'green', 'yellow', 'cyan', 'gray', 'dim', 'bold', 'underline', 'italic', 'inverse', 'bgRed', 'bgBlue'] as const;

// Words as planmetrics prints them: ASCII, CJK, full-width punctuation, symbols of ambiguous width.
const word = fc.oneof(
  fc.string({ unit: fc.constantFrom(...'abcXYZ019 .,:;-+%=()"/'), maxLength: 12 }),
  fc.string({ unit: fc.constantFrom(...'浙江省杭州市西湖区专职社区工作者数量达标进度滞后'), maxLength: 8 }),
  fc.constantFrom('', '\t', '—', '≥18', '≈1.9 ±0.05', '★ 约束性', '·', '（', '），', '9/11 市；按进度应达 16.4', '２０２５', '🙂'),
);

/** Text of random words, each maybe painted with one or two chalk styles (nested). */
function text(chalk: ChalkInstance, maxWords: number): fc.Arbitrary<string> {
  const painted = fc.tuple(word, fc.array(fc.constantFrom(...PAINTS), { maxLength: 2 })).map(([w, paints]) =>
    paints.reduce((out, paint) => chalk[paint](out), w),
  );
  return fc.array(painted, { maxLength: maxWords }).map((words) => words.join(''));
}

const specs: fc.Arbitrary<TextTableSpec> = fc
  .record({ level: fc.constantFrom(0, 1, 3), columns: fc.integer({ min: 1, max: 8 }) })
  .chain(({ level, columns }) => {
    const chalk = new Chalk({ level: level as 0 | 1 | 3 });
    const cells = fc.array(text(chalk, 4), { minLength: columns, maxLength: columns });
    const heading = text(chalk, 12).map((span): Row => ({ span }));
    return fc.record({
      head: cells,
      rightAligned: fc.subarray([...Array(columns).keys()]),
      rows: fc.array(fc.oneof({ arbitrary: cells, weight: 4 }, { arbitrary: heading, weight: 1 }), { maxLength: 20 }),
    });
  });

describe('renderTextTable', () => {
  it('draws what cli-table3 draws, for random tables', () => {
    fc.assert(
      fc.property(specs, (spec) => {
        expect(fitsFastPath(spec)).toBe(true);
        expect(renderTextTable(spec)).toBe(cliTable3(spec));
      }),
      { numRuns: 1000 },
    );
  });

  it('widens columns for headings wider than the table, one heading at a time as cli-table3 does', () => {
    // 10 then 20 extra columns distribute differently from 20 at once.
    const spec: TextTableSpec = { head: ['a', 'b', 'c'], rows: [{ span: 'x'.repeat(20) }, ['1', '2', '3'], { span: 'y'.repeat(30) }] };
    expect(renderTextTable(spec)).toBe(cliTable3(spec));
    expect(renderTextTable({ ...spec, rows: [...spec.rows].reverse() })).toBe(cliTable3({ ...spec, rows: [...spec.rows].reverse() }));
  });

  it('draws the head alone when there are no rows', () => {
    const spec: TextTableSpec = { head: ['地区', 'value'], rightAligned: [1], rows: [] };
    expect(renderTextTable(spec)).toBe(cliTable3(spec));
    expect(renderTextTable(spec)).toBe(['┌──────┬───────┐', '│ 地区 │ value │', '└──────┴───────┘'].join('\n'));
  });

  it('refuses line breaks, open colour codes and short rows (escape.ts keeps them out of every table)', () => {
    const odd: TextTableSpec[] = [
      { head: ['a', 'b'], rows: [['one\ntwo', 'x']] },
      { head: ['a', 'b'], rows: [{ span: 'three\nlines\nhere' }] },
      { head: ['a\nb', 'b'], rows: [] },
      { head: ['a', 'b'], rows: [['\u001b[31mred never closed', '']] },
      { head: ['a', 'b'], rows: [['\u001b[1mbold never closed', '']] },
      { head: ['a', 'b'], rows: [['\u001b[42mbackground never closed', '']] },
      { head: ['a', 'b'], rows: [['\u001b[4m\u001b[24m\u001b[9mstrike never closed', '']] },
      { head: ['a', 'b', 'c'], rows: [['short'], ['x', 'y', 'z']] },
      { head: [], rows: [['no', 'head']] },
    ];
    for (const spec of odd) {
      expect(fitsFastPath(spec)).toBe(false);
      expect(() => renderTextTable(spec)).toThrow();
    }
  });

  it('draws escapes that close themselves on the fast path', () => {
    const spec: TextTableSpec = { head: ['a', 'b'], rows: [['\u001b[31mred\u001b[0m', '\u001b[1m\u001b[31mx\u001b[39m\u001b[22m'], ['\u001b[38;5;200mx\u001b[39m', '\u001b[2mdim\u001b[22m']] };
    expect(fitsFastPath(spec)).toBe(true);
    expect(renderTextTable(spec)).toBe(cliTable3(spec));
  });
});

describe('displayWidth', () => {
  // Characters on both sides of every range the quick path decides, and ones it leaves to string-width.
  const edges = [0x00, 0x1f, 0x20, 0x7e, 0x7f, 0x9f, 0xa0, 0xa9, 0xb1, 0xb7, 0xd7, 0x300, 0x2014, 0x2026, 0x2122, 0x2190, 0x2191, 0x2192, 0x2193, 0x2194, 0x2248, 0x2264,
    0x2265, 0x2604, 0x2605, 0x2606, 0x2712, 0x2713, 0x2714, 0x2716, 0x2717, 0x2718, 0x2b50, 0x3000, 0x3001, 0x3002, 0x3003, 0x303d, 0x3297, 0x4dff, 0x4e00, 0x9fff, 0xa000, 0xff00, 0xff01, 0xff60, 0xff61];
  const unit = fc.oneof(
    fc.constantFrom(...edges.map((code) => String.fromCharCode(code))),
    fc.constantFrom('🙂', '👍🏽', '𠀀', '\u001b[31m', '\u001b[39m', 'é', 'e\u0301'),
    fc.integer({ min: 0, max: 0xffff }).map((code) => String.fromCharCode(code)),
  );

  it('measures any text as string-width does, colour codes aside', () => {
    fc.assert(
      fc.property(fc.array(unit, { maxLength: 12 }), (units) => {
        const text = units.join('');
        expect(displayWidth(text)).toBe(stringWidth(text.replace(/\u001b\[((?:\d*;){0,5}\d*)m/g, '')));
      }),
      { numRuns: 2000 },
    );
  });
});

describe('streamTextTable', () => {
  const head = ['地区', '数值', '备注'];
  const rows = (count: number, widest = 0): Row[] =>
    Array.from({ length: count }, (_, k): Row => (k % 4 === 0 ? { span: `指标 ${k}` } : [k === widest ? '杭州市上城区' : `区${k}`, String(k * 7), k === widest ? '全部报送' : '']));
  const streamed = (table: Row[], width?: number, sampleRows?: number): string => [...streamTextTable(head, [1], table, { width, repeat: 1 }, sampleRows)].join('');

  it('is fitTextTable, byte for byte, for a table no longer than its sample', () => {
    for (const width of [undefined, 30, 80]) {
      const table = rows(40, 9);
      expect(streamed(table, width, 40)).toBe(fitTextTable({ head, rightAligned: [1], rows: table }, { width, repeat: 1 }));
    }
  });

  it('draws a longer table in the same lines when its sample holds the widest cells', () => {
    const table = rows(500, 1);
    const whole = renderTextTable({ head, rightAligned: [1], rows: table });
    expect(streamed(table, undefined, 10)).toBe(whole);
    expect(streamed(table, 200, 10)).toBe(whole);
  });

  it('wraps a later text cell wider than its column onto continuation lines, every line as wide as the rest', () => {
    const table = rows(50, 1);
    table.push(['宁波市', '12', '这一行的备注比样本里的任何一格都长得多，要折成几行']);
    const text = streamed(table, undefined, 10);
    const lines = text.split('\n');
    expect(new Set(lines.map((line) => displayWidth(line))).size).toBe(1);
    const noteLines = lines.filter((line) => line.includes('宁波市') || /^│ +│ +│/.test(line));
    expect(noteLines.length).toBeGreaterThan(1);
    expect(noteLines.map((line) => line.split('│')[3]!.trim()).join('')).toBe('这一行的备注比样本里的任何一格都长得多，要折成几行');
  });
});
