// The shape every output format implements. A formatter returns text (ending in a newline); it never writes.

import type { CheckReport, ComputeReport, Lang, Plan } from '../core/types.js';
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

export interface Formatter {
  check(report: CheckReport, options: FormatOptions): string;
  compute(report: ComputeReport, options: FormatOptions): string;
  indicators(plan: Plan, options: FormatOptions): string;
}
