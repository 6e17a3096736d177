// check's default terminal view: the compliance overview, one screen for a person. One row per
// indicator (binding ones first, ★), one column per region (in the report's order: province, then
// cities), each cell the value and a status mark that reads without colour; a footer with each
// region's counts, a legend and the summary line. `--detail` gives the long table (table.ts).

import type { CheckStream } from '../core/judge.js';
import { LEVELS, type Lang, type Level, type Status, type Verdict } from '../core/types.js';
import { escapeControls } from './escape.js';
import type { FormatOptions } from './formatter.js';
import { heading, indicatorName, statusLabel } from './labels.js';
import { completenessPointer, overviewColumnsNote, type Shown } from './messages.js';
import { painterOf, type Painter } from './paint.js';
import { fitLine, renderGrid } from './text-table.js';
import { DASH, planTargetText, summaryLine, verdictTargetText, verdictValueText } from './view.js';

/** Each status's mark: one column, distinct without colour; not applicable is a blank cell. */
export const STATUS_MARKS: Record<Status, string> = { met: '✓', not_met: '✗', on_track: '↑', off_track: '↓', no_data: '–', not_applicable: '' };

/** The footer's order: what needs doing first. */
const FOOTER_ORDER: readonly Status[] = ['not_met', 'off_track', 'on_track', 'met', 'no_data'];
const LEGEND_ORDER: readonly Status[] = ['met', 'not_met', 'on_track', 'off_track', 'no_data'];

export function paintStatus(painter: Painter, status: Status, text: string): string {
  switch (status) {
    case 'met':
      return painter.green(text);
    case 'on_track':
      return painter.cyan(text);
    case 'off_track':
      return painter.yellow(text);
    case 'not_met':
      return painter.red(text);
    case 'no_data':
      return painter.gray(text);
    default:
      return painter.dim(text);
  }
}

export interface RegionColumn {
  code: string;
  name: string;
}

// A string, not a /literal/: esbuild writes strings in the bundle as ASCII escapes but copies a
// literal's characters, and one such character makes V8 read the whole bundle as two-byte text.
const ADMIN_SUFFIX = new RegExp('(省|市|自治区|自治州|地区|盟|区|县|自治县|旗)$', 'u');

/** "杭州市" → "杭州", "浙江省" → "浙江": the suffix dropped where two characters stay and no two names meet. */
export function shortRegionNames(regions: readonly RegionColumn[]): string[] {
  const short = regions.map(({ code, name }) => {
    if (!name) return escapeControls(code);
    const stem = name.replace(ADMIN_SUFFIX, '');
    return escapeControls([...stem].length >= 2 ? stem : name);
  });
  const seen = new Map<string, number>();
  for (const name of short) seen.set(name, (seen.get(name) ?? 0) + 1);
  return short.map((name, k) => (seen.get(name)! > 1 ? escapeControls(regions[k]!.name || regions[k]!.code) : name));
}

/** The legend line: each mark and its word, the binding star. */
export function legendLine(marks: Partial<Record<string, string>>, words: (key: string) => string, extra: string[], lang: Lang): string {
  const parts = Object.entries(marks).map(([key, mark]) => `${mark} ${words(key)}`);
  return [...parts, ...extra].join(lang === 'zh' ? '　' : ' · ');
}

interface OverviewRow {
  key: string;
  verdict: Verdict;
  cells: Map<string, string>;
}

/** Region columns in one overview, at most: a screen's worth (a province, its cities and its counties fit). */
export const OVERVIEW_MAX_REGIONS = 120;

/**
 * The overview's columns: whole levels from the highest while they fit in `cap` (a province and
 * its cities; Zhejiang's 90 counties with them), else the first `cap` regions of the highest.
 * Regions are taken from the verdicts of the report's first indicator, which judges every region;
 * at most `cap` of each level are kept, so memory is bounded whatever the report's size.
 */
class RegionColumns {
  /** The regions kept, in the order read (the report's), with their level. */
  private readonly kept = new Map<string, RegionColumn & { level: Level }>();
  private readonly keptOfLevel = new Map<Level, number>();
  /** Regions per level in each year of the first indicator (the largest year counts). */
  private readonly totals = new Map<Level, number>();
  private readonly inYear = new Map<Level, number>();
  private indicator: string | null = null;
  private year: number | null = null;

  constructor(private readonly cap: number) {}

  /** Takes note of the verdict's region; whether its cells are to be kept. */
  add(verdict: Verdict): boolean {
    this.indicator ??= verdict.indicator;
    if (verdict.indicator !== this.indicator) return this.kept.has(verdict.region_code);
    if (verdict.year !== this.year) {
      this.year = verdict.year;
      this.inYear.clear();
    }
    const level = verdict.level;
    const count = (this.inYear.get(level) ?? 0) + 1;
    this.inYear.set(level, count);
    this.totals.set(level, Math.max(this.totals.get(level) ?? 0, count));
    if (this.kept.has(verdict.region_code)) return true;
    const keptOfLevel = this.keptOfLevel.get(level) ?? 0;
    if (keptOfLevel >= this.cap) return false;
    this.keptOfLevel.set(level, keptOfLevel + 1);
    this.kept.set(verdict.region_code, { code: verdict.region_code, name: verdict.region_name, level });
    return true;
  }

  /** The columns shown, in report order, and what they leave out. */
  pick(): { columns: RegionColumn[]; shown: Shown } {
    const present = LEVELS.filter((level) => (this.totals.get(level) ?? 0) > 0);
    const total = present.reduce((sum, level) => sum + this.totals.get(level)!, 0);
    const levels: Level[] = [];
    let shown = 0;
    for (const level of present) {
      if (shown + this.totals.get(level)! > this.cap) break;
      levels.push(level);
      shown += this.totals.get(level)!;
    }
    const partial = levels.length === 0 && present.length > 0;
    if (partial) levels.push(present[0]!);
    const columns = [...this.kept.values()].filter((region) => levels.includes(region.level));
    return { columns, shown: { shown: columns.length, total, levels, partial } };
  }
}

const incomplete = (verdict: Verdict): boolean => verdict.status === 'no_data' && (verdict.reason as { code?: string } | null | undefined)?.code === 'incomplete';

export function checkOverview(report: CheckStream, options: FormatOptions): string {
  const painter = painterOf(options);
  const lang = options.lang;
  const regions = new RegionColumns(OVERVIEW_MAX_REGIONS);
  const counts = new Map<string, Record<Status, number>>();
  const rows = new Map<string, OverviewRow>();
  const years = new Set<number>();
  let anyIncomplete = false;
  for (const verdict of report.results) {
    years.add(verdict.year);
    anyIncomplete ||= incomplete(verdict);
    const key = `${verdict.indicator}\u0000${verdict.year}`;
    let row = rows.get(key);
    if (!row) rows.set(key, (row = { key, verdict, cells: new Map() }));
    if (!regions.add(verdict)) continue;
    let tally = counts.get(verdict.region_code);
    if (!tally) counts.set(verdict.region_code, (tally = { met: 0, not_met: 0, on_track: 0, off_track: 0, no_data: 0, not_applicable: 0 }));
    tally[verdict.status]++;
    row.cells.set(verdict.region_code, cellText(verdict, options, painter));
  }
  const footer = `${fitLine(summaryLine(report, lang), options.width)}\n`;
  if (rows.size === 0) return footer;
  const { columns, shown } = regions.pick();
  const infos = new Map(report.indicators.map((info) => [info.id, info]));
  const order = new Map(report.indicators.map((info, k) => [info.id, k]));
  const sorted = [...rows.values()].sort((a, b) => {
    const binding = Number(b.verdict.attribute === 'binding') - Number(a.verdict.attribute === 'binding');
    return binding || (order.get(a.verdict.indicator) ?? 0) - (order.get(b.verdict.indicator) ?? 0) || a.verdict.year - b.verdict.year;
  });
  const severalYears = years.size > 1;
  const body = sorted.map(({ verdict, cells }) => {
    const info = infos.get(verdict.indicator);
    const star = verdict.attribute === 'binding' ? '★' : '';
    const no = `${star}${verdict.no}${severalYears ? ` ${verdict.year}` : ''}`;
    const name = escapeControls(info ? indicatorName(info, lang) : verdict.indicator);
    const plan = options.plan?.indicators.find((i) => i.id === verdict.indicator);
    const target = plan ? planTargetText(plan.target) : verdictTargetText(verdict, options);
    return [no, name, target, ...columns.map((region) => cells.get(region.code) ?? '')];
  });
  const statusesShown = FOOTER_ORDER.filter((status) => columns.some((region) => counts.get(region.code)![status] > 0));
  const tally = statusesShown.map((status) => [
    paintStatus(painter, status, STATUS_MARKS[status]),
    statusLabel(status, lang),
    '',
    ...columns.map((region) => String(counts.get(region.code)![status])),
  ]);
  const head = [['', painter.bold(heading('indicator', lang)), painter.bold(heading('target', lang)), ...shortRegionNames(columns).map((name) => painter.bold(name))]];
  const grid = renderGrid({
    head,
    rows: [...body, null, ...tally],
    right: [true, false, false, ...columns.map(() => true)],
    width: options.width,
    repeat: 3,
    shrink: 1,
  });
  const marks = Object.fromEntries(LEGEND_ORDER.map((status) => [status, paintStatus(painter, status, STATUS_MARKS[status])]));
  const extra = [lang === 'zh' ? '空白 不适用' : 'blank not applicable', lang === 'zh' ? '★ 约束性' : '★ binding'];
  const legend = legendLine(marks, (status) => statusLabel(status as Status, lang), extra, lang);
  const lines = [
    grid,
    fitLine(legend, options.width),
    ...(shown.shown < shown.total ? [fitLine(overviewColumnsNote(shown, lang), options.width)] : []),
    ...(anyIncomplete ? [fitLine(completenessPointer(lang), options.width)] : []),
  ];
  return `${lines.join('\n')}\n${footer}`;
}

function cellText(verdict: Verdict, options: FormatOptions, painter: Painter): string {
  if (verdict.status === 'not_applicable') return '';
  const mark = paintStatus(painter, verdict.status, STATUS_MARKS[verdict.status]);
  if (verdict.status === 'no_data') return mark;
  // No thousands separator here: twelve regions fit 120 columns, and every digit stays.
  const value = verdictValueText(verdict, options).replace(/,/g, '');
  return value === DASH ? mark : `${value}${mark}`;
}
