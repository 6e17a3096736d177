import { diagnostic, type Diagnostic } from '../core/diagnostics.js';
import { assertFiltersMatch } from '../core/filters.js';
import { judge } from '../core/judge.js';
import type { CheckReport, Plan, Verdict } from '../core/types.js';
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

export function checkExitCode(report: CheckReport, failOn: FailOn): number {
  return report.results.some((v) => countsAsFailure(v, failOn)) ? 1 : 0;
}

const COMPARATOR_TEXT: Record<Verdict['comparator'], string> = { '>=': '≥', '<=': '≤', '=': '=', '≈': '≈' };

/**
 * Why `check` exits 1, for stderr: one warning per target that counts as a failure (at most
 * `limit`), then one that counts the rest. Values at full precision: the words show the digits.
 */
export function failureDiagnostics(report: CheckReport, plan: Plan, failOn: FailOn, limit = 20): Diagnostic[] {
  const failures = report.results.filter((v) => countsAsFailure(v, failOn));
  const shown = failures.slice(0, limit).map((v) => {
    const indicator = plan.indicators.find((i) => i.id === v.indicator);
    return diagnostic('TARGET_MISSED', { region: v.region_code, year: v.year }, {
      name: v.region_name,
      indicator: v.indicator,
      no: v.no,
      ...(indicator ? { indicator_name: indicator.name, name_en: indicator.name_en } : {}),
      value: v.value ?? '',
      comparator: COMPARATOR_TEXT[v.comparator],
      target: v.target,
      attribute: v.attribute,
    });
  });
  const rest = failures.length - shown.length;
  return rest > 0 ? [...shown, diagnostic('TARGETS_MORE', {}, { count: rest })] : shown;
}

export async function runCheck(files: string[], options: CheckOptions): Promise<CommandResult> {
  if (!['binding', 'any', 'none'].includes(options.failOn)) throw usageError('fail_on', { value: options.failOn });
  const years = parseYears(options.year);
  const levels = parseLevels(options.level, ['province', 'city']);
  const regions = splitList(options.region);
  const indicators = splitList(options.indicator);
  const data = await loadData(files, options);
  assertFiltersMatch({ plan: data.plan, engine: data.engine, levels }, { indicators, regions, years });
  const report = judge(data.plan, data.engine, { years, levels, regions, indicators });
  const provenance = describeSources(options.plan, data.files);
  const output = await render(options.format, 'check', report, { lang: options.lang, color: options.color, plan: data.plan, provenance });
  const exitCode = checkExitCode(report, options.failOn);
  return { output, exitCode, warnings: [...data.warnings, ...(exitCode === 1 ? failureDiagnostics(report, data.plan, options.failOn) : [])] };
}
