// GitHub-flavoured Markdown of project, explain and allocation, for issues, wikis and reports.

import type { AllocationReport } from '../../core/allocate.js';
import type { Explanation } from '../../core/explain.js';
import type { ProjectReport } from '../../core/project.js';
import type { FormatOptions } from '../formatter.js';
import { indicatorName, levelLabel } from '../labels.js';
import { escapeMarkdown } from '../markdown.js';
import { formatPlain, formatReadable } from '../numbers.js';
import { indicatorHeading } from '../view.js';
import { allocationYaml } from './allocation-yaml.js';
import { explanationLines, verdictLine } from './explain-text.js';
import type { ProjectFormatter } from './formatter.js';
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

function markdownTable(head: string[], rows: string[][], rightAligned: number[] = []): string {
  const line = (cells: string[]) => `| ${cells.map(escapeMarkdown).join(' | ')} |`;
  const rule = `|${head.map((_, index) => (rightAligned.includes(index) ? '---:' : '---')).join('|')}|`;
  return [line(head), rule, ...rows.map(line)].join('\n');
}

function project(report: ProjectReport, options: FormatOptions): string {
  const lang = options.lang;
  const head = [
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
  const sections = groupRows(report).map(
    ({ group, rows }) => `### ${escapeMarkdown(indicatorHeading(group, options))}\n\n${markdownTable(head, rows.map((r) => projectCells(r, report, options)), [1, 6])}\n`,
  );
  const scenarios = scenarioLines(report, options).map((line) => `- ${escapeMarkdown(line)}\n`);
  return [...sections, ...(scenarios.length > 0 ? [`**${words('scenarios', lang)}**\n\n${scenarios.join('')}`] : []), `${escapeMarkdown(projectSummaryLine(report, lang))}\n`].join('\n');
}

function explain(e: Explanation, options: FormatOptions): string {
  const lang = options.lang;
  const lines = explanationLines(e, options);
  const inputs = markdownTable(
    [words('field', lang), words('label', lang), words('aggregation', lang), regionText({ region_code: e.region.code, region_name: e.region.name }, lang)],
    e.inputs.map((i) => [i.id, inputName(i, lang, options.plan), aggregationText(i, lang, options.plan), plainOrMissing(i.value)]),
    [3],
  );
  const parts = [`## ${escapeMarkdown(lines.title)}`, '', ...lines.formula.map((l) => `- ${escapeMarkdown(l)}`), '', `**${words('inputs', lang)}**`, '', inputs];
  if (e.contributors.length > 0) {
    const weighted = e.inputs.filter((i) => i.weight);
    const head = [words('region', lang), ...e.inputs.map((i) => i.id), ...weighted.map((i) => `${words('weight', lang)}(${i.id})`), words('value', lang)];
    const rows = e.contributors.map((c) => [
      regionText({ region_code: c.code, region_name: c.name }, lang),
      ...e.inputs.map((i) => plainOrMissing(c.inputs?.[i.id] ?? null)),
      ...weighted.map((i) => plainOrMissing(c.weights[i.id] ?? null)),
      plainOrMissing(c.value),
    ]);
    rows.push([`= ${regionText({ region_code: e.region.code, region_name: e.region.name }, lang)}`, ...e.inputs.map((i) => plainOrMissing(i.value)), ...weighted.map(() => ''), plainOrMissing(e.value)]);
    parts.push('', `**${words('contributors', lang)}**`, '', markdownTable(head, rows, head.map((_, k) => k).slice(1)));
  }
  if (e.left_out.length > 0) {
    parts.push('', `**${words('left_out', lang)}**`, '');
    for (const l of e.left_out) parts.push(`- ${escapeMarkdown(`${regionText({ region_code: l.code, region_name: l.name }, lang)}: ${leftOutText(l.why, lang, options.plan)}`)}`);
  }
  parts.push('', `**${words('verdict', lang)}**: ${escapeMarkdown(verdictLine(e, options))}`, '');
  return parts.join('\n');
}

function allocation(report: AllocationReport, options: FormatOptions): string {
  const lang = options.lang;
  const sum = report.shares.reduce((s, x) => s + x.weight, 0);
  const rows = report.shares.map((s) => [
    regionText({ region_code: s.code, region_name: s.name }, lang),
    formatPlain(s.weight),
    `${((s.weight / sum) * 100).toFixed(2)}%`,
    formatReadable(s.exact),
    String(s.quota),
  ]);
  rows.push([words('total', lang), formatPlain(sum), '100.00%', formatPlain(report.total), String(report.shares.reduce((s, x) => s + x.quota, 0))]);
  const title = `${words('allocation', lang)}: ${report.indicator.no} ${indicatorName(report.indicator, lang)} → ${levelLabel(report.level, lang)} (${report.by}, ${report.year})`;
  const left = report.left_out.map((l) => `- ${escapeMarkdown(`${regionText({ region_code: l.code, region_name: l.name }, lang)}: ${allocationLeftOutText(l.reason, report.by, lang, options.plan)}`)}`);
  return [
    `## ${escapeMarkdown(title)}`,
    '',
    markdownTable([words('region', lang), report.by, words('share', lang), words('exact', lang), words('quota', lang)], rows, [1, 2, 3, 4]),
    ...(left.length > 0 ? ['', `**${words('left_out', lang)}**`, '', ...left] : []),
    '',
    '```yaml',
    allocationYaml(report, lang).trimEnd(),
    '```',
    '',
  ].join('\n');
}

export const markdown: ProjectFormatter = { project, explain, allocation };
