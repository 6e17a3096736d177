// The one call a command makes to turn a report into output, through the format registry
// (registry.ts): each format's module is imported only when it is used.

import type { Diagnostic } from '../core/diagnostics.js';
import type { CheckStream } from '../core/judge.js';
import type { ComputeReport, Plan } from '../core/types.js';
import type { FormatOptions, Formatter, Output, Text } from './formatter.js';
import { painterFor } from './paint.js';
import { BINARY_FORMAT_NAMES, FORMATS, isFormatName } from './registry.js';
import type { BinaryFormatter } from './xlsx.js';

export { REPORT_FORMAT_NAMES, TEXT_FORMAT_NAMES } from './registry.js';

interface Renderable {
  check: CheckStream;
  compute: ComputeReport;
  indicators: Plan;
}

/**
 * Renders with a text format (its pieces as they are made) or a binary one (xlsx: the zip's chunks
 * as they are made). `warnings` gets what a format had to change in the data (xlsx: characters a
 * workbook cannot hold); it may grow while the output is written.
 */
export async function render<K extends keyof Renderable>(format: string, kind: K, data: Renderable[K], options: FormatOptions, warnings?: Diagnostic[]): Promise<Output> {
  if (!isFormatName(format)) throw new Error(`unknown format ${format}`);
  if (format === 'table' && options.color && !options.painter) options = { ...options, painter: await painterFor(true) };
  const formatter = await FORMATS[format].report();
  if ((BINARY_FORMAT_NAMES as readonly string[]).includes(format)) {
    const binary = formatter as BinaryFormatter;
    return (binary[kind] as (data: Renderable[K], options: FormatOptions, warnings?: Diagnostic[]) => AsyncIterable<Uint8Array>)(data, options, warnings);
  }
  return ((formatter as Formatter)[kind] as (data: Renderable[K], options: FormatOptions) => Text)(data, options);
}
