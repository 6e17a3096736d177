import { diagnostic, type Diagnostic } from '../core/diagnostics.js';
import { assertFiltersMatch } from '../core/filters.js';
import { judgeStream, type CheckStream } from '../core/judge.js';
import type { Plan, Verdict } from '../core/types.js';
import { render } from '../format/render.js';
import { describeSources } from '../io/provenance.js';
import { loadData } from './load.js';
import { parseLevels, parseMinCoverage, parseYears, splitList, usageError, type CommonOptions } from './options.js';
import type { CommandResult } from './result.js';

export type FailOn = 'binding' | 'any' | 'none';

export interface CheckOptions extends CommonOptions {
  failOn: FailOn;
  detail?: boolean;
  stdin?: NodeJS.ReadableStream;
  /** --min-coverage: the share (0 to 1) of expected children a region built from them needs to be judged (default 1). */
  minCoverage?: string;
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

const COMPARATOR_TEXT: Record<string, string> = { '>=': '≥', '<=': '≤', '>': '>', '<': '<', '=': '=', '≈': '≈' };

/**
 * Why `check` exits 1, for stderr: one warning per target that counts as a failure (the first
 * `shown` of `count`), then one that counts the rest. Values at full precision: the words show the digits.
 */
export function failureDiagnostics(shown: readonly Verdict[], count: number, plan: Plan): Diagnostic[] {
  const lines = shown.map((v) => {
    const indicator = plan.indicators.find((i) => i.id === v.indicator);
    return diagnostic('TARGET_MISSED', { region: v.region_code, year: v.year }, {
      name: v.region_name,
      indicator: v.indicator,
      no: v.no,
      ...(indicator ? { indicator_name: indicator.name, name_en: indicator.name_en } : {}),
      value: v.value ?? '',
      comparator: COMPARATOR_TEXT[v.comparator] ?? v.comparator,
      target: v.target,
      attribute: v.attribute,
    });
  });
  const rest = count - shown.length;
  return rest > 0 ? [...lines, diagnostic('TARGETS_MORE', {}, { count: rest })] : lines;
}

/** The failing verdicts met in one pass: the first `limit` kept, the rest counted. */
class Failures {
  shown: Verdict[] = [];
  count = 0;
  constructor(private readonly limit: number) {}
  add(verdict: Verdict): void {
    if (this.count++ < this.limit) this.shown.push(verdict);
  }
}

/**
 * The report with its failures noted as its verdicts are read (they are judged as they are
 * written), so the exit code costs no second judging; a second pass only when nothing read them
 * all. Settling the exit code adds the failures to `warnings`, for stderr.
 */
function noteFailures(stream: CheckStream, failOn: FailOn, plan: Plan, warnings: Diagnostic[]): { report: CheckStream; exitCode: () => number } {
  let complete: Failures | null = null;
  const results = {
    *[Symbol.iterator]() {
      const failures = new Failures(20);
      for (const verdict of stream.results) {
        if (countsAsFailure(verdict, failOn)) failures.add(verdict);
        yield verdict;
      }
      complete = failures;
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
  let settled: number | null = null;
  const exitCode = (): number => {
    if (settled !== null) return settled;
    if (complete === null) for (const _ of results);
    const failures = complete!;
    warnings.push(...failureDiagnostics(failures.shown, failures.count, plan));
    settled = failures.count > 0 ? 1 : 0;
    return settled;
  };
  return { report, exitCode };
}

export async function runCheck(files: string[], options: CheckOptions): Promise<CommandResult> {
  if (!['binding', 'any', 'none'].includes(options.failOn)) throw usageError('fail_on', { value: options.failOn });
  if (options.detail === true && options.format !== 'table') throw usageError('detail_table_only', { value: options.format });
  const years = parseYears(options.year);
  const levels = parseLevels(options.level, ['province', 'city']);
  const regions = splitList(options.region);
  const indicators = splitList(options.indicator);
  const data = await loadData(files, options);
  assertFiltersMatch({ plan: data.plan, engine: data.engine, levels }, { indicators, regions, years });
  const stream = judgeStream(data.plan, data.engine, { years, levels, regions, indicators, minCoverage: parseMinCoverage(options.minCoverage) });
  const provenance = describeSources(options.plan, data.files);
  const warnings = [...data.warnings];
  const { report, exitCode } = noteFailures(stream, options.failOn, data.plan, warnings);
  const output = await render(options.format, 'check', report, { lang: options.lang, color: options.color, plan: data.plan, provenance, width: options.width, detail: options.detail === true }, warnings);
  return { output, exitCode, warnings };
}
