// Terminal views of project, explain and allocation. Colour is an option, as in ../table.ts.

import type { AllocationReport } from '../../core/allocate.js';
import type { Explanation } from '../../core/explain.js';
import type { ProjectReport } from '../../core/project.js';
import type { FormatOptions } from '../formatter.js';
import { countOfLevel, indicatorName, levelLabel } from '../labels.js';
import { formatPlain, formatReadable } from '../numbers.js';
import { painterOf } from '../paint.js';
import { drawTable } from '../table.js';
import type { Row } from '../text-table.js';
import { indicatorHeading } from '../view.js';
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
import { allocationLeftOutText, leftOutText, words } from './words.js';
import type { ProjectFormatter } from './formatter.js';

function project(report: ProjectReport, options: FormatOptions): string {
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
  const body = report.rows.length > 0 ? `${drawTable(painter, titles, tableRows, [1, 6])}\n` : '';
  const scenarios = scenarioLines(report, options).map((line) => `${words('scenarios', lang)} ${line}\n`).join('');
  return `${body}${scenarios}${projectSummaryLine(report, lang)}\n`;
}

function explain(explanation: Explanation, options: FormatOptions): string {
  const painter = painterOf(options);
  const lang = options.lang;
  const lines = explanationLines(explanation, options);
  const inputsHead = [words('field', lang), words('label', lang), words('aggregation', lang), regionText({ region_code: explanation.region.code, region_name: explanation.region.name }, lang)];
  const inputs = explanation.inputs.map((input) => [input.id, inputName(input, lang, options.plan), aggregationText(input, lang, options.plan), plainOrMissing(input.value)]);
  const parts = [painter.bold(lines.title), '', ...lines.formula, '', painter.bold(words('inputs', lang)), drawTable(painter, inputsHead, inputs, [3])];
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
    parts.push('', painter.bold(`${words('contributors', lang)}${count}`), drawTable(painter, head, contributors, head.map((_, k) => k).slice(1)));
  }
  if (explanation.left_out.length > 0) {
    parts.push('', painter.bold(words('left_out', lang)));
    for (const l of explanation.left_out) parts.push(`  ${regionText({ region_code: l.code, region_name: l.name }, lang)}: ${leftOutText(l.why, lang, options.plan)}`);
  }
  parts.push('', `${painter.bold(words('verdict', lang))}  ${verdictLine(explanation, options)}`, '');
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
  return [painter.bold(title), drawTable(painter, head, rows, [1, 2, 3, 4]), ...leftBlock, '', allocationYaml(report, lang), ''].join('\n');
}

export const table: ProjectFormatter = { project, explain, allocation };
