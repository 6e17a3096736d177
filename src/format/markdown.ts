// GitHub-flavoured Markdown: for pasting a result into an issue, a wiki page or a report.

import type { CheckStream } from '../core/judge.js';
import type { ComputeReport, Plan } from '../core/types.js';
import { escapeControls } from './escape.js';
import type { FormatOptions, Formatter, Text } from './formatter.js';
import { aggregationLabel, attributeLabel, heading, indicatorName, statusLabel, unitLabel } from './labels.js';
import { formatPlain } from './numbers.js';
import {
  DASH,
  gapText,
  indicatorHeading,
  noteText,
  planTargetText,
  regionText,
  reportHasSeveralYears,
  summaryLine,
  valueText,
  verdictValueText,
  verdictsByIndicator,
  verdictTargetText,
} from './view.js';

const MARKDOWN_SPECIAL = /[\r\n\\|<>]/;

/** Text safe in a table cell or heading: `|` and `\` escaped, no line breaks, no raw HTML. */
export function escapeMarkdown(text: string): string {
  // Most cells (names, numbers, labels) need nothing: then the five passes below are skipped.
  if (!MARKDOWN_SPECIAL.test(text) && escapeControls(text) === text) return text;
  return escapeControls(text.replace(/\r?\n|\r/g, ' '))
    .replace(/\\/g, '\\\\')
    .replace(/\|/g, '\\|')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;');
}

/** A GitHub table's row. */
function markdownLine(cells: readonly string[]): string {
  return `| ${cells.map(escapeMarkdown).join(' | ')} |`;
}

/** A GitHub table's head and rule; columns listed in `rightAligned` are numbers. */
function markdownHead(head: string[], rightAligned: number[]): string {
  return `${markdownLine(head)}\n|${head.map((_, index) => (rightAligned.includes(index) ? '---:' : '---')).join('|')}|`;
}

/** A GitHub table; columns listed in `rightAligned` are numbers. */
export function markdownTable(head: string[], rows: string[][], rightAligned: number[] = []): string {
  return [markdownHead(head, rightAligned), ...rows.map(markdownLine)].join('\n');
}

/** The English title when asked for and the plan has one. */
function planTitle(title: string, options: FormatOptions): string {
  return options.lang === 'en' && options.plan?.meta.title_en ? options.plan.meta.title_en : title;
}

/** A section per indicator, its rows written as they are judged. */
function* check(report: CheckStream, options: FormatOptions): Generator<string> {
  const withYear = reportHasSeveralYears(report);
  const keys = ['region', 'value', 'target', 'status', 'gap', 'note'] as const;
  const head: string[] = keys.map((key) => heading(key, options.lang));
  if (withYear) head.splice(1, 0, heading('year', options.lang));
  const tableHead = markdownHead(head, [withYear ? 2 : 1]);
  yield `# ${escapeMarkdown(planTitle(report.plan.title, options))}`;
  // One array, filled anew for each verdict (markdownLine reads it at once): see core/values.ts.
  const row = head.map(() => '');
  for (const { verdict, group, starts } of verdictsByIndicator(report)) {
    if (starts) yield `\n\n## ${escapeMarkdown(indicatorHeading(group, options))}\n\n${tableHead}`;
    let c = 0;
    row[c++] = regionText(verdict, options.lang);
    if (withYear) row[c++] = String(verdict.year);
    row[c++] = verdictValueText(verdict, options);
    row[c++] = verdictTargetText(verdict, options);
    row[c++] = statusLabel(verdict.status, options.lang);
    row[c++] = gapText(verdict, options);
    row[c++] = noteText(verdict, options);
    yield `\n${markdownLine(row)}`;
  }
  yield `\n\n${summaryLine(report, options.lang)}\n`;
}

/** The values table, a line per region written as it is read. */
function* compute(report: ComputeReport, options: FormatOptions): Generator<string> {
  const head = [heading('region', options.lang), heading('year', options.lang), ...report.indicators.map((i) => i.id)];
  const numberColumns = report.indicators.map((_, index) => index + 2);
  yield `# ${escapeMarkdown(planTitle(report.plan.title, options))}\n\n${markdownHead(head, numberColumns)}`;
  const row = head.map(() => '');
  for (const computed of report.rows) {
    row[0] = regionText(computed, options.lang);
    row[1] = String(computed.year);
    report.indicators.forEach((info, k) => (row[k + 2] = valueText(computed.values[info.id] ?? null)));
    yield `\n${markdownLine(row)}`;
  }
  yield '\n';
}

function indicators(plan: Plan, options: FormatOptions): Text {
  const lang = options.lang;
  const indicatorKeys = ['no', 'indicator', 'unit', 'baseline', 'target', 'targetYear', 'attribute'] as const;
  const indicatorRows = plan.indicators.map((indicator) => [
    indicator.no,
    indicatorName(indicator, lang),
    unitLabel(indicator.unit, lang),
    indicator.baseline === null ? DASH : formatPlain(indicator.baseline),
    planTargetText(indicator.target),
    String(indicator.target_year),
    attributeLabel(indicator.attribute, lang),
  ]);
  const inputKeys = ['field', 'label', 'unit', 'aggregate'] as const;
  const inputRows = plan.inputs.map((input) => [
    input.id,
    lang === 'en' && input.label_en ? input.label_en : input.label,
    unitLabel(input.unit, lang),
    aggregationLabel(input, lang),
  ]);
  return [
    `# ${escapeMarkdown(planTitle(plan.meta.title, { ...options, plan }))} (${plan.meta.baseline_year}–${plan.meta.target_year})`,
    `## ${heading('indicators', lang)}`,
    markdownTable(indicatorKeys.map((key) => heading(key, lang)), indicatorRows, [3]),
    `## ${heading('inputs', lang)}`,
    markdownTable(inputKeys.map((key) => heading(key, lang)), inputRows),
  ].join('\n\n') + '\n';
}

export const markdown: Formatter = { check, compute, indicators };
