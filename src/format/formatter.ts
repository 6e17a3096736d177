// The shape every output format implements. A formatter returns text (ending in a newline), whole
// or in pieces as it makes them; it never writes.

import type { CheckStream } from '../core/judge.js';
import type { ComputeReport, Lang, Plan } from '../core/types.js';
import type { Painter } from './paint.js';

export interface FormatOptions {
  lang: Lang;
  color: boolean;
  /** The plan, for input labels, tolerances and targets in the human views. */
  plan?: Plan;
  /** Where the data came from (files, dates, plan file); the HTML and xlsx reports print it. */
  provenance?: Provenance;
  /** With `color`, what the terminal views paint with (see paint.ts); none: no colour. */
  painter?: Painter;
  /** The terminal's width in columns: the table views fit it. Absent: no limit. */
  width?: number;
  /** The table view of check and project: one row per region and indicator instead of the overview. */
  detail?: boolean;
}

export interface SourceFile {
  path: string;
  /** Last modification, ISO 8601; null when unknown (standard input). */
  modified: string | null;
}

export interface Provenance {
  planFile: string;
  files: SourceFile[];
  /** When the report was made, ISO 8601. */
  generated: string;
  tool: string;
}

/**
 * What a command hands to be written: the whole text or bytes, or pieces in order as they are
 * made (a large report is never held whole): a text formatter's pieces as it makes them, or a
 * binary format's chunks as they come (xlsx). src/io/write-output.ts writes them all.
 */
export type Output = string | Uint8Array | Iterable<string> | AsyncIterable<string | Uint8Array>;

/** A text formatter's result: the whole text, or its pieces in order (made as they are read). */
export type Text = string | Iterable<string>;

export interface Formatter {
  check(report: CheckStream, options: FormatOptions): Text;
  compute(report: ComputeReport, options: FormatOptions): Text;
  indicators(plan: Plan, options: FormatOptions): Text;
}

/** The whole text of a formatter's result (for tests and small outputs). */
export function textOf(text: Text): string {
  return typeof text === 'string' ? text : [...text].join('');
}
