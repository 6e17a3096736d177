// `--format html`: one self-contained page (inline CSS and SVG, no script, nothing fetched) for
// people who read a result outside a terminal. Prints on A4; every colour is also said in words.

import { STATUSES, type Attribute, type CheckReport, type ComputeReport, type Plan, type Status, type Verdict } from '../../core/types.js';
import { summarize, type CheckStream } from '../../core/judge.js';
import type { FormatOptions, Formatter } from '../formatter.js';
import { aggregationLabel, attributeLabel, heading, indicatorName, statusLabel, unitLabel } from '../labels.js';
import { formatPlain } from '../numbers.js';
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
  verdictValueText,
  verdictTargetText,
  type IndicatorGroup,
} from '../view.js';
import { indicatorChart } from './chart.js';
import { element, escapeHtml, htmlTable, textElement, type Column } from './markup.js';
import { page, provenanceSection, section } from './page.js';
import { STATUS_COLORS } from './style.js';
import { word } from './words.js';

/** Binding first: those are the targets a region is held to. */
const ATTRIBUTES: readonly Attribute[] = ['binding', 'expected'];
const SHORTFALL: readonly Status[] = ['not_met', 'off_track'];

function yearsOf(results: readonly { year: number }[]): string {
  const years = [...new Set(results.map((r) => r.year))].sort((a, b) => a - b);
  if (years.length === 0) return '';
  const first = years[0]!;
  const last = years[years.length - 1]!;
  return first === last ? String(first) : `${first}–${last}`;
}

function countByStatus(verdicts: readonly Verdict[]): Record<Status, number> {
  const counts = Object.fromEntries(STATUSES.map((status) => [status, 0])) as Record<Status, number>;
  for (const verdict of verdicts) counts[verdict.status] += 1;
  return counts;
}

function summaryTable(report: CheckReport, options: FormatOptions): string {
  const lang = options.lang;
  const rows = [
    ...ATTRIBUTES.map((attribute) => ({ label: word(attribute, lang), counts: countByStatus(report.results.filter((v) => v.attribute === attribute)) })),
    { label: word('total', lang), counts: report.summary },
  ];
  const columns: Column[] = [{ head: heading('attribute', lang) }, ...STATUSES.map((status) => ({ head: statusLabel(status, lang), numeric: true }))];
  return htmlTable(
    columns,
    rows.map((row) => [row.label, ...STATUSES.map((status) => String(row.counts[status]))]),
    { className: 'summary-table', cellClass: (_, column) => (column > 0 ? `status-${STATUSES[column - 1]}` : undefined) },
  );
}

/** "11 智慧社区… : 杭州市（未达标）、宁波市（进度滞后）" per binding indicator with a shortfall. */
function bindingShortfalls(groups: IndicatorGroup[], options: FormatOptions): string {
  const lang = options.lang;
  const items = groups
    .filter((group) => group.info.attribute === 'binding')
    .map((group) => ({ group, short: group.verdicts.filter((v) => SHORTFALL.includes(v.status)) }))
    .filter(({ short }) => short.length > 0)
    .map(({ group, short }) => {
      const regions = short.map((v) => `${regionText(v, lang)}${hasSeveralYears(group.verdicts) ? ` ${v.year}` : ''}（${statusLabel(v.status, lang)}）`);
      return element('li', {}, textElement('strong', {}, `${group.info.no} ${indicatorName(group.info, lang)}`), escapeHtml(`: ${regions.join(lang === 'zh' ? '、' : ', ')}`));
    });
  const body = items.length > 0 ? element('ul', { class: 'shortfalls' }, ...items) : textElement('p', {}, word('noBindingShortfalls', lang));
  return `${textElement('h3', {}, word('bindingShortfalls', lang))}${body}`;
}

function legend(options: FormatOptions): string {
  const lang = options.lang;
  const swatches = STATUSES.map((status) =>
    element('span', {}, `<i class="swatch" style="background:${STATUS_COLORS[status]}"></i>`, escapeHtml(statusLabel(status, lang))),
  );
  return element(
    'div',
    { class: 'legend' },
    ...swatches,
    element('span', {}, '<i class="line-swatch"></i>', escapeHtml(word('legendTarget', lang))),
    element('span', {}, '<i class="line-swatch expected"></i>', escapeHtml(word('legendExpected', lang))),
  );
}

function chartsSection(groups: IndicatorGroup[], withYear: boolean, options: FormatOptions): string {
  const figures = groups.map((group, index) => {
    const captionId = `chart-${index + 1}`;
    return element(
      'figure',
      { class: 'chart', 'data-indicator': group.info.id },
      textElement('figcaption', { id: captionId }, indicatorHeading(group, options)),
      indicatorChart(group, captionId, { lang: options.lang, plan: options.plan, withYear }),
    );
  });
  return section('charts', word('charts', options.lang), legend(options), figures.join(''));
}

function resultsTable(report: CheckReport, groups: IndicatorGroup[], withYear: boolean, options: FormatOptions): string {
  const lang = options.lang;
  const columns: Column[] = [
    { head: heading('no', lang) },
    { head: heading('indicator', lang) },
    { head: heading('region', lang) },
    ...(withYear ? [{ head: heading('year', lang), numeric: true }] : []),
    { head: heading('value', lang), numeric: true },
    { head: heading('unit', lang) },
    { head: heading('baseline', lang), numeric: true },
    { head: heading('target', lang), numeric: true },
    { head: heading('targetYear', lang), numeric: true },
    { head: heading('attribute', lang) },
    { head: heading('status', lang) },
    { head: heading('gap', lang) },
    { head: heading('note', lang) },
  ];
  const statusColumn = columns.findIndex((column) => column.head === heading('status', lang));
  const verdicts = groups.flatMap((group) => group.verdicts.map((verdict) => ({ group, verdict })));
  const rows = verdicts.map(({ group, verdict }) => [
    group.info.no,
    indicatorName(group.info, lang),
    regionText(verdict, lang),
    ...(withYear ? [String(verdict.year)] : []),
    verdictValueText(verdict, options),
    unitLabel(group.info.unit, lang),
    verdict.baseline === null ? DASH : formatPlain(verdict.baseline),
    verdictTargetText(verdict, options),
    String(verdict.target_year),
    attributeLabel(verdict.attribute, lang),
    statusLabel(verdict.status, lang),
    gapText(verdict, options),
    noteText(verdict, options),
  ]);
  const cellClass = (row: number, column: number) => (column === statusColumn ? `status-${verdicts[row]!.verdict.status}` : undefined);
  return section('results', word('results', lang), textElement('p', {}, summaryLine(report, lang)), htmlTable(columns, rows, { id: 'results-table', cellClass }));
}

/** The plan's notes and the reading of each indicator in `shown`; `lead` paragraphs go first. */
function notesSection(shown: ReadonlySet<string>, options: FormatOptions, lead: string[] = []): string {
  const lang = options.lang;
  const plan = options.plan;
  const parts = [...lead];
  const planNotes = plan?.meta.notes ?? [];
  if (planNotes.length > 0) {
    parts.push(textElement('h3', {}, word('planNotes', lang)), element('ul', {}, ...planNotes.map((note) => textElement('li', {}, note))));
  }
  const readings = (plan?.indicators ?? [])
    .filter((indicator) => shown.has(indicator.id) && (indicator.target.assumption || indicator.notes))
    .map((indicator) => {
      const text = [indicator.target.assumption, indicator.notes].filter(Boolean).join(' ');
      return element('li', {}, textElement('strong', {}, `${indicator.no} ${indicatorName(indicator, lang)}`), escapeHtml(`: ${text}`));
    });
  if (readings.length > 0) parts.push(textElement('h3', {}, word('indicatorNotes', lang)), element('ul', {}, ...readings));
  return section('notes', word('notes', lang), ...parts);
}

function check(stream: CheckStream, options: FormatOptions): string {
  // The page's summary, charts and shortfalls read every verdict several times: kept, read once.
  const results = [...stream.results];
  const report: CheckReport = { plan: stream.plan, indicators: stream.indicators, year: stream.year, results, summary: summarize(results) };
  const groups = groupByIndicator(report);
  const withYear = hasSeveralYears(report.results);
  const summary = section(
    'summary',
    word('summary', options.lang),
    textElement('p', { class: 'summary-line' }, summaryLine(report, options.lang)),
    summaryTable(report, options),
    bindingShortfalls(groups, options),
  );
  const body = [
    summary,
    chartsSection(groups, withYear, options),
    resultsTable(report, groups, withYear, options),
    notesSection(new Set(groups.map((group) => group.info.id)), options, [textElement('p', {}, word('coverageNote', options.lang))]),
    provenanceSection(report.plan, options),
  ];
  const years = report.year !== null ? String(report.year) : yearsOf(report.results);
  return page(report.plan, 'checkReport', years, body, options);
}

function compute(report: ComputeReport, options: FormatOptions): string {
  const lang = options.lang;
  const columns: Column[] = [
    { head: heading('region', lang) },
    { head: heading('year', lang), numeric: true },
    ...report.indicators.map((info) => ({ head: `${info.no} ${indicatorName(info, lang)}${info.unit ? ` (${unitLabel(info.unit, lang)})` : ''}`, numeric: true })),
  ];
  const rows = report.rows.map((row) => [regionText(row, lang), String(row.year), ...report.indicators.map((info) => valueText(row.values[info.id] ?? null))]);
  const body = [section('results', word('results', lang), htmlTable(columns, rows, { id: 'results-table' })), provenanceSection(report.plan, options)];
  return page(report.plan, 'computeReport', yearsOf(report.rows), body, options);
}

function indicators(plan: Plan, options: FormatOptions): string {
  const lang = options.lang;
  const withPlan = { ...options, plan };
  const indicatorColumns: Column[] = ['no', 'indicator', 'unit', 'baseline', 'target', 'targetYear', 'attribute'].map((key) => ({
    head: heading(key as 'no', lang),
    numeric: key === 'baseline' || key === 'target' || key === 'targetYear',
  }));
  const indicatorRows = plan.indicators.map((indicator) => [
    indicator.no,
    indicatorName(indicator, lang),
    unitLabel(indicator.unit, lang),
    indicator.baseline === null ? DASH : formatPlain(indicator.baseline),
    planTargetText(indicator.target),
    String(indicator.target_year),
    attributeLabel(indicator.attribute, lang),
  ]);
  const inputColumns: Column[] = (['field', 'label', 'unit', 'aggregate'] as const).map((key) => ({ head: heading(key, lang) }));
  const inputRows = plan.inputs.map((input) => [
    input.id,
    lang === 'en' && input.label_en ? input.label_en : input.label,
    unitLabel(input.unit, lang),
    aggregationLabel(input, lang),
  ]);
  const summary = { id: plan.meta.id, title: plan.meta.title, baseline_year: plan.meta.baseline_year, target_year: plan.meta.target_year };
  const body = [
    section('indicators', heading('indicators', lang), htmlTable(indicatorColumns, indicatorRows, { id: 'indicators-table' })),
    section('inputs', heading('inputs', lang), htmlTable(inputColumns, inputRows, { id: 'inputs-table' })),
    notesSection(new Set(plan.indicators.map((indicator) => indicator.id)), withPlan),
    provenanceSection(summary, withPlan),
  ];
  return page(summary, 'indicatorsReport', `${plan.meta.baseline_year}–${plan.meta.target_year}`, body, withPlan);
}

export const html = { check, compute, indicators } satisfies Formatter;
