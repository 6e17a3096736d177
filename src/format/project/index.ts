// Output formats of project, explain and allocation, by name; the names are the registry's
// (../registry.ts: the formats with a `project` entry), which the compiler holds these keys to.

import type { ProjectFormatName } from '../registry.js';
import { csv } from './csv.js';
import type { ProjectFormatter } from './formatter.js';
import { json } from './json.js';
import { markdown } from './markdown.js';
import { table } from './table.js';

export type { ProjectFormatter } from './formatter.js';
export type { ProjectFormatName } from '../registry.js';
export { PROJECT_FORMAT_NAMES } from '../registry.js';

export const projectFormatters: Record<ProjectFormatName, ProjectFormatter> = { table, csv, json, markdown };

export function projectFormatter(name: string): ProjectFormatter | undefined {
  return Object.hasOwn(projectFormatters, name) ? projectFormatters[name as ProjectFormatName] : undefined;
}
