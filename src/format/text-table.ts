// The one table renderer: a boxed terminal table, byte-identical to cli-table3 with the options
// planmetrics uses (compact, no head or border colours, left/right column alignment, heading rows
// spanning every column), but linear in the cells. cli-table3 itself was measured and dropped:
// 2,000 rows take it 4.5 s, 8,000 rows 29 s (its layout is quadratic), and `check --level all
// --year all` on the bundled sample ~58 s of CPU against well under a second here.
// test/format/text-table.test.ts proves equality against cli-table3 (a dev dependency) on random tables.
// Cells are escaped (escape.ts) before they get here: one line each, colour codes closed.

import stringWidth from 'string-width';

export type Align = 'left' | 'right';

/** A row of one cell per column, or a heading spanning all columns (aligned as the first column). */
export type Row = readonly string[] | { readonly span: string };

export interface TextTableSpec {
  /** Column titles, already coloured; one per column. */
  head: readonly string[];
  /** Indexes of right-aligned columns; the others are left-aligned. */
  rightAligned?: readonly number[];
  rows: readonly Row[];
}

/** The SGR escapes cli-table3 strips before measuring (utils.strlen). */
const SGR = /\u001b\[((?:\d*;){0,5}\d*)m/g;

// string-width builds its emoji pattern anew on every call; the report's cells are mostly
// numbers, Chinese and a few signs, measured here with the same result (a property test holds this
// to string-width). Anything else goes to string-width, once per distinct text.
// ★ marks binding indicators in headings: left to string-width, it cost its emoji pattern (~5 ms) on every run.
// Regular expressions rather than a loop over characters: a report's few thousand cells are
// measured once per run, before V8 has compiled a loop, and its pattern matcher is native code.
const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;
// ↑↓✓✗: the overview's status marks (STATUS_MARKS), in most of its cells.
const NARROW_SIGNS = '·±×÷≈≠≤≥–—‘’“”…★↑↓✓✗';
const WIDE = '\u4e00-\u9fff\uff01-\uff60\u3000-\u3002';
const QUICK = new RegExp(`^[\\x20-\\x7e${WIDE}${NARROW_SIGNS}]*$`);
const NOT_WIDE = new RegExp(`[^${WIDE}]+`, 'g');

/** The width of text made only of printable ASCII, CJK ideographs and full-width forms; -1 otherwise. */
function quickWidth(text: string): number {
  if (PRINTABLE_ASCII.test(text)) return text.length;
  if (!QUICK.test(text)) return -1;
  return text.length + text.replace(NOT_WIDE, '').length;
}

/**
 * Widths already measured. Many cells repeat down a report (names, statuses, targets): each
 * distinct text is measured once. Quick widths are kept up to a bound, so that a 150,000-row
 * table holds no more than it did; string-width's always are (each costs its emoji pattern).
 */
const measured = new Map<string, number>();
const QUICK_WIDTHS_KEPT = 4096;

/** A cell the fast path does not draw (see fitsFastPath). */
const NOT_DRAWN = -1;

/**
 * Columns `text` takes on a terminal, as cli-table3 measures it (colour codes take none), or
 * NOT_DRAWN. Text the quick measure takes holds neither a line break nor an escape, so most cells
 * are measured and found plain in one test.
 */
function cellWidth(text: string): number {
  let width = measured.get(text);
  if (width !== undefined) return width;
  width = quickWidth(text);
  const quick = width >= 0;
  if (!quick) width = isPlainCell(text) ? stringWidth(text.includes('\u001b') ? text.replace(SGR, '') : text) : NOT_DRAWN;
  if (!quick || measured.size < QUICK_WIDTHS_KEPT) measured.set(text, width);
  return width;
}

/** Columns `text` takes on a terminal, as cli-table3 measures it (colour codes take none). */
export function displayWidth(text: string): number {
  const width = cellWidth(text);
  return width === NOT_DRAWN ? stringWidth(text.replace(SGR, '')) : width;
}

interface Measures {
  headWidths: number[];
  /** Per row: its cells' widths, or a heading's width. */
  rowWidths: (number | number[])[];
}

/** The widths of every cell, or null when some cell or row is not for the fast path (see fitsFastPath). */
function measure({ head, rows }: TextTableSpec): Measures | null {
  if (head.length === 0) return null;
  const headWidths = head.map(cellWidth);
  if (headWidths.includes(NOT_DRAWN)) return null;
  const rowWidths: (number | number[])[] = new Array(rows.length);
  for (let index = 0; index < rows.length; index++) {
    const row = rows[index]!;
    if ('span' in row) {
      const width = cellWidth(row.span);
      if (width === NOT_DRAWN) return null;
      rowWidths[index] = width;
      continue;
    }
    if (row.length !== head.length) return null;
    const widths = row.map(cellWidth);
    if (widths.includes(NOT_DRAWN)) return null;
    rowWidths[index] = widths;
  }
  return { headWidths, rowWidths };
}

export function renderTextTable(spec: TextTableSpec): string {
  const { head, rows } = spec;
  const columns = head.length;
  const measures = measure(spec);
  if (!measures) throw new Error('a table cell holds a line break or an open colour, or a row is not as wide as the head');
  const { headWidths, rowWidths } = measures;
  const align = head.map((_, index): Align => (spec.rightAligned?.includes(index) ? 'right' : 'left'));

  // Column width: widest cell plus one space of padding each side.
  const widths = headWidths.map((width) => width + 2);
  for (let index = 0; index < rowWidths.length; index++) {
    const row = rowWidths[index]!;
    if (typeof row === 'number') continue;
    for (let column = 0; column < row.length; column++) {
      if (row[column]! + 2 > widths[column]!) widths[column] = row[column]! + 2;
    }
  }
  // A heading wider than the columns widens them from the left, one heading at a time from the
  // last, with cli-table3's rounding (layout-manager computeWidths); the order changes the result.
  for (let index = rowWidths.length - 1; index >= 0; index--) {
    const row = rowWidths[index]!;
    if (typeof row !== 'number') continue;
    const desired = row + 2;
    let existing = widths.reduce((sum, width) => sum + width, columns - 1);
    for (let column = 0; column < columns && desired > existing; column++) {
      const grow = Math.round((desired - existing) / (columns - column));
      existing += grow;
      widths[column]! += grow;
    }
  }
  const frame = new Frame(widths, align);
  const lines = [frame.top(), frame.cells(head, headWidths)];
  for (let index = 0; index < rows.length; index++) {
    const row = rows[index]!;
    const rowWidth = rowWidths[index]!;
    if (index === 0) lines.push(frame.belowHead('span' in row));
    lines.push('span' in row ? frame.span(row.span, rowWidth as number) : frame.cells(row, rowWidth as number[]));
  }
  const last = rows[rows.length - 1];
  lines.push(frame.bottom(last !== undefined && 'span' in last));
  return lines.join('\n');
}

/** The lines of a table whose column widths are settled (each counts one space of padding either side). */
class Frame {
  private readonly spanWidth: number;
  private readonly padded: string[];

  constructor(
    private readonly widths: readonly number[],
    private readonly align: readonly Align[],
  ) {
    this.spanWidth = widths.reduce((sum, width) => sum + width, widths.length - 1);
    this.padded = new Array(widths.length);
  }

  top(): string {
    return this.rule('┌', '┬', '┐');
  }

  belowHead(spanFollows: boolean): string {
    return this.rule('├', spanFollows ? '┴' : '┼', '┤');
  }

  bottom(afterSpan: boolean): string {
    return afterSpan ? `└${'─'.repeat(this.spanWidth)}┘` : this.rule('└', '┴', '┘');
  }

  /**
   * A row's cells, `cellWidths` their display widths. Each cell padded by one padStart/padEnd (its
   * length plus the columns it is short of), then the line in one join: fewer, flatter strings than
   * a concatenation per piece (a table's few thousand cells are padded cold).
   */
  cells(cells: readonly string[], cellWidths: readonly number[]): string {
    const { padded, widths, align } = this;
    for (let column = 0; column < cells.length; column++) {
      const cell = cells[column]!;
      const length = cell.length + widths[column]! - 2 - cellWidths[column]!;
      padded[column] = align[column] === 'right' ? cell.padStart(length) : cell.padEnd(length);
    }
    return `│ ${padded.join(' │ ')} │`;
  }

  /** A heading across every column, `textWidth` its display width. */
  span(text: string, textWidth: number): string {
    return `│${pad(text, textWidth, this.spanWidth, this.align[0]!)}│`;
  }

  private rule(left: string, join: string, right: string): string {
    return `${left}${this.widths.map((width) => '─'.repeat(width)).join(join)}${right}`;
  }
}

/** A cell padded to its column's width (which counts one space each side). */
function pad(text: string, textWidth: number, width: number, side: Align): string {
  const fill = ' '.repeat(width - 2 - textWidth);
  return side === 'right' ? ` ${fill}${text} ` : ` ${text}${fill} `;
}

/**
 * What the renderer draws: one-line cells, rows as wide as the head, and colour codes that close
 * themselves (as chalk's do). Text from files is escaped first (escape.ts), so it always fits.
 */
export function fitsFastPath(spec: TextTableSpec): boolean {
  return measure(spec) !== null;
}

function isPlainCell(text: string): boolean {
  return !text.includes('\n') && (!text.includes('\u001b') || !leavesStyleOpen(text));
}

// cli-table3 (utils.readState/unwindState) appends closing codes for these when left open.
const ATTRIBUTE_CODES: Record<string, [name: string, on: boolean]> = {
  '\u001b[1m': ['bold', true],
  '\u001b[22m': ['bold', false],
  '\u001b[3m': ['italics', true],
  '\u001b[23m': ['italics', false],
  '\u001b[4m': ['underline', true],
  '\u001b[24m': ['underline', false],
  '\u001b[7m': ['inverse', true],
  '\u001b[27m': ['inverse', false],
  '\u001b[9m': ['strikethrough', true],
  '\u001b[29m': ['strikethrough', false],
};

function leavesStyleOpen(text: string): boolean {
  let attributes = new Map<string, boolean>();
  let foreground = '\u001b[39m';
  let background = '\u001b[49m';
  for (const match of text.matchAll(SGR)) {
    const code = match[1] ? parseInt(match[1].split(';')[0]!, 10) : 0;
    if ((code >= 30 && code <= 39) || (code >= 90 && code <= 97)) foreground = match[0];
    else if ((code >= 40 && code <= 49) || (code >= 100 && code <= 107)) background = match[0];
    else if (code === 0) [attributes, foreground, background] = [new Map(), '\u001b[39m', '\u001b[49m'];
    else {
      const attribute = ATTRIBUTE_CODES[match[0]];
      if (attribute) attributes.set(...attribute);
    }
  }
  return foreground !== '\u001b[39m' || background !== '\u001b[49m' || [...attributes.values()].includes(true);
}

// Fitting a width. A table wider than the terminal is drawn in column blocks, each repeating the
// leading columns (the row's key); a text (left-aligned) cell or heading that still does not fit
// is shortened with "…". Right-aligned cells are numbers and are never cut.

const ELLIPSIS = '…';
const ANY_SGR = /\u001b\[[\d;]*m/y;

/** `text` cut to `max` columns with "…", its colour codes all kept (so what opens also closes). */
export function truncateToWidth(text: string, max: number): string {
  if (displayWidth(text) <= max) return text;
  let out = '';
  let width = 0;
  let cut = false;
  for (let at = 0; at < text.length; ) {
    ANY_SGR.lastIndex = at;
    const code = ANY_SGR.exec(text);
    if (code) {
      out += code[0];
      at += code[0].length;
      continue;
    }
    const char = String.fromCodePoint(text.codePointAt(at)!);
    at += char.length;
    if (cut) continue;
    const charWidth = displayWidth(char);
    if (width + charWidth > max - 1) {
      out += ELLIPSIS;
      cut = true;
      continue;
    }
    out += char;
    width += charWidth;
  }
  return out;
}

/** Each column's width as drawn (widest cell), headings aside. */
function naturalWidths({ head, rows }: TextTableSpec): number[] {
  const widths = head.map(displayWidth);
  for (const row of rows) {
    if ('span' in row) continue;
    row.forEach((cell, column) => {
      widths[column] = Math.max(widths[column]!, displayWidth(cell));
    });
  }
  return widths;
}

/**
 * Column blocks that fit `width`: the first `repeat` columns in each, the others in order, as
 * many as fit (at least one). `widths` are the columns' content widths; a boxed column takes 3 more.
 */
export function columnBlocks(widths: readonly number[], repeat: number, width: number, perColumn: number, frame: number): number[][] {
  const fixed = widths.slice(0, repeat).reduce((sum, w) => sum + w + perColumn, frame);
  const blocks: number[][] = [];
  let block: number[] = [];
  let used = fixed;
  for (let column = repeat; column < widths.length; column++) {
    const take = widths[column]! + perColumn;
    if (block.length > 0 && used + take > width) {
      blocks.push(block);
      block = [];
      used = fixed;
    }
    block.push(column);
    used += take;
  }
  if (block.length > 0 || blocks.length === 0) blocks.push(block);
  const lead = Array.from({ length: Math.min(repeat, widths.length) }, (_, k) => k);
  return blocks.map((columns) => [...lead, ...columns]);
}

export interface FitOptions {
  /** Columns the table may take; absent: as wide as its cells. */
  width?: number;
  /** Leading columns repeated in every block (the row's key). */
  repeat?: number;
}

/** A text column is narrowed, its cells wrapped, down to this width before the table goes to blocks. */
const WRAP_LEAST = 16;
const WRAP_LAST = 10;

const CJK_CHAR = '\\u2e80-\\u9fff\\uf900-\\ufaff\\uff00-\\uffef\\u3000-\\u303f';
/** Where a line may break: after a CJK character, after a run of other text and its spaces. */
const BREAKABLE = new RegExp(`[${CJK_CHAR}]|[^\\s${CJK_CHAR}]+\\s*|\\s+`, 'gu');

/** Plain text in lines of at most `width` columns, broken between words or CJK characters (a longer word is split). */
export function wrapText(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const piece of text.match(BREAKABLE) ?? []) {
    if (line !== '' && displayWidth((line + piece).trimEnd()) > width) {
      lines.push(line.trimEnd());
      line = '';
    }
    if (line === '' && displayWidth(piece.trimEnd()) > width) {
      for (const char of piece.trimEnd()) {
        if (line !== '' && displayWidth(line + char) > width) {
          lines.push(line);
          line = '';
        }
        line += char;
      }
      continue;
    }
    line += line === '' ? piece.trimStart() : piece;
  }
  if (line.trimEnd() !== '' || lines.length === 0) lines.push(line.trimEnd());
  return lines;
}

const OUTER_CODES = /^((?:\u001b\[[\d;]*m)*)([\s\S]*?)((?:\u001b\[[\d;]*m)*)$/u;

/** A cell's lines within `width`: wrapped, each keeping the cell's own colour; text coloured inside is cut instead. */
function wrapCell(text: string, width: number): string[] {
  if (displayWidth(text) <= width) return [text];
  const [, open = '', inner = '', close = ''] = OUTER_CODES.exec(text) ?? [];
  if (inner.includes('\u001b')) return [truncateToWidth(text, width)];
  return wrapText(inner, width).map((line) => `${open}${line}${close}`);
}

/**
 * renderTextTable within a width. Text columns (left-aligned, after the key) are narrowed, widest
 * first, down to WRAP_LEAST, their cells wrapped onto continuation rows (a row without rules
 * between reads as one row of several lines); headings wrap too. What still does not fit is drawn
 * in column blocks (a blank line between), each repeating the key columns. Numbers (right-aligned)
 * are never cut.
 */
export function fitTextTable(spec: TextTableSpec, { width, repeat = 1 }: FitOptions = {}): string {
  if (width === undefined) return renderTextTable(spec);
  const right = new Set(spec.rightAligned ?? []);
  const widths = naturalWidths(spec);
  const total = (): number => widths.reduce((sum, w) => sum + w + 3, 1);
  const widestSpan = spec.rows.reduce((max, row) => ('span' in row ? Math.max(max, displayWidth(row.span)) : max), 0);
  if (total() <= width && widestSpan + 4 <= width) return renderTextTable(spec);
  narrowColumns(widths, widths.map((_, column) => column >= repeat && !right.has(column)), width);
  // Key columns so wide that no other column fits beside them: the widest text among them is narrowed.
  const fixed = widths.slice(0, repeat).reduce((sum, w) => sum + w + 3, 1);
  const least = Math.min(...widths.slice(repeat).map((w) => w + 3), WRAP_LEAST + 3);
  const over = fixed + least - width;
  if (over > 0 && widths.length > repeat) {
    const widest = widths.slice(0, repeat).reduce((best, w, k) => (!right.has(k) && (best < 0 || w > widths[best]!) ? k : best), -1);
    if (widest >= 0) widths[widest] = Math.max(4, widths[widest]! - over);
  }
  const key = widths.slice(0, repeat).reduce((sum, w) => sum + w + 3, 1);
  for (let column = repeat; column < widths.length; column++) {
    if (!right.has(column)) widths[column] = Math.max(1, Math.min(widths[column]!, width - key - 3));
  }
  const blocks = columnBlocks(widths, repeat, width, 3, 1);
  return blocks
    .map((columns) => {
      const spanRoom = Math.max(1, columns.reduce((sum, column) => sum + widths[column]! + 3, -1) - 2);
      return renderTextTable({
        head: fittedHead(spec.head, columns, widths, right),
        rightAligned: columns.flatMap((column, k) => (right.has(column) ? [k] : [])),
        rows: spec.rows.flatMap((row): Row[] => ('span' in row ? wrapCell(row.span, spanRoom).map((span) => ({ span })) : wrappedLines(row, columns, widths, right))),
      });
    })
    .join('\n\n');
}

/** The titles of `columns`, text ones cut to their width (numbers' never are). */
function fittedHead(head: readonly string[], columns: readonly number[], widths: readonly number[], right: ReadonlySet<number>): string[] {
  return columns.map((column) => (right.has(column) ? head[column]! : truncateToWidth(head[column]!, widths[column]!)));
}

/** A row's `columns` as lines: text cells wrapped to their column's width, numbers whole, blanks below a shorter cell. */
function wrappedLines(cells: readonly string[], columns: readonly number[], widths: readonly number[], right: ReadonlySet<number>): string[][] {
  const wrapped = columns.map((column) => (right.has(column) ? [cells[column]!] : wrapCell(cells[column]!, widths[column]!)));
  const height = Math.max(...wrapped.map((cell) => cell.length));
  return Array.from({ length: height }, (_, line) => wrapped.map((cell) => cell[line] ?? ''));
}

/** Narrows the `narrowable` columns, widest first, while the table is wider than `width`: down to each floor in turn. */
function narrowColumns(widths: number[], narrowable: readonly boolean[], width: number, floors: readonly number[] = [WRAP_LEAST, WRAP_LAST]): void {
  const total = (): number => widths.reduce((sum, w) => sum + w + 3, 1);
  for (const floor of floors) {
    while (total() > width) {
      const widest = widths.reduce((best, w, k) => (narrowable[k] && w > floor && (best < 0 || w > widths[best]!) ? k : best), -1);
      if (widest < 0) break;
      widths[widest]!--;
    }
  }
}

/** Rows a streamed table sizes its columns from (streamTextTable). */
export const STREAM_SAMPLE_ROWS = 2000;

/** A streamed table, which has no column blocks, narrows any text column down to this when it must. */
const STREAM_LEAST = 4;

/**
 * fitTextTable for rows that come one at a time (a check's detail table can have millions), drawn
 * as they come. A table of at most `sampleRows` rows is fitTextTable's, byte for byte. A longer
 * one sizes its columns by its first `sampleRows` rows, fitted to the width as fitTextTable
 * narrows them, then further, but never split into column blocks (that would need every row
 * twice); a later text
 * cell wider than its column wraps onto continuation lines, a heading wider than the table wraps,
 * and a later number wider than its column is drawn whole (its row's rules shift: no number is cut).
 */
export function* streamTextTable(head: readonly string[], rightAligned: readonly number[], rows: Iterable<Row>, fit: FitOptions = {}, sampleRows = STREAM_SAMPLE_ROWS): Generator<string> {
  const iterator = rows[Symbol.iterator]();
  const sample: Row[] = [];
  let next = iterator.next();
  for (; !next.done && sample.length < sampleRows; next = iterator.next()) sample.push(next.value);
  if (next.done) {
    yield fitTextTable({ head, rightAligned, rows: sample }, fit);
    return;
  }
  const right = new Set(rightAligned);
  const widths = naturalWidths({ head, rows: sample });
  if (fit.width !== undefined) {
    narrowColumns(widths, widths.map((_, column) => column >= (fit.repeat ?? 1) && !right.has(column)), fit.width);
    // Still too wide: every text column, the key's too, rather than lines the terminal breaks.
    narrowColumns(widths, widths.map((_, column) => !right.has(column)), fit.width, [STREAM_LEAST]);
  }
  const frame = new Frame(
    widths.map((width) => width + 2),
    head.map((_, column): Align => (right.has(column) ? 'right' : 'left')),
  );
  const spanRoom = widths.reduce((sum, width) => sum + width + 3, -1) - 2;
  const everyColumn = head.map((_, column) => column);
  const headCells = fittedHead(head, everyColumn, widths, right);
  let lines = [frame.top(), frame.cells(headCells, headCells.map(displayWidth)), frame.belowHead('span' in sample[0]!)];
  let lastIsSpan = false;
  const draw = (row: Row): void => {
    lastIsSpan = 'span' in row;
    if ('span' in row) {
      for (const line of wrapCell(row.span, spanRoom)) lines.push(frame.span(line, displayWidth(line)));
      return;
    }
    for (const cells of wrappedLines(row, everyColumn, widths, right)) lines.push(frame.cells(cells, cells.map(displayWidth)));
  };
  for (const row of sample) draw(row);
  for (; !next.done; next = iterator.next()) {
    draw(next.value);
    // A few hundred lines a piece: one string per line would be millions of writes.
    if (lines.length >= 256) {
      yield `${lines.join('\n')}\n`;
      lines = [];
    }
  }
  lines.push(frame.bottom(lastIsSpan));
  yield lines.join('\n');
}

/**
 * The same number of blocks with the columns shared out evenly (9 + 3 regions become 6 + 6): a
 * grid's columns are near one width, so the later blocks are no wider than the first.
 */
function evenBlocks(blocks: number[][], repeat: number): number[][] {
  if (blocks.length < 2) return blocks;
  const lead = blocks[0]!.slice(0, repeat);
  const rest = blocks.flatMap((block) => block.slice(repeat));
  const size = Math.ceil(rest.length / blocks.length);
  if (blocks.some((block) => block.length - repeat < size)) {
    // Only when every block held at least `size` columns: then `size` fits in each.
    const least = Math.min(...blocks.slice(0, -1).map((block) => block.length - repeat));
    if (least < size) return blocks;
  }
  return Array.from({ length: Math.ceil(rest.length / size) }, (_, k) => [...lead, ...rest.slice(k * size, (k + 1) * size)]);
}

/** The least a grid's key column is cut to before its other columns go to blocks. */
const GRID_KEY_LEAST = 16;

export interface GridSpec {
  /** Head lines, each one cell per column. */
  head: readonly (readonly string[])[];
  /** Body lines; null: a rule across. */
  rows: readonly (readonly string[] | null)[];
  /** Per column: right-aligned (numbers, never cut) or not. */
  right: readonly boolean[];
  /** Columns the grid may take; absent: as wide as its cells. */
  width?: number;
  /** Leading columns repeated in every block. */
  repeat: number;
  /** The leading column cut to fit when the others need the room ("…"); absent: never. */
  shrink?: number;
}

/**
 * A borderless grid, columns one space apart (an overview of many narrow columns: a box would take
 * three columns for each), in column blocks that fit the width, each repeating the leading columns.
 */
export function renderGrid(spec: GridSpec): string {
  const all = [...spec.head, ...spec.rows.filter((row): row is readonly string[] => row !== null)];
  const widths = spec.right.map((_, column) => all.reduce((max, row) => Math.max(max, displayWidth(row[column] ?? '')), 0));
  if (spec.width !== undefined && spec.shrink !== undefined) {
    // The key cut to its least, the blocks laid out; then the key takes back what the widest block leaves.
    const natural = widths[spec.shrink]!;
    widths[spec.shrink] = Math.min(natural, GRID_KEY_LEAST);
    const laid = evenBlocks(columnBlocks(widths, spec.repeat, spec.width + 1, 1, 0), spec.repeat);
    const widest = Math.max(...laid.map((columns) => columns.reduce((sum, column) => sum + widths[column]! + 1, 0)));
    widths[spec.shrink] = Math.min(natural, widths[spec.shrink]! + spec.width + 1 - widest);
  }
  const blocks = spec.width === undefined ? [widths.map((_, k) => k)] : evenBlocks(columnBlocks(widths, spec.repeat, spec.width + 1, 1, 0), spec.repeat);
  const line = (row: readonly string[], columns: number[]): string =>
    columns
      .map((column) => {
        const text = spec.right[column] ? (row[column] ?? '') : truncateToWidth(row[column] ?? '', widths[column]!);
        const fill = ' '.repeat(Math.max(0, widths[column]! - displayWidth(text)));
        return spec.right[column] ? fill + text : text + fill;
      })
      .join(' ')
      .trimEnd();
  return blocks
    .map((columns) => {
      const ruleWidth = columns.reduce((sum, column) => sum + widths[column]! + 1, -1);
      const rule = '─'.repeat(ruleWidth);
      return [...spec.head.map((row) => line(row, columns)), rule, ...spec.rows.map((row) => (row === null ? rule : line(row, columns)))].join('\n');
    })
    .join('\n\n');
}

// A string, not a /literal/ (see ADMIN_SUFFIX in overview.ts): the bundle stays ASCII.
const SEPARATOR_AFTER = new RegExp('(?<=[ ：，；　])', 'u');

/** A line of text broken at its separators (" · ", spaces, "：", "，", "　") into lines that fit `width`; a piece wider than the width is left whole. */
export function fitLine(text: string, width: number | undefined): string {
  if (width === undefined || displayWidth(text) <= width) return text;
  const pieces = text.split(SEPARATOR_AFTER);
  const lines: string[] = [];
  let line = '';
  for (const piece of pieces) {
    if (line !== '' && displayWidth((line + piece).trimEnd()) > width) {
      lines.push(line.trimEnd());
      line = '';
    }
    line += piece;
  }
  if (line !== '') lines.push(line.trimEnd());
  return lines.join('\n');
}
