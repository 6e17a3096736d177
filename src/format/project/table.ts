// Terminal views of project, explain and allocation. Colour is an option, as in ../table.ts.

import type { AllocationReport } from '../../core/allocate.js';
import type { Explanation } from '../../core/explain.js';
import type { ProjectReport, ProjectRow } from '../../core/project.js';
import { PROGRESS_CLASSES, type ProgressClass } from '../../core/trajectory.js';
import { escapeControls } from '../escape.js';
import { legendLine, shortRegionNames, type RegionColumn } from '../overview.js';
import { fitLine, renderGrid } from '../text-table.js';
import type { FormatOptions } from '../formatter.js';
import { countOfLevel, heading, indicatorName, levelLabel } from '../labels.js';
import { formatPlain, formatReadable } from '../numbers.js';
import { painterOf, type Painter } from '../paint.js';
import { drawTable } from '../table.js';
import type { Row } from '../text-table.js';
import { indicatorHeading, planTargetText } from '../view.js';
import { allocationYaml } from './allocation-yaml.js';
import { explanationLines, verdictLine } from './explain-text.js';
import {
  aggregationText,
  groupRows,
  inputName,
  plainOrMissing,
  projectCells,
  projectSummaryLine,
  regionText,
  scenarioLines,
} from './view.js';
import { allocationLeftOutText, leftOutText, progressLabel, words } from './words.js';
import type { ProjectFormatter } from './formatter.js';

/** Each progress class's mark (no trajectory: "–"; not applicable: a blank cell). */
export const PROGRESS_MARKS: Record<ProgressClass, string> = {
  target_achieved: '✓',
  on_track: '↑',
  acceleration_needed: '↗',
  limited_progress: '→',
  deterioration: '↓',
};
const NO_TRAJECTORY_MARK = '–';

function paintProgress(painter: Painter, progress: ProgressClass | null, text: string): string {
  if (progress === 'target_achieved') return painter.green(text);
  if (progress === 'on_track') return painter.cyan(text);
  if (progress === 'acceleration_needed') return painter.yellow(text);
  if (progress === 'limited_progress' || progress === 'deterioration') return painter.red(text);
  return painter.gray(text);
}

/** A region's cell: the year the target is reached at the present pace and the class's mark; the mark alone when not at this pace. */
function progressCell(row: ProjectRow, painter: Painter): string {
  if (row.verdict.status === 'not_applicable') return '';
  const t = row.trajectory;
  if (!t) return paintProgress(painter, null, NO_TRAJECTORY_MARK);
  const mark = paintProgress(painter, t.progress, PROGRESS_MARKS[t.progress]);
  return t.progress === 'target_achieved' || t.reached_year === null ? mark : `${t.reached_year}${mark}`;
}

/** project's default terminal view: indicators × regions, each cell the progress class and the year the target is reached. */
function projectOverview(report: ProjectReport, options: FormatOptions): string {
  const painter = painterOf(options);
  const lang = options.lang;
  const footer = `${fitLine(projectSummaryLine(report, lang), options.width)}\n`;
  if (report.rows.length === 0) return footer;
  const regions = new Map<string, RegionColumn>();
  type Counts = Record<ProgressClass | 'no_trajectory', number>;
  const counts = new Map<string, Counts>();
  const byIndicator = new Map<string, Map<string, string>>();
  for (const row of report.rows) {
    const { verdict } = row;
    if (!regions.has(verdict.region_code)) {
      regions.set(verdict.region_code, { code: verdict.region_code, name: verdict.region_name });
      counts.set(verdict.region_code, { target_achieved: 0, on_track: 0, acceleration_needed: 0, limited_progress: 0, deterioration: 0, no_trajectory: 0 });
    }
    if (verdict.status !== 'not_applicable') counts.get(verdict.region_code)![row.trajectory ? row.trajectory.progress : 'no_trajectory']++;
    let cells = byIndicator.get(verdict.indicator);
    if (!cells) byIndicator.set(verdict.indicator, (cells = new Map()));
    cells.set(verdict.region_code, progressCell(row, painter));
  }
  const columns = [...regions.values()];
  const indicators = report.indicators
    .filter((info) => byIndicator.has(info.id))
    .sort((a, b) => Number(b.attribute === 'binding') - Number(a.attribute === 'binding'));
  const body = indicators.map((info) => {
    const plan = options.plan?.indicators.find((i) => i.id === info.id);
    const cells = byIndicator.get(info.id)!;
    return [
      `${info.attribute === 'binding' ? '★' : ''}${info.no}`,
      escapeControls(indicatorName(info, lang)),
      plan ? planTargetText(plan.target) : '',
      ...columns.map((region) => cells.get(region.code) ?? ''),
    ];
  });
  const classes = [...PROGRESS_CLASSES, 'no_trajectory' as const].filter((key) => columns.some((region) => counts.get(region.code)![key] > 0));
  const label = (key: ProgressClass | 'no_trajectory'): string => (key === 'no_trajectory' ? words('no_trajectory', lang) : progressLabel(key, lang));
  const markOf = (key: ProgressClass | 'no_trajectory'): string => (key === 'no_trajectory' ? paintProgress(painter, null, NO_TRAJECTORY_MARK) : paintProgress(painter, key, PROGRESS_MARKS[key]));
  const tally = classes.map((key) => [markOf(key), label(key), '', ...columns.map((region) => String(counts.get(region.code)![key]))]);
  const grid = renderGrid({
    head: [['', painter.bold(heading('indicator', lang)), painter.bold(heading('target', lang)), ...shortRegionNames(columns).map((name) => painter.bold(name))]],
    rows: [...body, null, ...tally],
    right: [true, false, false, ...columns.map(() => true)],
    width: options.width,
    repeat: 3,
    shrink: 1,
  });
  const marks = Object.fromEntries([...PROGRESS_CLASSES, 'no_trajectory' as const].map((key) => [key, markOf(key)]));
  const extra = lang === 'zh' ? ['年份 按现速度达到目标的年份', '空白 不适用', '★ 约束性'] : ['year: the target reached at the present pace', 'blank not applicable', '★ binding'];
  const legend = legendLine(marks, (key) => label(key as ProgressClass | 'no_trajectory'), extra, lang);
  const scenarios = scenarioLines(report, options).map((line) => `${fitLine(`${words('scenarios', lang)} ${line}`, options.width)}\n`).join('');
  return `${grid}\n${fitLine(legend, options.width)}\n${scenarios}${footer}`;
}

function project(report: ProjectReport, options: FormatOptions): string {
  if (!options.detail) return projectOverview(report, options);
  const painter = painterOf(options);
  const lang = options.lang;
  const titles = [
    words('region', lang),
    words('value', lang),
    words('status', lang),
    words('position', lang),
    words('growth', lang),
    words('progress', lang),
    words('projected', lang),
    words('reached', lang),
    words('needed', lang),
    ...report.scenarios.map((s) => s.name),
    lang === 'zh' ? '说明' : 'Note',
  ];
  const tableRows: Row[] = [];
  for (const { group, rows } of groupRows(report)) {
    tableRows.push({ span: painter.bold(indicatorHeading(group, options)) });
    for (const row of rows) tableRows.push(projectCells(row, report, options));
  }
  const body = report.rows.length > 0 ? `${drawTable(painter, titles, tableRows, [1, 6], { width: options.width, repeat: 1 })}\n` : '';
  const scenarios = scenarioLines(report, options).map((line) => `${fitLine(`${words('scenarios', lang)} ${line}`, options.width)}\n`).join('');
  return `${body}${scenarios}${fitLine(projectSummaryLine(report, lang), options.width)}\n`;
}

function explain(explanation: Explanation, options: FormatOptions): string {
  const painter = painterOf(options);
  const lang = options.lang;
  const lines = explanationLines(explanation, options);
  const inputsHead = [words('field', lang), words('label', lang), words('aggregation', lang), regionText({ region_code: explanation.region.code, region_name: explanation.region.name }, lang)];
  const inputs = explanation.inputs.map((input) => [input.id, inputName(input, lang, options.plan), aggregationText(input, lang, options.plan), plainOrMissing(input.value)]);
  const parts = [painter.bold(lines.title), '', ...lines.formula, '', painter.bold(words('inputs', lang)), drawTable(painter, inputsHead, inputs, [3], { width: options.width, repeat: 1 })];
  if (explanation.contributors.length > 0) {
    const weighted = explanation.inputs.filter((i) => i.weight);
    const head = [words('region', lang), ...explanation.inputs.map((i) => i.id), ...weighted.map((i) => `${words('weight', lang)}(${i.id})`), words('value', lang)];
    const contributors = explanation.contributors.map((c) => [
      regionText({ region_code: c.code, region_name: c.name }, lang),
      ...explanation.inputs.map((i) => plainOrMissing(c.inputs?.[i.id] ?? null)),
      ...weighted.map((i) => plainOrMissing(c.weights[i.id] ?? null)),
      plainOrMissing(c.value),
    ]);
    contributors.push([
      painter.bold(`= ${regionText({ region_code: explanation.region.code, region_name: explanation.region.name }, lang)}`),
      ...explanation.inputs.map((i) => plainOrMissing(i.value)),
      ...weighted.map(() => ''),
      plainOrMissing(explanation.value),
    ]);
    const coverage = explanation.coverage;
    const count = coverage ? ` (${countOfLevel(coverage.used, coverage.expected, coverage.childLevel, lang)})` : '';
    parts.push('', painter.bold(`${words('contributors', lang)}${count}`), drawTable(painter, head, contributors, head.map((_, k) => k).slice(1), { width: options.width, repeat: 1 }));
  }
  if (explanation.left_out.length > 0) {
    parts.push('', painter.bold(words('left_out', lang)));
    for (const l of explanation.left_out) parts.push(`  ${regionText({ region_code: l.code, region_name: l.name }, lang)}: ${leftOutText(l.why, lang, options.plan)}`);
  }
  parts.push('', fitLine(`${painter.bold(words('verdict', lang))}  ${verdictLine(explanation, options)}`, options.width), '');
  return parts.join('\n');
}

function allocation(report: AllocationReport, options: FormatOptions): string {
  const painter = painterOf(options);
  const lang = options.lang;
  const head = [words('region', lang), report.by, words('share', lang), words('exact', lang), words('quota', lang)];
  const sum = report.shares.reduce((s, x) => s + x.weight, 0);
  const rows = report.shares.map((share) => [regionText({ region_code: share.code, region_name: share.name }, lang), formatPlain(share.weight), `${((share.weight / sum) * 100).toFixed(2)}%`, formatReadable(share.exact), String(share.quota)]);
  rows.push([painter.bold(words('total', lang)), formatPlain(sum), '100.00%', formatPlain(report.total), String(report.shares.reduce((s, x) => s + x.quota, 0))]);
  const title = `${words('allocation', lang)}: ${report.indicator.no} ${indicatorName(report.indicator, lang)} · ${regionText({ region_code: report.parent.code, region_name: report.parent.name }, lang)} ${formatPlain(report.total)} → ${levelLabel(report.level, lang)} · ${report.by} ${report.year}`;
  const left = report.left_out.map((l) => `  ${regionText({ region_code: l.code, region_name: l.name }, lang)}: ${allocationLeftOutText(l.reason, report.by, lang, options.plan)}`);
  const leftBlock = left.length > 0 ? ['', painter.bold(words('left_out', lang)), ...left] : [];
  return [painter.bold(title), drawTable(painter, head, rows, [1, 2, 3, 4], { width: options.width, repeat: 1 }), ...leftBlock, '', allocationYaml(report, lang), ''].join('\n');
}

export const table: ProjectFormatter = { project, explain, allocation };
