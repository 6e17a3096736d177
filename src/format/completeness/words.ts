// The words and figures every completeness view shares: states, headings, rates, names.

import { stateOf, type CompletenessRegion, type CompletenessReport, type CompletenessState } from '../../core/completeness.js';
import type { Lang, Plan } from '../../core/types.js';
import type { Painter } from '../paint.js';
import { indicatorName, inputLabel, levelLabel } from '../labels.js';
import { MISSING } from '../numbers.js';

export interface CompletenessFormatOptions {
  lang: Lang;
  color: boolean;
  plan: Plan;
  /** Columns the table view may use. */
  width: number;
  painter?: Painter;
}

const STATE_WORDS: Record<Lang, Record<CompletenessState, string>> = {
  zh: { absent: '未报送', partial: '缺项', complete: '完整' },
  en: { absent: 'not submitted', partial: 'partial', complete: 'complete' },
};

const WORDS = {
  zh: {
    title: '报送完整性',
    expected: '应报',
    parent: '上级',
    region: '地区',
    year: '年份',
    state: '状态',
    blank: '未填',
    blocksHere: '本级无法计算',
    blocksAbove: '上级受影响',
    rate: '完整率',
    submittedRate: '报送率',
    byParent: '按上级汇总',
    allComplete: '全部应报地区均已完整报送。',
    nothingArrived: '未报送任何数据',
    more: (n: number) => `等 ${n} 项`,
    year_suffix: (y: number) => `${y} 年`,
    indicatorsCount: (n: number) => `${n} 项`,
  },
  en: {
    title: 'Completeness',
    expected: 'Expected',
    parent: 'Parent',
    region: 'Region',
    year: 'Year',
    state: 'State',
    blank: 'blank',
    blocksHere: 'blocks here',
    blocksAbove: 'blocks above',
    rate: 'Complete %',
    submittedRate: 'submitted',
    byParent: 'By parent',
    allComplete: 'Every expected region has reported every input.',
    nothingArrived: 'nothing arrived',
    more: (n: number) => `and ${n} more`,
    year_suffix: (y: number) => `${y}`,
    indicatorsCount: (n: number) => `${n} indicator${n === 1 ? '' : 's'}`,
  },
} as const;

export function words(lang: Lang) {
  return WORDS[lang];
}

export function stateLabel(state: CompletenessState, lang: Lang): string {
  return STATE_WORDS[lang][state];
}

export function stateText(region: CompletenessRegion, lang: Lang): string {
  return stateLabel(stateOf(region), lang);
}

/** "96.7%", or a dash when nothing is expected. */
export function percent(part: number, whole: number): string {
  return whole === 0 ? MISSING : `${((100 * part) / whole).toFixed(1)}%`;
}

/** Parent code -> name, from the report's own by_parent summary. */
export function parentNames(report: CompletenessReport): Map<string, string> {
  return new Map(report.by_parent.flatMap((p) => (p.region_code === null ? [] : [[p.region_code, p.region_name] as const])));
}

/** The input's Chinese label and id in zh ("托育机构托位数 childcare_slots"), the id in en. */
export function fieldText(id: string, options: Pick<CompletenessFormatOptions, 'lang' | 'plan'>): string {
  const label = inputLabel(id, options.lang, options.plan);
  return label === id ? id : `${label} ${id}`;
}

/** The indicator's name by --lang, with its id. */
export function indicatorText(id: string, options: Pick<CompletenessFormatOptions, 'lang' | 'plan'>): string {
  const indicator = options.plan.indicators.find((i) => i.id === id);
  return indicator ? `${indicatorName(indicator, options.lang)} (${id})` : id;
}

/** ["报送完整性：县(市、区)，2024 年", "应报 90：完整 87，缺项 1，未报送 2（完整率 96.7%，报送率 97.8%）"] */
export function summaryParts(report: CompletenessReport, lang: Lang): [title: string, counts: string] {
  const w = WORDS[lang];
  const { expected, complete, partial, absent } = report.summary;
  const years = report.years.map((y) => w.year_suffix(y)).join(lang === 'zh' ? '、' : ', ');
  const level = levelLabel(report.level, lang);
  if (lang === 'zh') {
    return [
      `${w.title}：${level}，${years}`,
      `应报 ${expected}：完整 ${complete}，缺项 ${partial}，未报送 ${absent}（${w.rate} ${percent(complete, expected)}，${w.submittedRate} ${percent(complete + partial, expected)}）`,
    ];
  }
  return [
    `${w.title}: ${level}, ${years}`,
    `expected ${expected}: ${complete} complete, ${partial} partial, ${absent} not submitted (${percent(complete, expected)} complete, ${percent(complete + partial, expected)} submitted)`,
  ];
}
