// GitHub-flavoured Markdown: for pasting a result into an issue, a wiki page or a report.

import type { CheckReport, ComputeReport, Plan } from '../core/types.js';
import type { FormatOptions, Formatter } from './formatter.js';
import { aggregationLabel, attributeLabel, heading, indicatorName, statusLabel, unitLabel } from './labels.js';
import { formatPlain } from './numbers.js';
import {
  DASH,
  gapText,
  groupByIndicator,
  hasSeveralYears,
  indicatorHeading,
  noteText,
  planTargetText,
  regionText,
  summaryLine,
  valueText,
  verdictTargetText,
} from './view.js';

/** Text safe in a table cell or heading: `|` and `\` escaped, no line breaks, no raw HTML. */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/\\/g, '\\\\')
    .replace(/\|/g, '\\|')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/\r?\n|\r/g, ' ');
}

/** A GitHub table; columns listed in `rightAligned` are numbers. */
export function markdownTable(head: string[], rows: string[][], rightAligned: number[] = []): string {
  const line = (cells: string[]) => `| ${cells.map(escapeMarkdown).join(' | ')} |`;
  const rule = `|${head.map((_, index) => (rightAligned.includes(index) ? '---:' : '---')).join('|')}|`;
  return [line(head), rule, ...rows.map(line)].join('\n');
}

/** The English title when asked for and the plan has one. */
function planTitle(title: string, options: FormatOptions): string {
  return options.lang === 'en' && options.plan?.meta.title_en ? options.plan.meta.title_en : title;
}

function check(report: CheckReport, options: FormatOptions): string {
  const withYear = hasSeveralYears(report.results);
  const keys = ['region', 'value', 'target', 'status', 'gap', 'note'] as const;
  const head: string[] = keys.map((key) => heading(key, options.lang));
  if (withYear) head.splice(1, 0, heading('year', options.lang));
  const sections = groupByIndicator(report).map((group) => {
    const rows = group.verdicts.map((verdict) => {
      const row = [
        regionText(verdict, options.lang),
        valueText(verdict.value),
        verdictTargetText(verdict, options),
        statusLabel(verdict.status, options.lang),
        gapText(verdict, options),
        noteText(verdict, options),
      ];
      if (withYear) row.splice(1, 0, String(verdict.year));
      return row;
    });
    return `## ${escapeMarkdown(indicatorHeading(group, options))}\n\n${markdownTable(head, rows, [withYear ? 2 : 1])}`;
  });
  return [`# ${escapeMarkdown(planTitle(report.plan.title, options))}`, ...sections, summaryLine(report, options.lang)].join('\n\n') + '\n';
}

function compute(report: ComputeReport, options: FormatOptions): string {
  const head = [heading('region', options.lang), heading('year', options.lang), ...report.indicators.map((i) => i.id)];
  const rows = report.rows.map((row) => [
    regionText(row, options.lang),
    String(row.year),
    ...report.indicators.map((info) => valueText(row.values[info.id] ?? null)),
  ]);
  const numberColumns = report.indicators.map((_, index) => index + 2);
  return `# ${escapeMarkdown(planTitle(report.plan.title, options))}\n\n${markdownTable(head, rows, numberColumns)}\n`;
}

function indicators(plan: Plan, options: FormatOptions): string {
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
