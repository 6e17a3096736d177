// Output formats by name (ESLint/knip style): the CLI picks one with --format and writes what it returns.

import { csv } from './csv.js';
import type { Formatter } from './formatter.js';
import { json } from './json.js';
import { markdown } from './markdown.js';
import { table } from './table.js';

export type { FormatOptions, Formatter } from './formatter.js';
export { describeDiagnostic, describeReason, formatDiagnosticLine, formatGithubAnnotation, levelLabel, statusLabel } from './messages.js';

export const formatters = { table, csv, json, markdown } satisfies Record<string, Formatter>;

export type FormatName = keyof typeof formatters;

export const FORMAT_NAMES = Object.keys(formatters) as FormatName[];

export function isFormatName(name: string): name is FormatName {
  return Object.hasOwn(formatters, name);
}
