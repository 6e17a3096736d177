// The analyst's terminal view. Colour is an option (a painter per call, see paint.ts), never global state.

import type { CheckStream } from '../core/judge.js';
import type { ComputeReport, Lang, Plan, Status, Verdict } from '../core/types.js';
import { escapeControls } from './escape.js';
import { fitLine, fitTextTable, streamTextTable, truncateToWidth, type FitOptions, type Row } from './text-table.js';
import type { FormatOptions, Formatter, Text } from './formatter.js';
import { painterOf, type Painter } from './paint.js';
import { aggregationLabel, attributeLabel, heading, indicatorName, statusLabel, unitLabel } from './labels.js';
import { formatPlain } from './numbers.js';
import { checkOverview } from './overview.js';
import {
  DASH,
  gapText,
  indicatorHeading,
  noteText,
  planTargetText,
  regionText,
  reportHasSeveralYears,
  summaryLine,
  targetTexts,
  valueText,
  verdictValueText,
  verdictsByIndicator,
} from './view.js';

/** Each status's word in its colour, made once per table. */
function statusTexts(painter: Painter, lang: Lang): Record<Status, string> {
  return {
    met: painter.green(statusLabel('met', lang)),
    on_track: painter.cyan(statusLabel('on_track', lang)),
    off_track: painter.yellow(statusLabel('off_track', lang)),
    not_met: painter.red(statusLabel('not_met', lang)),
    no_data: painter.gray(statusLabel('no_data', lang)),
    not_applicable: painter.dim(statusLabel('not_applicable', lang)),
  };
}

/** Cell texts that repeat down a table, made once. */
interface RowTexts {
  status: Record<Status, string>;
  target: (verdict: Verdict) => string;
}

/** Head titles are bold; cells hold text from files, so anything but the painter's colours is escaped (escape.ts). */
export function drawTable(painter: Painter, head: string[], rows: readonly Row[], rightAligned: number[] = [], fit: FitOptions = {}): string {
  return fitTextTable({ head: boldHead(painter, head), rightAligned, rows: rows.map(escapedRow) }, fit);
}

function boldHead(painter: Painter, head: readonly string[]): string[] {
  return head.map((text) => painter.bold(escapeControls(text)));
}

/** A row with its text escaped: a new array, never the one given (a row maker may refill that). */
function escapedRow(row: Row): Row {
  const cell = (text: string): string => escapeControls(text, true);
  return 'span' in row ? { span: cell(row.span) } : row.map(cell);
}

/**
 * The detail table's rows, a heading before each indicator's, made as the table draws them (one
 * array refilled for each verdict, then escaped into a new one: see core/values.ts).
 */
function* detailRows(report: CheckStream, options: FormatOptions, painter: Painter, withYear: boolean): Generator<Row> {
  const texts: RowTexts = { status: statusTexts(painter, options.lang), target: targetTexts(options) };
  const row: string[] = new Array<string>(withYear ? 7 : 6);
  for (const { verdict, group, starts } of verdictsByIndicator(report)) {
    if (starts) yield escapedRow({ span: painter.bold(indicatorHeading(group, options)) });
    let c = 0;
    row[c++] = regionText(verdict, options.lang);
    if (withYear) row[c++] = String(verdict.year);
    row[c++] = verdictValueText(verdict, options);
    row[c++] = texts.target(verdict);
    row[c++] = texts.status[verdict.status];
    row[c++] = gapText(verdict, options);
    row[c++] = noteText(verdict, options);
    yield escapedRow(row);
  }
}

/** `--detail`: a row per region and indicator, drawn as the verdicts are judged (streamTextTable). */
function* detailTable(report: CheckStream, options: FormatOptions): Generator<string> {
  const painter = painterOf(options);
  const withYear = reportHasSeveralYears(report);
  const head = ['region', 'value', 'target', 'status', 'gap', 'note'] as const;
  const titles: string[] = head.map((key) => heading(key, options.lang));
  if (withYear) titles.splice(1, 0, heading('year', options.lang));
  const rows = detailRows(report, options, painter, withYear);
  const first = rows.next();
  if (!first.done) {
    const all = (function* () {
      yield first.value;
      yield* rows;
    })();
    yield* streamTextTable(boldHead(painter, titles), [withYear ? 2 : 1], all, { width: options.width, repeat: 1 });
    yield '\n';
  }
  yield `${fitLine(summaryLine(report, options.lang), options.width)}\n`;
}

function check(report: CheckStream, options: FormatOptions): Text {
  return options.detail ? detailTable(report, options) : checkOverview(report, options);
}

/** The values table's rows, made as the table draws them (one array refilled, then escaped into a new one). */
function* computeRows(report: ComputeReport, options: FormatOptions): Generator<Row> {
  const row: string[] = new Array<string>(2 + report.indicators.length);
  for (const computed of report.rows) {
    row[0] = regionText(computed, options.lang);
    row[1] = String(computed.year);
    report.indicators.forEach((info, k) => (row[k + 2] = valueText(computed.values[info.id] ?? null)));
    yield escapedRow(row);
  }
}

function* compute(report: ComputeReport, options: FormatOptions): Generator<string> {
  const painter = painterOf(options);
  const titles = [heading('region', options.lang), heading('year', options.lang), ...report.indicators.map((i) => i.no)];
  const valueColumns = report.indicators.map((_, index) => index + 2);
  yield* streamTextTable(boldHead(painter, titles), valueColumns, computeRows(report, options), { width: options.width, repeat: 2 });
  const legend = report.indicators.map((info) => {
    const unit = info.unit ? ` (${unitLabel(info.unit, options.lang)})` : '';
    return `${info.no.padEnd(6)}${indicatorName(info, options.lang)}${unit}`;
  });
  const missing = `${DASH} ${heading('noData', options.lang)}`;
  const fitted = [...legend, missing].map((line) => (options.width === undefined ? line : truncateToWidth(line, options.width)));
  yield `\n${fitted.join('\n')}\n`;
}

function indicatorsTable(plan: Plan, options: FormatOptions, painter: Painter): string {
  const keys = ['no', 'indicator', 'unit', 'baseline', 'target', 'targetYear', 'attribute'] as const;
  const rows = plan.indicators.map((indicator) => [
    indicator.no,
    indicatorName(indicator, options.lang),
    unitLabel(indicator.unit, options.lang),
    indicator.baseline === null ? DASH : formatPlain(indicator.baseline),
    planTargetText(indicator.target),
    String(indicator.target_year),
    attributeLabel(indicator.attribute, options.lang),
  ]);
  return drawTable(painter, keys.map((key) => heading(key, options.lang)), rows, [3], { width: options.width, repeat: 1 });
}

function inputsTable(plan: Plan, options: FormatOptions, painter: Painter): string {
  const keys = ['field', 'label', 'unit', 'aggregate'] as const;
  const rows = plan.inputs.map((input) => {
    const label = options.lang === 'en' && input.label_en ? input.label_en : input.label;
    return [input.id, label, unitLabel(input.unit, options.lang), aggregationLabel(input, options.lang)];
  });
  return drawTable(painter, keys.map((key) => heading(key, options.lang)), rows, [], { width: options.width, repeat: 1 });
}

function indicators(plan: Plan, options: FormatOptions): string {
  const painter = painterOf(options);
  const title = options.lang === 'en' && plan.meta.title_en ? plan.meta.title_en : plan.meta.title;
  const period = `${plan.meta.baseline_year}–${plan.meta.target_year}`;
  return [
    painter.bold(fitLine(`${title} (${period})`, options.width)),
    '',
    painter.bold(heading('indicators', options.lang)),
    indicatorsTable(plan, options, painter),
    '',
    painter.bold(heading('inputs', options.lang)),
    inputsTable(plan, options, painter),
    '',
  ].join('\n');
}

export const table = { check, compute, indicators } satisfies Formatter;
