// `--format html`: one self-contained page (inline CSS and SVG, no script, nothing fetched) for
// people who read a result outside a terminal. Prints on A4; every colour is also said in words.
// The page is made in pieces as it is written (a national check has millions of rows): only the
// summary, the charts and the notes are made whole, and their size is bounded by the indicators.

import { STATUSES, type Attribute, type ComputeReport, type Plan } from '../../core/types.js';
import type { CheckStream } from '../../core/judge.js';
import type { FormatOptions, Formatter, Text } from '../formatter.js';
import { aggregationLabel, attributeLabel, heading, indicatorName, statusLabel, unitLabel } from '../labels.js';
import { formatPlain } from '../numbers.js';
import {
  DASH,
  gapText,
  indicatorHeading,
  noteText,
  planTargetText,
  regionText,
  summaryLine,
  valueText,
  verdictsByIndicator,
  verdictTargetText,
  verdictValueText,
  yearSpan,
  type IndicatorGroup,
} from '../view.js';
import { indicatorChart } from './chart.js';
import { element, escapeHtml, htmlTable, TABLE_END, tableRow, tableStart, textElement, type Column } from './markup.js';
import { page, provenanceSection, section } from './page.js';
import { STATUS_COLORS } from './style.js';
import { emptySummary, survey, type GroupSurvey, type Survey } from './survey.js';
import { chartShownNote, shortfallsShownNote, word } from './words.js';

/** Binding first: those are the targets a region is held to. */
const ATTRIBUTES: readonly Attribute[] = ['binding', 'expected'];

function summaryTable(found: Survey, options: FormatOptions): string {
  const lang = options.lang;
  const rows = [
    ...ATTRIBUTES.map((attribute) => ({ label: word(attribute, lang), counts: found.byAttribute.get(attribute) ?? emptySummary() })),
    { label: word('total', lang), counts: found.summary },
  ];
  const columns: Column[] = [{ head: heading('attribute', lang) }, ...STATUSES.map((status) => ({ head: statusLabel(status, lang), numeric: true }))];
  return htmlTable(
    columns,
    rows.map((row) => [row.label, ...STATUSES.map((status) => String(row.counts[status]))]),
    { className: 'summary-table', cellClass: (_, column) => (column > 0 ? `status-${STATUSES[column - 1]}` : undefined) },
  );
}

/** "11 智慧社区… : 杭州市（未达标）、宁波市（进度滞后）" per binding indicator with a shortfall. */
function bindingShortfalls(groups: GroupSurvey[], options: FormatOptions): string {
  const lang = options.lang;
  const items = groups
    .filter((group) => group.info.attribute === 'binding' && group.shortfalls.total > 0)
    .map((group) => {
      const { verdicts, shown } = group.shortfalls.pick();
      const regions = verdicts.map((v) => `${regionText(v, lang)}${group.severalYears ? ` ${v.year}` : ''}（${statusLabel(v.status, lang)}）`);
      const more = shown.shown < shown.total ? shortfallsShownNote(shown, lang) : '';
      return element('li', {}, textElement('strong', {}, `${group.info.no} ${indicatorName(group.info, lang)}`), escapeHtml(`: ${regions.join(lang === 'zh' ? '、' : ', ')}${more}`));
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

/** A chart per indicator, of the verdicts the survey kept for it (see SHOWN_PER_INDICATOR). */
function chartsSection(groups: GroupSurvey[], withYear: boolean, options: FormatOptions): string {
  const figures = groups.map((found, index) => {
    const captionId = `chart-${index + 1}`;
    const { verdicts, shown } = found.chart.pick();
    const group: IndicatorGroup = { info: found.info, verdicts };
    const note = shown.shown < shown.total ? textElement('p', { class: 'chart-note' }, chartShownNote(shown, options.lang)) : '';
    return element(
      'figure',
      { class: 'chart', 'data-indicator': found.info.id },
      textElement('figcaption', { id: captionId }, indicatorHeading({ info: found.info, verdicts: [found.headingVerdict] }, options)),
      note,
      indicatorChart(group, captionId, { lang: options.lang, plan: options.plan, withYear }),
    );
  });
  return section('charts', word('charts', options.lang), legend(options), figures.join(''));
}

/** Every verdict, a row each, read again from the stream and written as it is judged. */
function* resultsSection(report: CheckStream, line: string, withYear: boolean, options: FormatOptions): Generator<string> {
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
  yield `<section id="results">${textElement('h2', {}, word('results', lang))}${textElement('p', {}, line)}${tableStart(columns, { id: 'results-table' })}`;
  // One array, filled anew for each verdict (tableRow reads it at once): see core/values.ts.
  const cells = columns.map(() => '');
  for (const { verdict, group: { info } } of verdictsByIndicator(report)) {
    let c = 0;
    cells[c++] = info.no;
    cells[c++] = indicatorName(info, lang);
    cells[c++] = regionText(verdict, lang);
    if (withYear) cells[c++] = String(verdict.year);
    cells[c++] = verdictValueText(verdict, options);
    cells[c++] = unitLabel(info.unit, lang);
    cells[c++] = verdict.baseline === null ? DASH : formatPlain(verdict.baseline);
    cells[c++] = verdictTargetText(verdict, options);
    cells[c++] = String(verdict.target_year);
    cells[c++] = attributeLabel(verdict.attribute, lang);
    cells[c++] = statusLabel(verdict.status, lang);
    cells[c++] = gapText(verdict, options);
    cells[c++] = noteText(verdict, options);
    yield tableRow(columns, cells, (column) => (column === statusColumn ? `status-${verdict.status}` : undefined));
  }
  yield `${TABLE_END}</section>`;
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

/**
 * Two reads of the verdicts: the survey (counts, years, what the charts and shortfall lists show)
 * and the table, row by row. Nothing kept grows with the number of verdicts.
 */
function* check(report: CheckStream, options: FormatOptions): Generator<string> {
  const found = survey(report);
  const withYear = found.yearVerdicts.length > 1;
  // The summary line's years come from one verdict of each year, its counts from the survey
  // (never from report.summary, which may judge everything again).
  const counted = { plan: report.plan, indicators: report.indicators, year: report.year, results: found.yearVerdicts, summary: found.summary };
  const line = summaryLine(counted, options.lang);
  const summary = section(
    'summary',
    word('summary', options.lang),
    textElement('p', { class: 'summary-line' }, line),
    summaryTable(found, options),
    bindingShortfalls(found.groups, options),
  );
  const years = report.year !== null ? String(report.year) : yearSpan(found.yearVerdicts.map((v) => v.year));
  yield* page(
    report.plan,
    'checkReport',
    years,
    [
      summary,
      chartsSection(found.groups, withYear, options),
      resultsSection(report, line, withYear, options),
      notesSection(new Set(found.groups.map((group) => group.info.id)), options, [textElement('p', {}, word('coverageNote', options.lang))]),
      provenanceSection(report.plan, options),
    ],
    options,
  );
}

/** The values, a row each, made as they are written. */
function* computeRows(report: ComputeReport, columns: readonly Column[], lang: FormatOptions['lang']): Generator<string> {
  yield `<section id="results">${textElement('h2', {}, word('results', lang))}${tableStart(columns, { id: 'results-table' })}`;
  for (const row of report.rows) {
    yield tableRow(columns, [regionText(row, lang), String(row.year), ...report.indicators.map((info) => valueText(row.values[info.id] ?? null))]);
  }
  yield `${TABLE_END}</section>`;
}

function compute(report: ComputeReport, options: FormatOptions): Text {
  const lang = options.lang;
  const columns: Column[] = [
    { head: heading('region', lang) },
    { head: heading('year', lang), numeric: true },
    ...report.indicators.map((info) => ({ head: `${info.no} ${indicatorName(info, lang)}${info.unit ? ` (${unitLabel(info.unit, lang)})` : ''}`, numeric: true })),
  ];
  const body = [computeRows(report, columns, lang), provenanceSection(report.plan, options)];
  return page(report.plan, 'computeReport', yearSpan(report.years), body, options);
}

function indicators(plan: Plan, options: FormatOptions): Text {
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
