// Short words: statuses, levels, attributes, units, column headings. Sentences live in messages.ts.

import { inputById } from '../core/plan-lookup.js';
import type { Aggregation, Attribute, Comparator, InputField, Lang, Level, Plan, Status } from '../core/types.js';

type Words<K extends string> = Record<Lang, Record<K, string>>;

const STATUS_WORDS: Words<Status> = {
  zh: { met: '达标', not_met: '未达标', on_track: '进度正常', off_track: '进度滞后', no_data: '无数据', not_applicable: '不适用' },
  en: { met: 'met', not_met: 'not met', on_track: 'on track', off_track: 'off track', no_data: 'no data', not_applicable: 'not applicable' },
};

const LEVEL_WORDS: Words<Level> = {
  zh: { province: '省', city: '市', county: '县(市、区)', township: '乡镇(街道)', village: '村(社区)' },
  en: { province: 'province', city: 'city', county: 'county', township: 'township', village: 'village' },
};

const LEVEL_PLURALS: Record<Level, string> = {
  province: 'provinces',
  city: 'cities',
  county: 'counties',
  township: 'townships',
  village: 'villages',
};

/** "县级" / "county level": where an indicator is judged. */
const LEVEL_ADJECTIVES: Words<Level> = {
  zh: { province: '省级', city: '市级', county: '县级', township: '乡镇级', village: '村(社区)级' },
  en: { province: 'province level', city: 'city level', county: 'county level', township: 'township level', village: 'village level' },
};

const ATTRIBUTE_WORDS: Words<Attribute> = {
  zh: { binding: '约束性', expected: '预期性' },
  en: { binding: 'binding', expected: 'expected' },
};

const AGGREGATION_WORDS: Words<Aggregation> = {
  zh: { sum: '求和', weighted_mean: '加权平均', min: '最小值', max: '最大值' },
  en: { sum: 'sum', weighted_mean: 'weighted mean', min: 'minimum', max: 'maximum' },
};

/** English for the plan's Chinese units; anything else is shown as written. */
const UNITS_EN: Record<string, string> = {
  人: 'persons',
  户: 'households',
  个: 'count',
  元: 'yuan',
  平方米: 'm²',
  张: 'places',
};

const COMPARATOR_SYMBOLS: Record<Comparator, string> = { '>=': '≥', '<=': '≤', '=': '=', '≈': '≈', '>': '>', '<': '<' };

export function statusLabel(status: Status, lang: Lang): string {
  return STATUS_WORDS[lang][status];
}

export function levelLabel(level: Level, lang: Lang): string {
  return LEVEL_WORDS[lang][level];
}

/** "9/11 市" in Chinese, "9 of 11 cities" in English. */
export function countOfLevel(used: number, expected: number, level: Level | undefined, lang: Lang): string {
  if (lang === 'zh') return `${used}/${expected}${level ? ` ${LEVEL_WORDS.zh[level]}` : ''}`;
  const noun = level ? (expected === 1 ? level : LEVEL_PLURALS[level]) : expected === 1 ? 'region' : 'regions';
  return `${used} of ${expected} ${noun}`;
}

export function levelAdjective(level: Level, lang: Lang): string {
  return LEVEL_ADJECTIVES[lang][level];
}

export function attributeLabel(attribute: Attribute, lang: Lang): string {
  const word = ATTRIBUTE_WORDS[lang][attribute];
  return attribute === 'binding' ? `★ ${word}` : word;
}

export function aggregationLabel(input: Pick<InputField, 'aggregate' | 'weight'>, lang: Lang): string {
  const word = AGGREGATION_WORDS[lang][input.aggregate];
  if (!input.weight) return word;
  return lang === 'zh' ? `${word}（权重 ${input.weight.source}）` : `${word} by ${input.weight.source}`;
}

export function unitLabel(unit: string, lang: Lang): string {
  return lang === 'en' ? (UNITS_EN[unit] ?? unit) : unit;
}

export function comparatorSymbol(comparator: Comparator): string {
  return COMPARATOR_SYMBOLS[comparator];
}

export function indicatorName(info: { name: string; name_en: string }, lang: Lang): string {
  return lang === 'en' && info.name_en ? info.name_en : info.name;
}

/** An input by its Chinese label in zh (when the plan is known), by its id in en. */
export function inputLabel(id: string, lang: Lang, plan?: Plan): string {
  if (lang === 'en') return id;
  return (plan && inputById(plan, id)?.label) ?? id;
}

const HEADINGS = {
  zh: {
    region: '地区',
    year: '年份',
    value: '数值',
    target: '目标',
    status: '状态',
    gap: '差距',
    note: '说明',
    no: '序号',
    indicator: '指标',
    unit: '单位',
    baseline: '基期值',
    targetYear: '目标年份',
    attribute: '属性',
    field: '字段',
    label: '名称',
    aggregate: '汇总方式',
    indicators: '指标',
    inputs: '填报字段',
    quota: '分解',
    target_word: '目标',
    expected_on_line: '按进度应达',
    gap_word: '差',
    noData: '无数据',
  },
  en: {
    region: 'Region',
    year: 'Year',
    value: 'Value',
    target: 'Target',
    status: 'Status',
    gap: 'Gap',
    note: 'Note',
    no: 'No.',
    indicator: 'Indicator',
    unit: 'Unit',
    baseline: 'Baseline',
    targetYear: 'Year',
    attribute: 'Attribute',
    field: 'Field',
    label: 'Label',
    aggregate: 'Aggregation',
    indicators: 'Indicators',
    inputs: 'Input fields',
    quota: 'quota',
    target_word: 'target',
    expected_on_line: 'expected',
    gap_word: 'short by',
    noData: 'no data',
  },
} as const satisfies Record<Lang, Record<string, string>>;

export type HeadingKey = keyof (typeof HEADINGS)['en'];

export function heading(key: HeadingKey, lang: Lang): string {
  return HEADINGS[lang][key];
}
