import { judge } from '../core/judge.js';
import type { CheckReport, Verdict } from '../core/types.js';
import { render } from '../format/render.js';
import { describeSources } from '../io/provenance.js';
import { loadData } from './load.js';
import { parseLevels, parseMinCoverage, parseYears, splitList, usageError, type CommonOptions } from './options.js';
import type { CommandResult } from './result.js';

export type FailOn = 'binding' | 'any' | 'none';

export interface CheckOptions extends CommonOptions {
  failOn: FailOn;
  stdin?: NodeJS.ReadableStream;
  /** --min-coverage: the share (0 to 1) of expected children a region built from them needs to be judged (default 1). */
  minCoverage?: string;
}

/** Which verdicts make `check` exit 1: a target that is due and not met. */
export function countsAsFailure(verdict: Verdict, failOn: FailOn): boolean {
  if (failOn === 'none' || verdict.status !== 'not_met') return false;
  return failOn === 'any' || verdict.attribute === 'binding';
}

export function checkExitCode(report: CheckReport, failOn: FailOn): number {
  return report.results.some((v) => countsAsFailure(v, failOn)) ? 1 : 0;
}

export async function runCheck(files: string[], options: CheckOptions): Promise<CommandResult> {
  if (!['binding', 'any', 'none'].includes(options.failOn)) throw usageError(`--fail-on takes binding|any|none; got "${options.failOn}"`);
  const data = await loadData(files, options);
  const report = judge(data.plan, data.engine, {
    years: parseYears(options.year),
    levels: parseLevels(options.level, ['province', 'city']),
    regions: splitList(options.region),
    indicators: splitList(options.indicator),
    minCoverage: parseMinCoverage(options.minCoverage),
  });
  const provenance = describeSources(options.plan, data.files);
  const output = await render(options.format, 'check', report, { lang: options.lang, color: options.color, plan: data.plan, provenance });
  return { output, exitCode: checkExitCode(report, options.failOn), warnings: data.warnings };
}
