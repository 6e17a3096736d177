// completeness's formats by name; each returns the output as text (ending in a newline).

import type { CompletenessReport } from '../../core/completeness.js';
import { painterFor } from '../paint.js';
import { completenessTable } from './table.js';
import { completenessCsv, completenessJson, completenessMarkdown } from './text.js';
import type { CompletenessFormatOptions } from './words.js';

export type { CompletenessFormatOptions } from './words.js';

export const completenessFormatters: Record<string, (report: CompletenessReport, options: CompletenessFormatOptions) => string> = {
  table: completenessTable,
  csv: completenessCsv,
  json: completenessJson,
  markdown: completenessMarkdown,
};

/** The report in one format; the table view colours when asked (chalk is loaded only then). */
export async function renderCompleteness(format: string, report: CompletenessReport, options: CompletenessFormatOptions): Promise<string> {
  const formatter = Object.hasOwn(completenessFormatters, format) ? completenessFormatters[format] : undefined;
  if (!formatter) throw new Error(`unknown format ${format}`);
  const painter = format === 'table' && options.color && !options.painter ? await painterFor(true) : options.painter;
  return formatter(report, { ...options, painter });
}
