// The machine and paste-in views: the chase list (CSV), the contract's JSON, Markdown.

import { stateOf, type CompletenessReport } from '../../core/completeness.js';
import { toCsv, type Cell } from '../csv.js';
import { levelLabel } from '../labels.js';
import { markdownTable } from '../markdown.js';
import { fieldText, indicatorText, parentNames, percent, stateLabel, stateText, summaryParts, words, type CompletenessFormatOptions } from './words.js';

const CSV_HEADER = ['region_code', 'region_name', 'parent_code', 'parent_name', 'year', 'status', 'field', 'label', 'indicators_blocked', 'note'];

/**
 * The chase list: one row per region and blank input (with its Chinese label, for a mail merge),
 * and one row per absent region saying nothing arrived. Complete regions have no row.
 */
export function completenessCsv(report: CompletenessReport, options: CompletenessFormatOptions): string {
  const names = parentNames(report);
  const w = words(options.lang);
  const label = (id: string) => options.plan.inputs.find((input) => input.id === id)?.label ?? id;
  const rows: Cell[][] = [];
  for (const region of report.regions) {
    const state = stateOf(region);
    if (state === 'complete') continue;
    const start: Cell[] = [region.region_code, region.region_name, region.parent_code, region.parent_code ? (names.get(region.parent_code) ?? '') : '', region.year, state];
    if (state === 'absent') {
      rows.push([...start, null, null, null, w.nothingArrived]);
      continue;
    }
    for (const field of region.missing_fields) {
      const blocked = options.plan.indicators.filter((i) => region.indicators_blocked.includes(i.id) && i.requires.some((f) => options.plan.inputs[f]!.id === field));
      rows.push([...start, field, label(field), blocked.map((i) => i.id).join(' '), null]);
    }
  }
  return [...toCsv(CSV_HEADER, rows)].join("");
}

/** The contract's shape: plan, level, years, regions (absent, partial, complete), by_parent, summary. */
export function completenessJson(report: CompletenessReport): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}

export function completenessMarkdown(report: CompletenessReport, options: CompletenessFormatOptions): string {
  const w = words(options.lang);
  const names = parentNames(report);
  const listSep = options.lang === 'zh' ? '；' : '; ';
  const gaps = report.regions.filter((r) => stateOf(r) !== 'complete');
  const [title, counts] = summaryParts(report, options.lang);
  const out = [`## ${title}`, '', counts, ''];
  if (gaps.length === 0) out.push(w.allComplete, '');
  else {
    const head = [w.region, w.parent, w.year, w.state, w.blank, w.blocksHere];
    const rows = gaps.map((r) => [
      `${r.region_code} ${r.region_name}`.trim(),
      r.parent_code ? (names.get(r.parent_code) || r.parent_code) : '',
      String(r.year),
      stateText(r, options.lang),
      r.submitted ? r.missing_fields.map((f) => fieldText(f, options)).join(listSep) : w.nothingArrived,
      r.indicators_blocked.map((id) => indicatorText(id, options)).join(listSep),
    ]);
    out.push(markdownTable(head, rows), '');
  }
  if (report.by_parent.length > 0) {
    const level = levelLabel(report.level, options.lang);
    out.push(`### ${options.lang === 'zh' ? `${w.byParent}（${level}）` : `${w.byParent} (${level})`}`, '');
    const head = [w.parent, w.year, w.expected, stateLabel('complete', options.lang), stateLabel('partial', options.lang), stateLabel('absent', options.lang), w.rate];
    const rows = report.by_parent.map((p) => [
      p.region_code ? `${p.region_code} ${p.region_name}`.trim() : '—',
      String(p.year),
      String(p.expected),
      String(p.complete),
      String(p.partial),
      String(p.absent),
      percent(p.complete, p.expected),
    ]);
    out.push(markdownTable(head, rows, [2, 3, 4, 5, 6]), '');
  }
  return out.join('\n');
}
