// Plain-text cells shared by the human views (table, markdown) of project, explain and allocation.

import type { ExplainedInput, Explanation } from '../../core/explain.js';
import { formatFormula, parseFormula } from '../../core/formula.js';
import type { ProjectReport, ProjectRow } from '../../core/project.js';
import type { ProgressClass, Trajectory } from '../../core/trajectory.js';
import type { Lang, Plan, Verdict } from '../../core/types.js';
import type { Change } from '../../core/whatif.js';
import type { FormatOptions } from '../formatter.js';
import { aggregationLabel, inputLabel, statusLabel, unitLabel } from '../labels.js';
import { MISSING, finiteOrNull, formatPlain, formatSigned } from '../numbers.js';
import { gapText, noteText, regionText, valueText, verdictTargetText, verdictValueText, type IndicatorGroup, type ViewOptions } from '../view.js';
import { linearReasonText, noTrajectoryText, progressLabel, scenarioNoteText, words } from './words.js';

export { regionText, valueText, verdictTargetText };

const EIGHTHS = ['', '▏', '▎', '▍', '▌', '▋', '▊', '▉'];
export const BAR_WIDTH = 10;

/**
 * Where a value stands between baseline (empty) and target (full), as a bar of eighth blocks and
 * the share of the way covered: "█████▌···· 56%". Beyond either end the bar stops and the share
 * says how far (-12%, 130%). A met target is a full bar; "✓" where the share would mislead (a
 * baseline that already met it, or an "about" target met inside its band).
 */
export function positionBar(value: number | null, baseline: number | null, target: number | null, met = false, width = BAR_WIDTH): string {
  const v = finiteOrNull(value);
  const b = finiteOrNull(baseline);
  const t = finiteOrNull(target);
  if (v === null || b === null || t === null) return '';
  if (b === t) return met ? `${'█'.repeat(width)} ✓` : '';
  const fraction = (v - b) / (t - b);
  const eighths = met ? width * 8 : Math.round(Math.min(1, Math.max(0, fraction)) * width * 8);
  const full = Math.floor(eighths / 8);
  const part = EIGHTHS[eighths % 8]!;
  const bar = '█'.repeat(full) + part + '·'.repeat(width - full - (part ? 1 : 0));
  const percent = Math.round(fraction * 100);
  if (met && fraction < 1) return `${bar} ✓`;
  return `${bar} ${percent === 0 ? 0 : percent}%`;
}

export function positionCell(verdict: Verdict): string {
  return positionBar(verdict.value, verdict.baseline, verdict.target, verdict.status === 'met');
}

export function percentText(rate: number | null): string {
  const r = finiteOrNull(rate);
  if (r === null) return MISSING;
  const text = (r * 100).toFixed(2);
  return `${text === '-0.00' ? '0.00' : text}%`;
}

/** "10.16% / 12.93%" with growth rates, "+1.1/yr / +1.64/yr" with the straight-line method. */
export function growthText(t: Trajectory | null, lang: Lang): string {
  if (!t) return '';
  if (t.method === 'cagr') return `${percentText(t.growth_actual)} / ${percentText(t.growth_required)}`;
  const perYear = words('per_year', lang);
  return `${formatSigned(t.pace_actual)}${perYear} / ${formatSigned(t.pace_required)}${perYear}`;
}

export function progressText(row: ProjectRow, lang: Lang): string {
  return row.trajectory ? progressLabel(row.trajectory.progress, lang) : '';
}

export function projectedText(t: Trajectory | null): string {
  return t ? valueText(t.projected) : '';
}

export function reachedText(t: Trajectory | null, lang: Lang): string {
  if (!t) return '';
  return t.reached_year === null ? words('not_at_pace', lang) : String(t.reached_year);
}

/** check's gap, plus the lever needed with the other inputs at their trend: "+1,987 专职社区工作者数 (其他投入按趋势 +2,301)". */
export function neededText(row: ProjectRow, options: ViewOptions): string {
  const now = gapText(row.verdict, options);
  const atTrend = row.needed_at_trend;
  const amount = finiteOrNull(atTrend?.amount);
  if (!now || amount === null || row.verdict.status === 'met') return now;
  return `${now} (${words('at_trend', options.lang)} ${formatSigned(amount)})`;
}

/** The method note, or why there is no trajectory, or check's own note. */
export function projectNoteText(row: ProjectRow, options: ViewOptions): string {
  const parts: string[] = [];
  if (row.no_trajectory) parts.push(noTrajectoryText(row.no_trajectory, options.lang, options.plan));
  else if (row.trajectory?.linear_reason) parts.push(linearReasonText(row.trajectory.linear_reason, options.lang));
  const checkNote = row.verdict.reason ? '' : noteText(row.verdict, options);
  if (checkNote) parts.push(checkNote);
  return parts.join(options.lang === 'zh' ? '；' : '; ');
}

export function scenarioCell(row: ProjectRow, s: number, lang: Lang): string {
  const outcome = row.scenarios[s]!;
  return `${valueText(outcome.value)} ${statusLabel(outcome.status, lang)}`;
}

/** "elderly_population +5% (331100, 2024)". */
export function changeText(change: Change, options: ViewOptions): string {
  const where = [change.region, change.year].filter((x) => x !== undefined).join(', ');
  const op = change.op.kind === 'set' ? `= ${change.text}` : change.text;
  return `${inputLabel(change.field, options.lang, options.plan)} ${op}${where ? ` (${where})` : ''}`;
}

/** One line per scenario: its changes and anything that could not be applied. */
export function scenarioLines(report: ProjectReport, options: ViewOptions): string[] {
  return report.scenarios.map((s) => {
    const changes = s.changes.map((c) => changeText(c, options)).join(options.lang === 'zh' ? '；' : '; ');
    const notes = s.notes.map((n) => scenarioNoteText(n, options.lang, options.plan));
    return `${s.name}: ${[changes, ...notes].join(options.lang === 'zh' ? '；' : '; ')}`;
  });
}

/** `2024 · 12 rows: 1 target achieved · 3 on track · …`. */
export function projectSummaryLine(report: ProjectReport, lang: Lang): string {
  const counts = Object.entries(report.summary).filter(([, n]) => n > 0);
  const total = report.rows.length;
  const label = (key: string) => (key === 'no_trajectory' ? words('no_trajectory', lang) : progressLabel(key as ProgressClass, lang));
  const year = report.year === null ? '' : lang === 'zh' ? `${report.year} 年 · ` : `${report.year} · `;
  if (lang === 'zh') return `${year}共 ${total} 项${total > 0 ? `：${counts.map(([k, n]) => `${label(k)} ${n}`).join(' · ')}` : ''}`;
  return `${year}${total} ${total === 1 ? 'row' : 'rows'}${total > 0 ? `: ${counts.map(([k, n]) => `${n} ${label(k)}`).join(' · ')}` : ''}`;
}

/** A number exactly enough to recompute by hand: up to 6 decimals, no grouping (it sits in a formula). */
export function exactNumber(value: number | null): string {
  const v = finiteOrNull(value);
  if (v === null) return MISSING;
  const rounded = Number(v.toFixed(6));
  return String(rounded === 0 ? 0 : rounded);
}

/** "community_workers / urban_population * 10000" with the region's numbers put in. */
export function substitutedFormula(explanation: Explanation): string | null {
  const parsed = parseFormula(explanation.indicator.formula);
  if (!parsed.formula) return null;
  const byId = new Map(explanation.inputs.map((i) => [i.id, i.value]));
  return formatFormula(parsed.formula, (id) => exactNumber(byId.get(id) ?? null));
}

export function plainOrMissing(value: number | null): string {
  const v = finiteOrNull(value);
  return v === null ? MISSING : formatPlain(v);
}

export type { ViewOptions };

/** Rows grouped by indicator in the report's order, each with a group check's heading understands. */
export function groupRows(report: ProjectReport): { group: IndicatorGroup; rows: ProjectRow[] }[] {
  return report.indicators
    .map((info) => {
      const rows = report.rows.filter((r) => r.verdict.indicator === info.id);
      return { group: { info, verdicts: rows.map((r) => r.verdict) }, rows };
    })
    .filter((g) => g.rows.length > 0);
}

/** "求和", "weighted mean by urban_population" (the weight needs the plan). */
export function aggregationText(input: ExplainedInput, lang: Lang, plan?: Plan): string {
  return aggregationLabel(plan?.inputs.find((i) => i.id === input.id) ?? { aggregate: input.aggregate }, lang);
}

/** An input's label in the view's language: Chinese label, or the English one when known. */
export function inputName(input: ExplainedInput, lang: Lang, plan?: Plan): string {
  const label = lang === 'en' ? (plan?.inputs.find((i) => i.id === input.id)?.label_en ?? input.label) : input.label;
  return `${label} (${unitLabel(input.unit, lang)})`;
}

/** The cells of one project row, before any colouring: shared by the table and markdown views. */
export function projectCells(row: ProjectRow, report: ProjectReport, options: FormatOptions): string[] {
  const { verdict, trajectory } = row;
  return [
    regionText(verdict, options.lang),
    verdictValueText(verdict, options),
    statusLabel(verdict.status, options.lang),
    positionCell(verdict),
    growthText(trajectory, options.lang),
    progressText(row, options.lang),
    projectedText(trajectory),
    reachedText(trajectory, options.lang),
    neededText(row, options),
    ...report.scenarios.map((_, s) => scenarioCell(row, s, options.lang)),
    projectNoteText(row, options),
  ];
}
