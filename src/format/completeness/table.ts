// The terminal view: the summary, then who has not reported (by parent), then who left what blank
// and what it blocks, then every parent's count. Every line fits options.width (CJK counts 2).

import stringWidth from 'string-width';
import { stateOf, type CompletenessRegion, type CompletenessReport } from '../../core/completeness.js';
import { levelLabel } from '../labels.js';
import { PLAIN } from '../paint.js';
import { renderTextTable } from '../text-table.js';
import { fieldText, indicatorText, parentNames, percent, stateLabel, summaryParts, words, type CompletenessFormatOptions } from './words.js';

const INDENT = '    ';
/** The blocked indicators named for one region; the rest are counted. */
const INDICATORS_NAMED = 4;

/**
 * `items` after `first`, separated by `separator`, in lines of at most `width` columns; lines after
 * the first start with `indent`. An item wider than a line is cut with an ellipsis.
 */
export function wrapItems(first: string, items: readonly string[], width: number, indent: string, separator: string): string[] {
  const lines: string[] = [];
  let line = first;
  let lineWidth = stringWidth(first);
  let empty = true;
  for (const raw of items) {
    const item = fitWidth(raw, width - stringWidth(indent));
    const itemWidth = stringWidth(item);
    const sep = empty ? '' : separator;
    if (!empty && lineWidth + stringWidth(sep) + itemWidth > width) {
      lines.push(line.trimEnd());
      line = indent + item;
      lineWidth = stringWidth(indent) + itemWidth;
    } else {
      line += sep + item;
      lineWidth += stringWidth(sep) + itemWidth;
    }
    empty = false;
  }
  lines.push(line.trimEnd());
  return lines;
}

/** Text cut to `width` columns, ending in … when cut. */
export function fitWidth(text: string, width: number): string {
  if (stringWidth(text) <= width) return text;
  let out = '';
  for (const char of text) {
    if (stringWidth(`${out}${char}…`) > width) break;
    out += char;
  }
  return `${out}…`;
}

function regionLabel(region: { region_code: string; region_name: string }): string {
  return region.region_name ? `${region.region_code} ${region.region_name}` : region.region_code;
}

function absentLines(regions: CompletenessRegion[], report: CompletenessReport, options: CompletenessFormatOptions): string[] {
  const names = parentNames(report);
  const lines: string[] = [];
  const groups = new Map<string, CompletenessRegion[]>();
  for (const region of regions) {
    const key = `${region.year}:${region.parent_code ?? ''}`;
    groups.set(key, [...(groups.get(key) ?? []), region]);
  }
  const withYear = report.years.length > 1;
  for (const group of groups.values()) {
    const { parent_code, year } = group[0]!;
    const parent = parent_code ? names.get(parent_code) || parent_code : '—';
    const count = options.lang === 'zh' ? `（${group.length}）：` : ` (${group.length}): `;
    const head = `  ${withYear ? `${year} ` : ''}${parent}${count}`;
    lines.push(...wrapItems(head, group.map(regionLabel), options.width, INDENT, '  '));
  }
  return lines;
}

function partialLines(regions: CompletenessRegion[], report: CompletenessReport, options: CompletenessFormatOptions): string[] {
  const names = parentNames(report);
  const w = words(options.lang);
  const colon = options.lang === 'zh' ? '：' : ': ';
  const withYear = report.years.length > 1;
  const lines: string[] = [];
  for (const region of regions) {
    const parent = region.parent_code ? names.get(region.parent_code) || region.parent_code : '';
    const within = parent ? (options.lang === 'zh' ? `（${parent}）` : ` (${parent})`) : '';
    lines.push(fitWidth(`  ${withYear ? `${region.year} ` : ''}${regionLabel(region)}${within}`, options.width));
    lines.push(...wrapItems(`${INDENT}${w.blank}${colon}`, region.missing_fields.map((f) => fieldText(f, options)), options.width, `${INDENT}  `, options.lang === 'zh' ? '，' : ', '));
    const blocked = region.indicators_blocked;
    if (blocked.length > 0) {
      const named = blocked.slice(0, INDICATORS_NAMED).map((id) => indicatorText(id, options));
      if (blocked.length > INDICATORS_NAMED) named.push(w.more(blocked.length - INDICATORS_NAMED));
      lines.push(...wrapItems(`${INDENT}${w.blocksHere}${colon}`, named, options.width, `${INDENT}  `, options.lang === 'zh' ? '；' : '; '));
    }
    if (region.blocks_parents.length > 0) {
      const above = region.blocks_parents.map((p) => `${p.region_name || p.region_code} ${w.indicatorsCount(p.indicators.length)}`);
      lines.push(...wrapItems(`${INDENT}${w.blocksAbove}${colon}`, above, options.width, `${INDENT}  `, options.lang === 'zh' ? '，' : ', '));
    }
  }
  return lines;
}

function parentTable(report: CompletenessReport, options: CompletenessFormatOptions): string {
  const w = words(options.lang);
  const painter = options.painter ?? PLAIN;
  const withYear = report.years.length > 1;
  const head = [w.parent, ...(withYear ? [w.year] : []), stateLabel('complete', options.lang), stateLabel('partial', options.lang), stateLabel('absent', options.lang), w.rate];
  const rows = report.by_parent.map((p) => [
    p.region_code ? `${p.region_name || p.region_code}` : '—',
    ...(withYear ? [String(p.year)] : []),
    `${p.complete}/${p.expected}`,
    String(p.partial),
    String(p.absent),
    percent(p.complete, p.expected),
  ]);
  const first = withYear ? 2 : 1;
  return renderTextTable({ head: head.map((text) => painter.bold(text)), rightAligned: [first, first + 1, first + 2, first + 3], rows });
}

export function completenessTable(report: CompletenessReport, options: CompletenessFormatOptions): string {
  const painter = options.painter ?? PLAIN;
  const w = words(options.lang);
  const absent = report.regions.filter((r) => stateOf(r) === 'absent');
  const partial = report.regions.filter((r) => stateOf(r) === 'partial');
  const [title, counts] = summaryParts(report, options.lang);
  const out: string[] = [painter.bold(fitWidth(title, options.width)), ...wrapItems('', counts.split(' '), options.width, '', ' ')];
  const section = (state: 'absent' | 'partial', count: number) =>
    painter.bold(options.lang === 'zh' ? `${stateLabel(state, 'zh')}（${count}）` : `${stateLabel(state, 'en')[0]!.toUpperCase()}${stateLabel(state, 'en').slice(1)} (${count})`);
  if (absent.length > 0) out.push('', section('absent', absent.length), ...absentLines(absent, report, options).map((l) => painter.red(l)));
  if (partial.length > 0) out.push('', section('partial', partial.length), ...partialLines(partial, report, options).map((l) => painter.yellow(l)));
  if (absent.length + partial.length === 0) out.push('', painter.green(w.allComplete));
  if (report.by_parent.length > 0) {
    const level = levelLabel(report.level, options.lang);
    out.push('', painter.bold(options.lang === 'zh' ? `${w.byParent}（${level}）` : `${w.byParent} (${level})`), parentTable(report, options));
  }
  return `${out.join('\n')}\n`;
}
