// Output formats by name (ESLint/knip style), every formatter loaded: for tests and for callers
// that use planmetrics as a library. The CLI goes through render.ts, which loads only the format
// asked for; a test keeps the two lists of names equal.

import { csv } from './csv.js';
import type { Formatter } from './formatter.js';
import { html } from './html/index.js';
import { json } from './json.js';
import { markdown } from './markdown.js';
import { table } from './table.js';

export type { FormatOptions, Formatter, Provenance, SourceFile } from './formatter.js';
export { describeDiagnostic, describeReason, formatDiagnosticLine, formatGithubAnnotation, levelLabel, statusLabel } from './messages.js';

export const formatters = { table, csv, json, markdown, html } satisfies Record<string, Formatter>;

export type FormatName = keyof typeof formatters;

export const FORMAT_NAMES = Object.keys(formatters) as FormatName[];

/** Formats whose output is bytes, made asynchronously; loaded only when asked for (exceljs is large). */
export const BINARY_FORMAT_NAMES = ['xlsx'] as const;

export type OutputFormatName = FormatName | (typeof BINARY_FORMAT_NAMES)[number];

/** Every --format a report command takes: the text formats, then the binary ones. */
export const OUTPUT_FORMAT_NAMES: readonly OutputFormatName[] = [...FORMAT_NAMES, ...BINARY_FORMAT_NAMES];

export { render } from './render.js';
