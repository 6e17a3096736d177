// One horizontal bar chart per indicator, as inline SVG: a bar per region (and year), coloured by
// status, with the region's target and, before the target year, its straight-line expectation
// drawn as ticks across the bar's row (equal targets line up into one vertical line).

import type { Lang, Plan, Verdict } from '../../core/types.js';
import { statusLabel } from '../labels.js';
import { finiteOrNull, formatPlain } from '../numbers.js';
import { regionText, valueText, verdictValueText, type IndicatorGroup } from '../view.js';
import { element, escapeHtml, textElement } from './markup.js';
import { STATUS_COLORS } from './style.js';
import { word } from './words.js';

const WIDTH = 760;
const LABEL_WIDTH = 150;
const VALUE_WIDTH = 70;
const ROW_HEIGHT = 22;
const BAR_HEIGHT = 14;
const TOP = 6;
const AXIS_HEIGHT = 22;
const PLOT_LEFT = LABEL_WIDTH;
const PLOT_WIDTH = WIDTH - LABEL_WIDTH - VALUE_WIDTH;
const LONGEST_LABEL = 18;

export interface ChartOptions {
  lang: Lang;
  plan?: Plan;
  withYear: boolean;
}

interface Scale {
  low: number;
  high: number;
  step: number;
  x(value: number): number;
}

/** 1, 2 or 5 times a power of ten: about `count` steps over `span`. */
function niceStep(span: number, count: number): number {
  const rough = span / count;
  const power = 10 ** Math.floor(Math.log10(rough));
  const factor = [1, 2, 5, 10].find((f) => f * power >= rough) ?? 10;
  return factor * power;
}

/** Numbers the chart must show: values, targets, bands and expectations; always including 0. */
function extent(verdicts: readonly Verdict[], tolerance: number | undefined): [number, number] {
  let low = 0;
  let high = 0;
  const include = (value: number | null | undefined) => {
    const finite = finiteOrNull(value);
    if (finite === null) return;
    low = Math.min(low, finite);
    high = Math.max(high, finite);
  };
  for (const verdict of verdicts) {
    include(verdict.value);
    include(verdict.target);
    include(verdict.expected);
    if (verdict.comparator === '≈' && tolerance !== undefined) include(verdict.target + tolerance);
  }
  return [low, high];
}

const MAX_TICKS = 12;

/** Positions are clamped to the plot, so no number, however large, draws outside it (or as NaN). */
function linearScale(low: number, high: number, step: number): Scale {
  const x = (value: number) => {
    const ratio = (value - low) / (high - low);
    return PLOT_LEFT + (Number.isFinite(ratio) ? Math.min(Math.max(ratio, 0), 1) : 0) * PLOT_WIDTH;
  };
  return { low, high, step, x };
}

export function chartScale(verdicts: readonly Verdict[], tolerance?: number): Scale {
  const [min, max] = extent(verdicts, tolerance);
  const span = max - min > 0 ? max - min : Math.max(Math.abs(max), 1);
  const step = niceStep(span, 5);
  const low = Math.floor(min / step) * step;
  const high = Math.max(Math.ceil(max / step) * step, low + step);
  const ticks = (high - low) / step;
  if (Number.isFinite(ticks) && ticks <= MAX_TICKS && high - low > 0) return linearScale(low, high, step);
  // Numbers at the edge of floating point (1e-320, 1e308): no nice ticks, just the two ends.
  const safeLow = Math.max(min, -Number.MAX_VALUE / 2);
  const safeHigh = Math.min(max, Number.MAX_VALUE / 2);
  return safeHigh - safeLow > 0 ? linearScale(safeLow, safeHigh, safeHigh - safeLow) : linearScale(0, 1, 1);
}

function round(value: number): number {
  return Math.round(value * 10) / 10;
}

function shorten(text: string): string {
  return text.length > LONGEST_LABEL ? `${text.slice(0, LONGEST_LABEL - 1)}…` : text;
}

function axis(scale: Scale, height: number): string {
  const parts: string[] = [];
  const count = Math.min(Math.round((scale.high - scale.low) / scale.step), MAX_TICKS);
  for (let i = 0; i <= count; i++) {
    const value = scale.low + i * scale.step;
    const x = round(scale.x(value));
    parts.push(`<line class="grid" x1="${x}" x2="${x}" y1="${TOP}" y2="${height - AXIS_HEIGHT}"/>`);
    parts.push(`<text x="${x}" y="${height - 6}" text-anchor="middle">${escapeHtml(formatPlain(value))}</text>`);
  }
  return element('g', { class: 'axis' }, ...parts);
}

function rowTitle(verdict: Verdict, label: string, options: ChartOptions): string {
  const target = finiteOrNull(verdict.target);
  const targetText = target === null ? '' : ` · ${word('legendTarget', options.lang)} ${formatPlain(target)}`;
  return `${label}: ${verdictValueText(verdict, options)}${targetText} · ${statusLabel(verdict.status, options.lang)}`;
}

function tick(className: string, x: number, top: number): string {
  return `<line class="${className}" x1="${round(x)}" x2="${round(x)}" y1="${top + 1}" y2="${top + ROW_HEIGHT - 1}"/>`;
}

function chartRow(verdict: Verdict, index: number, scale: Scale, tolerance: number | undefined, options: ChartOptions): string {
  const top = TOP + index * ROW_HEIGHT;
  const middle = top + ROW_HEIGHT / 2;
  const name = shorten(`${regionText(verdict, options.lang)}${options.withYear ? ` ${verdict.year}` : ''}`);
  const parts = [textElement('title', {}, rowTitle(verdict, name, options))];
  parts.push(textElement('text', { x: PLOT_LEFT - 6, y: middle + 4, 'text-anchor': 'end' }, name));

  const target = finiteOrNull(verdict.target);
  if (target !== null && verdict.comparator === '≈' && tolerance !== undefined) {
    const left = scale.x(target - tolerance);
    parts.push(`<rect class="band" x="${round(left)}" y="${top}" width="${round(scale.x(target + tolerance) - left)}" height="${ROW_HEIGHT}"/>`);
  }
  const zero = scale.x(Math.max(scale.low, 0));
  const value = finiteOrNull(verdict.value);
  let label: string | null = null;
  if (value === null) {
    label = textElement('text', { x: zero + 4, y: middle + 4, class: 'value', fill: STATUS_COLORS.no_data }, statusLabel(verdict.status, options.lang));
  } else {
    const end = scale.x(value);
    const color = STATUS_COLORS[verdict.status];
    parts.push(`<rect class="bar" data-status="${verdict.status}" x="${round(Math.min(zero, end))}" y="${round(middle - BAR_HEIGHT / 2)}" width="${round(Math.abs(end - zero))}" height="${BAR_HEIGHT}" fill="${color}"/>`);
    label = textElement('text', { x: round(Math.max(zero, end) + 4), y: middle + 4, class: 'value' }, valueText(value));
  }
  const expected = finiteOrNull(verdict.expected);
  if (expected !== null && verdict.year < verdict.target_year) parts.push(tick('expected', scale.x(expected), top));
  if (target !== null) parts.push(tick('target', scale.x(target), top));
  if (label !== null) parts.push(label);
  return element('g', { class: 'row' }, ...parts);
}

/** The SVG for one indicator; `captionId` names the figcaption that labels it. */
export function indicatorChart(group: IndicatorGroup, captionId: string, options: ChartOptions): string {
  const tolerance = options.plan?.indicators.find((indicator) => indicator.id === group.info.id)?.target.tolerance;
  const scale = chartScale(group.verdicts, tolerance);
  const height = TOP + group.verdicts.length * ROW_HEIGHT + AXIS_HEIGHT;
  const rows = group.verdicts.map((verdict, index) => chartRow(verdict, index, scale, tolerance, options));
  return element(
    'svg',
    {
      class: 'bars',
      xmlns: 'http://www.w3.org/2000/svg',
      viewBox: `0 0 ${WIDTH} ${height}`,
      role: 'img',
      'aria-labelledby': captionId,
      'data-indicator': group.info.id,
    },
    axis(scale, height),
    rows.join(''),
  );
}
