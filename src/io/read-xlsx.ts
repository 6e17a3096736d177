// Reads an .xlsx submission into the same SubmissionRows as the CSV reader: each row's cells become
// the text a CSV export would hold, then go through the same readHeaderRow / RowBuilder.
//
// - Sheet: the one named by --sheet, else the first in the workbook's tab order.
// - Header: rows above the header (a merged title, a units line, notes) are skipped. The header is
//   the first row in which both the region code (region_code / 地区代码 / 行政区划代码) and the year
//   (year / 年份) columns are found; every row before it is ignored.
// - Numbers are read as stored, not as displayed (a cell shown as 65.7% holds 0.657); numbers
//   stored as text are read like CSV text. A formula gives its cached result.
// - Line numbers are the sheet's row numbers; column numbers count from column A = 1.
//
// How: the zip's central directory (yauzl) gives each part by name, in any order the writer zipped
// them; the package relationships are followed from _rels/.rels to the workbook, its sheets and its
// shared strings, with targets relative to the part or absolute (/xl/...), as openpyxl writes them.
// The shared strings are kept (a sheet refers to them by number); the sheet itself streams through a
// SAX parser (sax) a row at a time, so memory does not grow with the sheet's length.
// Not read: .xls / WPS .et (Excel 97-2003 binary) and .xlsb; password-protected workbooks. Each is
// refused with advice to save as .xlsx or CSV.

import { open } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import sax from 'sax';
import yauzl from 'yauzl';
import { diagnostic, type Diagnostic } from '../core/diagnostics.js';
import { readHeaderRow, resolveHeader, RowBuilder, StringCells, type ColumnMap } from '../core/submissions.js';
import type { Plan, SubmissionRow } from '../core/types.js';
import type { ReadResult } from './read-submissions.js';

export interface XlsxReadOptions {
  /** The worksheet to read; default the first. */
  sheet?: string;
}

/** OOXML escapes characters XML cannot hold as _xHHHH_ (Excel writes a carriage return as _x000D_). */
function unescapeOoxml(text: string): string {
  if (!text.includes('_x')) return text;
  return text.replace(/_x([0-9A-Fa-f]{4})_/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}

/** A stored number as the text a CSV export holds; String() of a double reads back as the same double. */
function numberText(stored: string): string {
  const text = stored.trim();
  if (text === '') return '';
  const number = Number(text);
  return Number.isFinite(number) ? String(number) : text;
}

/**
 * A cell's value as the text a CSV export holds, from its type attribute (t) and its stored value
 * (<v>, or the text of <is> for an inline string). A formula without a cached result is blank.
 */
export function cellText(type: string, stored: string, sharedStrings: readonly string[]): string {
  switch (type) {
    case 's':
      return sharedStrings[Number(stored)] ?? '';
    case 'inlineStr':
    case 'str':
      return unescapeOoxml(stored);
    case 'b':
      return stored.trim() === '1' ? 'TRUE' : stored.trim() === '0' ? 'FALSE' : stored;
    case 'e':
      return stored;
    case 'd':
      // An ISO 8601 date cell: the date, as a date cell used to read.
      return /^\d{4}-\d\d-\d\d/.test(stored) ? stored.slice(0, 10) : stored;
    default:
      return numberText(stored);
  }
}

/** Cells from column A, with trailing blanks cut at the header's width (Excel leaves them out anyway). */
export function rowCells(values: readonly (string | undefined)[], width: number): string[] {
  const cells: string[] = Array.from(values, (value) => value ?? '');
  let end = cells.length;
  while (end > width && (cells[end - 1] ?? '').trim() === '') end -= 1;
  cells.length = end;
  while (cells.length < width) cells.push('');
  return cells;
}

function lastFilled(cells: readonly string[]): number {
  let end = cells.length;
  while (end > 0 && (cells[end - 1] ?? '').trim() === '') end -= 1;
  return end;
}

/** Owns the header state for one sheet: skips rows until the header, then turns rows into SubmissionRows. */
class SheetConsumer {
  private columns: ColumnMap | null = null;
  /** One builder for the sheet, as for a CSV: it also checks a total row against the rows above it. */
  private builder: RowBuilder | null = null;
  /** The first non-blank row, kept to say what was missing when no header is found. */
  private firstRow: { cells: string[]; line: number } | null = null;
  rows = 0;
  readonly diagnostics: Diagnostic[] = [];

  constructor(
    private readonly file: string,
    private readonly plan: Plan,
    private readonly onRow: (row: SubmissionRow) => void,
  ) {}

  consume(values: readonly (string | undefined)[], line: number): void {
    if (this.columns === null) {
      this.findHeader(rowCells(values, 0), line);
      return;
    }
    const cells = rowCells(values, this.columns.width);
    if (lastFilled(cells) === 0) return;
    const row = this.builder!.build(new StringCells(cells), line);
    if (!row) return;
    this.rows += 1;
    this.onRow(row);
  }

  private findHeader(cells: string[], line: number): void {
    const width = lastFilled(cells);
    if (width === 0) return;
    const header = cells.slice(0, width);
    this.firstRow ??= { cells: header, line };
    const resolved = readHeaderRow(header, this.plan, this.file, line);
    if (resolved === null) return;
    this.columns = resolved.columns;
    for (const d of resolved.diagnostics) this.diagnostics.push(d);
    this.builder = new RowBuilder(this.plan, resolved.columns, this.file, this.diagnostics);
  }

  /** After the last row: what to say if no header was ever found. */
  finish(): Diagnostic[] {
    if (this.columns !== null) return this.diagnostics;
    if (this.firstRow === null) return [diagnostic('FILE_EMPTY', { file: this.file })];
    const { cells, line } = this.firstRow;
    return resolveHeader(cells, this.plan, this.file, line).diagnostics.filter((d) => d.code === 'COLUMN_MISSING');
  }
}

/** A problem with the workbook itself (not its cells): becomes one diagnostic. */
class WorkbookProblem extends Error {
  constructor(readonly diagnostic: Diagnostic) {
    super(diagnostic.code);
  }
}

function corrupt(file: string, reason: string): WorkbookProblem {
  return new WorkbookProblem(diagnostic('WORKBOOK_CORRUPT', { file }, { reason }));
}

// ---------------------------------------------------------------------------------------------
// The zip package: parts by name, read in any order.

class Package {
  private readonly entries = new Map<string, yauzl.Entry>();
  /** Lower-cased names: a few writers differ from the relationships in letter case. */
  private readonly folded = new Map<string, yauzl.Entry>();

  private constructor(
    private readonly zip: yauzl.ZipFile,
    private readonly file: string,
  ) {}

  static async open(file: string): Promise<Package> {
    const zip = await new Promise<yauzl.ZipFile>((resolve, reject) => {
      yauzl.open(file, { lazyEntries: true, autoClose: false, strictFileNames: false, validateEntrySizes: true }, (error, opened) => {
        if (error || !opened) reject(corrupt(file, error?.message ?? 'not a zip archive'));
        else resolve(opened);
      });
    });
    const pkg = new Package(zip, file);
    try {
      await new Promise<void>((resolve, reject) => {
        zip.on('entry', (entry: yauzl.Entry) => {
          const name = entry.fileName.replace(/^\/+/, '');
          pkg.entries.set(name, entry);
          pkg.folded.set(name.toLowerCase(), entry);
          zip.readEntry();
        });
        zip.on('end', () => resolve());
        zip.on('error', (error: Error) => reject(corrupt(file, error.message)));
        zip.readEntry();
      });
    } catch (error) {
      pkg.close();
      throw error;
    }
    return pkg;
  }

  has(name: string): boolean {
    return this.entry(name) !== undefined;
  }

  private entry(name: string): yauzl.Entry | undefined {
    return this.entries.get(name) ?? this.folded.get(name.toLowerCase());
  }

  async stream(name: string): Promise<Readable> {
    const entry = this.entry(name);
    if (!entry) throw corrupt(this.file, `the part ${name} is missing`);
    return new Promise<Readable>((resolve, reject) => {
      this.zip.openReadStream(entry, (error, stream) => {
        if (error || !stream) reject(corrupt(this.file, `${name}: ${error?.message ?? 'cannot be opened'}`));
        else resolve(stream);
      });
    });
  }

  close(): void {
    this.zip.close();
  }
}

// ---------------------------------------------------------------------------------------------
// XML: a strict SAX parse of one part. Names lose their namespace prefix (x:row is row).

interface XmlHandlers {
  open(name: string, attributes: Record<string, string>): void;
  close(name: string): void;
  text?(text: string): void;
}

function localName(name: string): string {
  const colon = name.indexOf(':');
  return colon < 0 ? name : name.slice(colon + 1);
}

async function parsePart(pkg: Package, file: string, name: string, handlers: XmlHandlers): Promise<void> {
  const parser = sax.parser(true, { trim: false, normalize: false, position: false } as sax.SAXOptions);
  let failure: Error | null = null;
  parser.onerror = (error) => {
    failure ??= error;
  };
  parser.onopentag = (tag) => handlers.open(localName(tag.name), tag.attributes as Record<string, string>);
  parser.onclosetag = (tag) => handlers.close(localName(tag));
  if (handlers.text) {
    const text = handlers.text;
    parser.ontext = text;
    parser.oncdata = text;
  }
  const stream = await pkg.stream(name);
  stream.setEncoding('utf8');
  const chunks = (stream as AsyncIterable<string>)[Symbol.asyncIterator]();
  let first = true;
  try {
    for (;;) {
      let next: IteratorResult<string>;
      try {
        next = await chunks.next();
      } catch (error) {
        // A broken deflate stream, a bad checksum or a cut-off entry (yauzl and zlib).
        throw corrupt(file, `${name}: ${error instanceof Error ? error.message : String(error)}`);
      }
      if (next.done) break;
      // Handlers run inside write(): what they throw (the caller's onRow) passes through as it is.
      parser.write(first && next.value.startsWith('\uFEFF') ? next.value.slice(1) : next.value);
      first = false;
      if (failure) break;
    }
    if (!failure) parser.close();
  } finally {
    stream.destroy();
  }
  if (failure) throw corrupt(file, `${name}: ${(failure as Error).message.split('\n')[0]}`);
}

interface Relationship {
  type: string;
  /** The part's name in the zip, resolved against the source part. */
  target: string;
}

/** Resolves a relationship target: absolute (/xl/...) from the package root, else from the source part's folder. */
export function resolveTarget(source: string, target: string): string {
  const base = target.startsWith('/') ? [] : source.split('/').slice(0, -1);
  let decoded = target;
  try {
    decoded = decodeURI(target);
  } catch {
    // A stray % in a target: the zip holds the name as written.
  }
  for (const segment of decoded.split('/')) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..') base.pop();
    else base.push(segment);
  }
  return base.join('/');
}

function relsName(part: string): string {
  const slash = part.lastIndexOf('/');
  return `${part.slice(0, slash + 1)}_rels/${part.slice(slash + 1)}.rels`;
}

async function readRelationships(pkg: Package, file: string, source: string): Promise<Map<string, Relationship>> {
  const relationships = new Map<string, Relationship>();
  const name = relsName(source);
  if (!pkg.has(name)) return relationships;
  await parsePart(pkg, file, name, {
    open(tag, attributes) {
      if (tag !== 'Relationship' || attributes.TargetMode === 'External') return;
      const { Id: id, Type: type = '', Target: target } = attributes;
      if (id !== undefined && target !== undefined) relationships.set(id, { type, target: resolveTarget(source, target) });
    },
    close() {},
  });
  return relationships;
}

function byType(relationships: Map<string, Relationship>, type: string): Relationship | undefined {
  for (const relationship of relationships.values()) if (relationship.type.endsWith(`/${type}`)) return relationship;
  return undefined;
}

interface SheetEntry {
  name: string;
  relationship: string;
}

async function readSheetList(pkg: Package, file: string, workbook: string): Promise<SheetEntry[]> {
  const sheets: SheetEntry[] = [];
  await parsePart(pkg, file, workbook, {
    open(tag, attributes) {
      if (tag !== 'sheet') return;
      // r:id, in the relationships namespace (transitional or strict); its prefix varies.
      const idName = Object.keys(attributes).find((key) => key.includes(':') && localName(key) === 'id');
      if (attributes.name !== undefined && idName !== undefined) sheets.push({ name: attributes.name, relationship: attributes[idName]! });
    },
    close() {},
  });
  return sheets;
}

/** The text of every <si>: its <t> runs joined, leaving out phonetic guides (<rPh>). */
async function readSharedStrings(pkg: Package, file: string, part: string | undefined): Promise<string[]> {
  const strings: string[] = [];
  if (part === undefined || !pkg.has(part)) return strings;
  let text: string | null = null;
  let inText = false;
  let phonetic = 0;
  await parsePart(pkg, file, part, {
    open(tag) {
      if (tag === 'si') text = '';
      else if (tag === 'rPh') phonetic += 1;
      else if (tag === 't' && phonetic === 0) inText = text !== null;
    },
    close(tag) {
      if (tag === 't') inText = false;
      else if (tag === 'rPh') phonetic -= 1;
      else if (tag === 'si') {
        strings.push(unescapeOoxml(text ?? ''));
        text = null;
      }
    },
    text(chunk) {
      if (inText) text += chunk;
    },
  });
  return strings;
}

/** Column number (A = 1) of a cell reference such as "AB12"; 0 when it has none. */
function columnOf(reference: string | undefined): number {
  if (reference === undefined) return 0;
  let column = 0;
  for (let i = 0; i < reference.length; i++) {
    const code = reference.charCodeAt(i) | 0x20; // lower case
    if (code < 0x61 || code > 0x7a) break;
    column = column * 26 + (code - 0x60);
  }
  return column;
}

/** Streams the sheet's rows to `onRow` as cell texts from column A, with the sheet's row number. */
async function readSheetRows(
  pkg: Package,
  file: string,
  part: string,
  sharedStrings: readonly string[],
  onRow: (cells: (string | undefined)[], line: number) => void,
): Promise<void> {
  let line = 0;
  let cells: (string | undefined)[] = [];
  let column = 0;
  let type = 'n';
  let stored = '';
  /** Inside <v>, or inside a <t> of an inline string (not of its phonetic guide). */
  let capturing = false;
  let inInline = false;
  let phonetic = 0;
  await parsePart(pkg, file, part, {
    open(tag, attributes) {
      switch (tag) {
        case 'row':
          line = /^\d+$/.test(attributes.r ?? '') ? Number(attributes.r) : line + 1;
          cells = [];
          column = 0;
          break;
        case 'c':
          column = columnOf(attributes.r) || column + 1;
          type = attributes.t ?? 'n';
          stored = '';
          break;
        case 'v':
          capturing = !inInline;
          break;
        case 'is':
          inInline = true;
          break;
        case 'rPh':
          phonetic += 1;
          break;
        case 't':
          capturing = inInline && phonetic === 0;
          break;
      }
    },
    close(tag) {
      switch (tag) {
        case 'v':
        case 't':
          capturing = false;
          break;
        case 'is':
          inInline = false;
          break;
        case 'rPh':
          phonetic -= 1;
          break;
        case 'c':
          if (column > 0) cells[column - 1] = cellText(type, stored, sharedStrings);
          break;
        case 'row':
          onRow(cells, line);
          break;
      }
    },
    text(chunk) {
      if (capturing) stored += chunk;
    },
  });
}

/** What the first bytes say: a zip (xlsx), an OLE2 compound file (.xls, .et, or an encrypted workbook), or neither. */
async function sniff(file: string): Promise<'zip' | 'ole' | 'other'> {
  const handle = await open(file, 'r');
  try {
    const { bytesRead, buffer } = await handle.read(Buffer.alloc(8), 0, 8, 0);
    const head = buffer.subarray(0, bytesRead);
    if (head.subarray(0, 4).equals(Buffer.from([0x50, 0x4b, 0x03, 0x04]))) return 'zip';
    if (head.equals(Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]))) return 'ole';
    return 'other';
  } finally {
    await handle.close();
  }
}

export interface WorksheetRead {
  /** The workbook's sheet names in tab order (empty when the workbook could not be opened). */
  sheets: string[];
  /** What stopped the read (the file, not a cell); null when the sheet was read to its end. */
  problem: Diagnostic | null;
}

/**
 * Streams one worksheet's rows to `onRow` as cell texts from column A (undefined: no cell), with
 * the sheet's row number. What `onRow` throws passes through; problems with the file come back.
 */
export async function readWorksheet(
  file: string,
  options: XlsxReadOptions,
  onRow: (cells: (string | undefined)[], line: number) => void,
): Promise<WorksheetRead> {
  let kind: 'zip' | 'ole' | 'other';
  try {
    kind = await sniff(file);
  } catch (error) {
    return { sheets: [], problem: diagnostic('FILE_UNREADABLE', { file }, { reason: (error as NodeJS.ErrnoException).code ?? String(error) }) };
  }
  if (kind === 'ole') return { sheets: [], problem: diagnostic('WORKBOOK_UNSUPPORTED', { file }, { format: 'xls' }) };
  if (kind === 'other') return { sheets: [], problem: diagnostic('WORKBOOK_CORRUPT', { file }, { reason: 'not a zip archive' }) };

  let pkg: Package | null = null;
  let names: string[] = [];
  try {
    pkg = await Package.open(file);
    const root = await readRelationships(pkg, file, '');
    const workbook = byType(root, 'officeDocument')?.target ?? 'xl/workbook.xml';
    if (/\.bin$/i.test(workbook)) return { sheets: [], problem: diagnostic('WORKBOOK_UNSUPPORTED', { file }, { format: 'xlsb' }) };
    const sheets = await readSheetList(pkg, file, workbook);
    names = sheets.map((sheet) => sheet.name);
    if (sheets.length === 0) throw corrupt(file, 'the workbook lists no worksheet');
    const chosen = options.sheet === undefined ? sheets[0]! : sheets.find((sheet) => sheet.name === options.sheet);
    if (chosen === undefined) return { sheets: names, problem: diagnostic('SHEET_NOT_FOUND', { file }, { sheet: options.sheet ?? '', sheets: names.join(', ') }) };
    const relationships = await readRelationships(pkg, file, workbook);
    const target = relationships.get(chosen.relationship);
    if (target === undefined) throw corrupt(file, `the sheet "${chosen.name}" has no part`);
    if (!target.type.endsWith('/worksheet')) throw corrupt(file, `"${chosen.name}" is not a worksheet (a chart sheet?)`);
    const sharedStrings = await readSharedStrings(pkg, file, byType(relationships, 'sharedStrings')?.target);
    await readSheetRows(pkg, file, target.target, sharedStrings, onRow);
  } catch (error) {
    if (error instanceof WorkbookProblem) return { sheets: names, problem: error.diagnostic };
    throw error;
  } finally {
    pkg?.close();
  }
  return { sheets: names, problem: null };
}

/** Reads one worksheet of a workbook into SubmissionRows; problems come back as diagnostics, never as throws. */
export async function readXlsxSubmission(
  file: string,
  plan: Plan,
  options: XlsxReadOptions,
  onRow: (row: SubmissionRow) => void,
): Promise<ReadResult> {
  const consumer = new SheetConsumer(file, plan, onRow);
  const { problem } = await readWorksheet(file, options, (cells, line) => consumer.consume(cells, line));
  if (problem) return { file, rows: consumer.rows, diagnostics: [...consumer.diagnostics, problem] };
  return { file, rows: consumer.rows, diagnostics: consumer.finish() };
}
