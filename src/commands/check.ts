import { judgeStream, type CheckStream } from '../core/judge.js';
import type { Verdict } from '../core/types.js';
import { render } from '../format/render.js';
import { describeSources } from '../io/provenance.js';
import { loadData } from './load.js';
import { parseLevels, parseYears, splitList, usageError, type CommonOptions } from './options.js';
import type { CommandResult } from './result.js';

export type FailOn = 'binding' | 'any' | 'none';

export interface CheckOptions extends CommonOptions {
  failOn: FailOn;
  stdin?: NodeJS.ReadableStream;
}

/** Which verdicts make `check` exit 1: a target that is due and not met. */
export function countsAsFailure(verdict: Verdict, failOn: FailOn): boolean {
  if (failOn === 'none' || verdict.status !== 'not_met') return false;
  return failOn === 'any' || verdict.attribute === 'binding';
}

export function checkExitCode(report: Pick<CheckStream, 'results'>, failOn: FailOn): number {
  for (const verdict of report.results) if (countsAsFailure(verdict, failOn)) return 1;
  return 0;
}

/**
 * The report with its exit code noted as its verdicts are read (they are judged as they are
 * written), so the code costs no second judging; a second pass only when nothing read them all.
 */
function noteFailures(stream: CheckStream, failOn: FailOn): { report: CheckStream; exitCode: () => number } {
  let failed: boolean | null = null;
  const results = {
    *[Symbol.iterator]() {
      let any = false;
      for (const verdict of stream.results) {
        if (!any && countsAsFailure(verdict, failOn)) any = true;
        yield verdict;
      }
      failed = any;
    },
  };
  const report: CheckStream = {
    plan: stream.plan,
    indicators: stream.indicators,
    year: stream.year,
    results,
    get summary() {
      return stream.summary;
    },
  };
  return { report, exitCode: () => (failed === null ? checkExitCode(stream, failOn) : failed ? 1 : 0) };
}

export async function runCheck(files: string[], options: CheckOptions): Promise<CommandResult> {
  if (!['binding', 'any', 'none'].includes(options.failOn)) throw usageError(`--fail-on takes binding|any|none; got "${options.failOn}"`);
  const data = await loadData(files, options);
  const stream = judgeStream(data.plan, data.engine, {
    years: parseYears(options.year),
    levels: parseLevels(options.level, ['province', 'city']),
    regions: splitList(options.region),
    indicators: splitList(options.indicator),
  });
  const provenance = describeSources(options.plan, data.files);
  const { report, exitCode } = noteFailures(stream, options.failOn);
  const output = await render(options.format, 'check', report, { lang: options.lang, color: options.color, plan: data.plan, provenance }, data.warnings);
  return { output, exitCode, warnings: data.warnings };
}
