// The one call a command makes to turn a report into output. Each format's module is imported
// only when it is used, so a JSON run never loads chalk, cli-table3 or the HTML report.

import type { Diagnostic } from '../core/diagnostics.js';
import type { CheckReport, ComputeReport, Plan } from '../core/types.js';
import type { FormatOptions, Formatter } from './formatter.js';
import { painterFor } from './paint.js';

const TEXT_FORMATS: Record<string, () => Promise<Formatter>> = {
  table: async () => (await import('./table.js')).table,
  csv: async () => (await import('./csv.js')).csv,
  json: async () => (await import('./json.js')).json,
  markdown: async () => (await import('./markdown.js')).markdown,
  html: async () => (await import('./html/index.js')).html,
};

/** Text format names, in the order of the registry in ./index.ts (a test keeps them equal). */
export const TEXT_FORMAT_NAMES = Object.keys(TEXT_FORMATS);

/** Every --format of check, compute and indicators: the text formats, then the binary xlsx. */
export const REPORT_FORMAT_NAMES = [...TEXT_FORMAT_NAMES, 'xlsx'];

interface Renderable {
  check: CheckReport;
  compute: ComputeReport;
  indicators: Plan;
}

/**
 * Renders with a text or binary format; binary formats (xlsx) come back as bytes. `warnings` gets
 * what a format had to change in the data (xlsx: characters a workbook cannot hold).
 */
export async function render<K extends keyof Renderable>(
  format: string,
  kind: K,
  data: Renderable[K],
  options: FormatOptions,
  warnings?: Diagnostic[],
): Promise<string | Uint8Array> {
  const load = Object.hasOwn(TEXT_FORMATS, format) ? TEXT_FORMATS[format] : undefined;
  if (format === 'table' && options.color && !options.painter) options = { ...options, painter: await painterFor(true) };
  if (load) return ((await load())[kind] as (data: Renderable[K], options: FormatOptions) => string)(data, options);
  if (format === 'xlsx') {
    const { xlsx, workbookBytes } = await import('./xlsx.js');
    const chunks = (xlsx[kind] as (data: Renderable[K], options: FormatOptions, warnings?: Diagnostic[]) => AsyncIterable<Uint8Array>)(data, options, warnings);
    // The workbook is written as a stream of chunks; the output writer takes whole bytes for now,
    // so they are collected here (the compressed workbook, a tenth of the XML). Once writeOutput
    // takes an AsyncIterable, return `chunks` itself and print the warnings after the write.
    return workbookBytes(chunks);
  }
  throw new Error(`unknown format ${format}`);
}
