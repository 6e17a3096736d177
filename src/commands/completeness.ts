// `completeness`: who has not reported what, and what it blocks (contract: "completeness").

import { completeness, completenessExitCode, missingDiagnostics } from '../core/completeness.js';
import { completenessFormatters, renderCompleteness } from '../format/completeness/index.js';
import { loadData } from './load.js';
import { parseMinCoverage, parseYears, splitList, usageError, type CommonOptions } from './options.js';
import type { CommandResult } from './result.js';

export interface CompletenessOptions extends CommonOptions {
  minCoverage?: string;
  sheet?: string;
  stdin?: NodeJS.ReadableStream;
}

/** The width when a caller gives none (the CLI always gives the run's: see outputWidth in cli.ts). */
const DEFAULT_WIDTH = 120;

export async function runCompleteness(files: string[], options: CompletenessOptions): Promise<CommandResult> {
  if (options.indicator !== undefined) throw usageError('completeness_no_indicator');
  if (options.level !== undefined && options.level.includes(',')) throw usageError('completeness_one_level', { value: options.level });
  if (!Object.hasOwn(completenessFormatters, options.format)) throw usageError('format_choice', { command: 'completeness', formats: Object.keys(completenessFormatters).join(', '), value: options.format });
  const minCoverage = parseMinCoverage(options.minCoverage);
  const years = parseYears(options.year);
  const data = await loadData(files, options);
  const report = completeness(data.plan, data.engine, { level: options.level, years, regions: splitList(options.region), minCoverage });
  const output = await renderCompleteness(options.format, report, {
    lang: options.lang,
    color: options.color,
    plan: data.plan,
    width: options.width ?? DEFAULT_WIDTH,
  });
  const exitCode = completenessExitCode(report);
  const missing = exitCode === 1 ? missingDiagnostics(report, data.plan) : [];
  return { output, exitCode, warnings: [...data.warnings, ...missing] };
}
