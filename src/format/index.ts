// Output formats by name (ESLint/knip style), every text formatter loaded: for tests and for
// callers that use planmetrics as a library. The names are the registry's (registry.ts); the CLI
// goes through render.ts, which loads only the format asked for.

import { csv } from './csv.js';
import type { Formatter } from './formatter.js';
import { html } from './html/index.js';
import { json } from './json.js';
import { markdown } from './markdown.js';
import type { TextFormatName } from './registry.js';
import { table } from './table.js';

export type { FormatOptions, Formatter, Output, Provenance, SourceFile, Text } from './formatter.js';
export { textOf } from './formatter.js';
export { describeDiagnostic, describeReason, formatDiagnosticLine, formatGithubAnnotation, levelLabel, statusLabel } from './messages.js';
export { BINARY_FORMAT_NAMES, FORMATS, PROJECT_FORMAT_NAMES, REPORT_FORMAT_NAMES, TEXT_FORMAT_NAMES, type FormatName, type TextFormatName } from './registry.js';

/** Every text format, loaded (the registry's names: the compiler holds the two to the same keys). */
export const formatters: Record<TextFormatName, Formatter> = { table, csv, json, markdown, html };

/** The registry's REPORT_FORMAT_NAMES under the name earlier releases exported. */
export { REPORT_FORMAT_NAMES as OUTPUT_FORMAT_NAMES } from './registry.js';

export { render } from './render.js';
