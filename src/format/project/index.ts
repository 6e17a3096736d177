// Output formats of project, explain and allocation, by name (a registry of their own, so the
// check/compute formatters stay untouched).

import { csv } from './csv.js';
import type { ProjectFormatter } from './formatter.js';
import { json } from './json.js';
import { markdown } from './markdown.js';
import { table } from './table.js';

export type { ProjectFormatter } from './formatter.js';

export const projectFormatters = { table, csv, json, markdown } satisfies Record<string, ProjectFormatter>;

export type ProjectFormatName = keyof typeof projectFormatters;

export const PROJECT_FORMAT_NAMES = Object.keys(projectFormatters) as ProjectFormatName[];

export function projectFormatter(name: string): ProjectFormatter | undefined {
  return Object.hasOwn(projectFormatters, name) ? projectFormatters[name as ProjectFormatName] : undefined;
}
