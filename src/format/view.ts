// What the human views (table, markdown) show for a check report, as plain text cells.
// Each view adds its own decoration (colour, escaping) on top.

import { indicatorById } from '../core/plan-lookup.js';
import type { CheckStream } from '../core/judge.js';
import type { IndicatorInfo, Lang, Plan, Status, Verdict } from '../core/types.js';
import { attributeLabel, comparatorSymbol, countOfLevel, heading, indicatorName, inputLabel, statusLabel, unitLabel } from './labels.js';
import { escapeControls } from './escape.js';
import { describeReason } from './messages.js';
import { MISSING, finiteOrNull, formatAgainst, formatPlain, formatReadable, formatSigned } from './numbers.js';

export interface ViewOptions {
  lang: Lang;
  plan?: Plan;
}

export interface IndicatorGroup {
  info: IndicatorInfo;
  verdicts: Verdict[];
}

/** Order of the counts in the summary line: good news first. */
const SUMMARY_ORDER: readonly Status[] = ['met', 'on_track', 'off_track', 'not_met', 'no_data', 'not_applicable'];

export const DASH = MISSING;

function fallbackInfo(verdict: Verdict): IndicatorInfo {
  return { id: verdict.indicator, no: verdict.no, name: verdict.indicator, name_en: verdict.indicator, unit: '', attribute: verdict.attribute };
}

/** Verdicts grouped by indicator, in the report's indicator order; verdict order kept within a group. */
export function groupByIndicator(report: CheckStream): IndicatorGroup[] {
  const groups = new Map<string, IndicatorGroup>();
  for (const info of report.indicators) groups.set(info.id, { info, verdicts: [] });
  for (const verdict of report.results) {
    let group = groups.get(verdict.indicator);
    if (!group) {
      group = { info: fallbackInfo(verdict), verdicts: [] };
      groups.set(verdict.indicator, group);
    }
    group.verdicts.push(verdict);
  }
  return [...groups.values()].filter((group) => group.verdicts.length > 0);
}

export function hasSeveralYears(verdicts: Iterable<{ year: number }>): boolean {
  let first: number | undefined;
  for (const { year } of verdicts) {
    if (first === undefined) first = year;
    else if (year !== first) return true;
  }
  return false;
}

/** Whether a report's verdicts span several years; read through only when it asks for more than one year. */
export function reportHasSeveralYears(report: CheckStream): boolean {
  return report.year === null && hasSeveralYears(report.results);
}

/** A verdict with its indicator's group, and whether it is the group's first (a constructor's object: see core/values.ts). */
export class GroupedVerdict {
  constructor(
    readonly verdict: Verdict,
    readonly group: IndicatorGroup,
    readonly starts: boolean,
  ) {}
}

/**
 * The report's verdicts, each with a flag that it starts its indicator's group and the group
 * (its info and first verdict: the heading's words), as they are judged: verdicts come grouped
 * by indicator, in the report's indicator order (judge's order), and are never all held.
 */
export function* verdictsByIndicator(report: CheckStream): Generator<GroupedVerdict> {
  const infos = new Map(report.indicators.map((info) => [info.id, info]));
  let group: IndicatorGroup | null = null;
  for (const verdict of report.results) {
    const starts = group === null || group.info.id !== verdict.indicator;
    if (starts) group = { info: infos.get(verdict.indicator) ?? fallbackInfo(verdict), verdicts: [verdict] };
    yield new GroupedVerdict(verdict, group!, starts);
  }
}

/** "≥18", "≈1.9 ±0.05". */
function targetExpression(comparator: Verdict['comparator'], value: number, tolerance?: number): string {
  const band = comparator === '≈' && tolerance !== undefined ? ` ±${formatPlain(tolerance)}` : '';
  return `${comparatorSymbol(comparator)}${formatPlain(value)}${band}`;
}

function planTolerance(indicatorId: string, plan?: Plan): number | undefined {
  return plan ? indicatorById(plan, indicatorId)?.target.tolerance : undefined;
}

/** The plan-wide target of a group: from the plan when known, else from a verdict that uses it. */
function groupTarget(group: IndicatorGroup, plan?: Plan): string | null {
  const fromPlan = plan ? indicatorById(plan, group.info.id) : undefined;
  if (fromPlan) {
    const { comparator, value, tolerance } = fromPlan.target;
    return `${targetExpression(comparator, value, tolerance)} (${fromPlan.target_year})`;
  }
  const verdict = group.verdicts.find((v) => v.target_source === 'plan') ?? group.verdicts[0];
  if (!verdict || finiteOrNull(verdict.target) === null) return null;
  return `${targetExpression(verdict.comparator, verdict.target)} (${verdict.target_year})`;
}

/** `17 每万城镇常住人口拥有专职社区工作者数量 (人) · 预期性 · 目标 ≥18 (2025)`. */
export function indicatorHeading(group: IndicatorGroup, options: ViewOptions): string {
  const { info } = group;
  const unit = info.unit ? ` (${unitLabel(info.unit, options.lang)})` : '';
  const target = groupTarget(group, options.plan);
  const parts = [`${info.no} ${indicatorName(info, options.lang)}${unit}`, attributeLabel(info.attribute, options.lang)];
  if (target) parts.push(`${heading('target_word', options.lang)} ${target}`);
  return parts.join(' · ');
}

/** zh: the region's name; en: code and name (regions have no English names). */
export function regionText(row: { region_code: string; region_name: string }, lang: Lang): string {
  if (!row.region_name) return escapeControls(row.region_code);
  return escapeControls(lang === 'en' ? `${row.region_code} ${row.region_name}` : row.region_name);
}

export function valueText(value: number | null): string {
  const finite = finiteOrNull(value);
  return finite === null ? DASH : formatReadable(finite);
}

/** The thresholds a verdict's value is judged against: its target, or the ends of an "about" band. */
function thresholdsOf(verdict: Verdict, options: ViewOptions): number[] {
  const target = finiteOrNull(verdict.target);
  if (target === null) return [];
  const tolerance = verdict.comparator === '≈' ? planTolerance(verdict.indicator, options.plan) : undefined;
  return tolerance === undefined ? [target] : [target - tolerance, target + tolerance];
}

/** A verdict's value, never printed on the other side of its target than it is (99.95, not 100.0 against ≥100). */
export function verdictValueText(verdict: Verdict, options: ViewOptions): string {
  const value = finiteOrNull(verdict.value);
  return value === null ? DASH : formatAgainst(value, thresholdsOf(verdict, options));
}

export function verdictTargetText(verdict: Verdict, options: ViewOptions): string {
  const target = finiteOrNull(verdict.target);
  if (target === null) return DASH;
  const text = targetExpression(verdict.comparator, target, planTolerance(verdict.indicator, options.plan));
  return verdict.target_source === 'quota' ? `${text} (${heading('quota', options.lang)})` : text;
}

/**
 * verdictTargetText for the verdicts of a report in order, each text made again only when the
 * indicator, target or its source changes: an indicator's verdicts mostly share the plan's target.
 */
export function targetTexts(options: ViewOptions): (verdict: Verdict) => string {
  let last: Verdict | null = null;
  let text = '';
  return (verdict) => {
    if (last === null || verdict.indicator !== last.indicator || verdict.target !== last.target || verdict.target_source !== last.target_source) {
      text = verdictTargetText(verdict, options);
    }
    last = verdict;
    return text;
  };
}

/** "+412 持证社会工作专业人才数" when an input closes the gap, else "差 5.66" while short. */
export function gapText(verdict: Verdict, options: ViewOptions): string {
  const amount = finiteOrNull(verdict.needed?.amount);
  if (verdict.needed && amount !== null && amount !== 0) {
    return `${formatSigned(amount)} ${inputLabel(verdict.needed.field, options.lang, options.plan)}`;
  }
  const gap = finiteOrNull(verdict.gap);
  const short = verdict.status === 'not_met' || verdict.status === 'off_track';
  return short && gap !== null && gap !== 0 ? `${heading('gap_word', options.lang)} ${formatAgainst(gap, [0])}` : '';
}

/** The no-data reason, or the coverage and the straight-line expectation. */
export function noteText(verdict: Verdict, options: ViewOptions): string {
  if (verdict.reason) return describeReason(verdict.reason, options.lang, options.plan);
  const coverage = verdict.coverage;
  const counted = coverage && coverage.from === 'children' ? countOfLevel(coverage.used, coverage.expected, coverage.childLevel, options.lang) : '';
  const expected = finiteOrNull(verdict.expected);
  if (expected === null || (verdict.status !== 'on_track' && verdict.status !== 'off_track')) return counted;
  const line = `${heading('expected_on_line', options.lang)} ${formatReadable(expected)}`;
  return counted ? `${counted}${options.lang === 'zh' ? '；' : '; '}${line}` : line;
}

/** "2024", "2021–2024": the span of `years` (in any order, repeats allowed); '' for none. */
export function yearSpan(years: Iterable<number>): string {
  let first = Infinity;
  let last = -Infinity;
  for (const year of years) {
    first = Math.min(first, year);
    last = Math.max(last, year);
  }
  if (first > last) return '';
  return first === last ? String(first) : `${first}–${last}`;
}

function yearsText(report: CheckStream): string {
  if (report.year !== null) return String(report.year);
  const seen = new Set<number>();
  for (const verdict of report.results) seen.add(verdict.year);
  return yearSpan(seen);
}

/** `2024 · 264 results: 120 met · 40 on track · …` / `2024 年 · 共 264 项结果：达标 120 · …`. */
export function summaryLine(report: CheckStream, lang: Lang): string {
  const total = SUMMARY_ORDER.reduce((sum, status) => sum + report.summary[status], 0);
  const years = yearsText(report);
  if (lang === 'zh') {
    const counts = SUMMARY_ORDER.map((status) => `${statusLabel(status, lang)} ${report.summary[status]}`).join(' · ');
    return `${years ? `${years} 年 · ` : ''}共 ${total} 项结果：${counts}`;
  }
  const counts = SUMMARY_ORDER.map((status) => `${report.summary[status]} ${statusLabel(status, lang)}`).join(' · ');
  return `${years ? `${years} · ` : ''}${total} ${total === 1 ? 'result' : 'results'}: ${counts}`;
}

/** The plan target of an indicator for the indicators views: "≥18", "≈1.9 ±0.05". */
export function planTargetText(target: Plan['indicators'][number]['target']): string {
  return targetExpression(target.comparator, target.value, target.tolerance);
}
