// The one list of output formats. The CLI (--format choices, --help), render(), the -o extension
// rule, the library barrel (index.ts) and the tests all read it. Nothing here loads a formatter:
// each is imported when it is used, so a JSON run never loads chalk or the HTML report.

import type { Formatter } from './formatter.js';
import type { ProjectFormatter } from './project/formatter.js';
import type { BinaryFormatter } from './xlsx.js';

interface FormatEntry {
  /** -o file extensions that ask for this format (lower case, with the dot). */
  extensions: readonly string[];
  /** Text that may be written in another encoding than UTF-8 (JSON and HTML declare UTF-8). */
  reEncodable: boolean;
  /** check, compute and indicators; a binary format gives bytes. */
  report: () => Promise<Formatter | BinaryFormatter>;
  /** project, explain and allocation, for the formats that have them. */
  project?: () => Promise<ProjectFormatter>;
}

export const FORMATS = {
  table: {
    extensions: [],
    reEncodable: true,
    report: async () => (await import('./table.js')).table,
    project: async () => (await import('./project/table.js')).table,
  },
  csv: {
    extensions: ['.csv'],
    reEncodable: true,
    report: async () => (await import('./csv.js')).csv,
    project: async () => (await import('./project/csv.js')).csv,
  },
  json: {
    extensions: ['.json'],
    reEncodable: false,
    report: async () => (await import('./json.js')).json,
    project: async () => (await import('./project/json.js')).json,
  },
  markdown: {
    extensions: ['.md'],
    reEncodable: true,
    report: async () => (await import('./markdown.js')).markdown,
    project: async () => (await import('./project/markdown.js')).markdown,
  },
  html: {
    extensions: ['.html', '.htm'],
    reEncodable: false,
    report: async () => (await import('./html/index.js')).html,
  },
  xlsx: {
    extensions: ['.xlsx'],
    reEncodable: false,
    report: async () => (await import('./xlsx.js')).xlsx,
  },
} as const satisfies Record<string, FormatEntry>;

export type FormatName = keyof typeof FORMATS;

/** Formats whose output is bytes (a workbook): not for a terminal. */
export const BINARY_FORMAT_NAMES = ['xlsx'] as const satisfies readonly FormatName[];
export type BinaryFormatName = (typeof BINARY_FORMAT_NAMES)[number];
export type TextFormatName = Exclude<FormatName, BinaryFormatName>;

/** Every --format of check, compute and indicators. */
export const REPORT_FORMAT_NAMES = Object.keys(FORMATS) as FormatName[];

/** The text formats among them. */
export const TEXT_FORMAT_NAMES = REPORT_FORMAT_NAMES.filter((name): name is TextFormatName => !(BINARY_FORMAT_NAMES as readonly string[]).includes(name));

export type ProjectFormatName = { [K in FormatName]: (typeof FORMATS)[K] extends { project: unknown } ? K : never }[FormatName];

/** Every --format of project and explain. */
export const PROJECT_FORMAT_NAMES = REPORT_FORMAT_NAMES.filter((name): name is ProjectFormatName => 'project' in FORMATS[name]);

/** Formats that may be written in another encoding than plain UTF-8. */
export const RE_ENCODABLE_FORMAT_NAMES = REPORT_FORMAT_NAMES.filter((name) => FORMATS[name].reEncodable);

export function isFormatName(name: string): name is FormatName {
  return Object.hasOwn(FORMATS, name);
}

/** The format an -o path's extension asks for (".CSV" too), or undefined. */
export function formatOfExtension(extension: string): FormatName | undefined {
  const wanted = extension.toLowerCase();
  return REPORT_FORMAT_NAMES.find((name) => (FORMATS[name].extensions as readonly string[]).includes(wanted));
}
