// The words of `project`, `explain` and `--allocate`: progress classes, method notes, headings.
// (Diagnostics and check's words stay in ../messages.ts and ../labels.ts.)

import type { LeftOutReason } from '../../core/explain.js';
import type { NoTrajectory } from '../../core/project.js';
import type { LinearReason, ProgressClass } from '../../core/trajectory.js';
import type { Lang, Plan } from '../../core/types.js';
import type { ScenarioNote } from '../../core/whatif.js';
import { inputLabel } from '../labels.js';
import { describeReason } from '../messages.js';

type Words<K extends string> = Record<Lang, Record<K, string>>;

const PROGRESS_WORDS: Words<ProgressClass> = {
  zh: { target_achieved: '已达标', on_track: '按期可达', acceleration_needed: '有进展，需加速', limited_progress: '进展有限', deterioration: '退步' },
  en: {
    target_achieved: 'target achieved',
    on_track: 'on track',
    acceleration_needed: 'progress, acceleration needed',
    limited_progress: 'limited progress',
    deterioration: 'deterioration',
  },
};

const LINEAR_WORDS: Words<LinearReason> = {
  zh: {
    baseline_not_positive: '基期值为零或负数，增长率无意义，改用直线法',
    value_not_positive: '有零或负值，增长率无意义，改用直线法',
    target_not_positive: '目标为零或负数，增长率无意义，改用直线法',
    target_equals_baseline: '目标等于基期值，无需增长，改用直线法',
    single_observation: '本地区只有一个自报观测值，改用直线法（与规划基期值比较）',
  },
  en: {
    baseline_not_positive: 'the baseline is zero or negative, so growth rates mean nothing: straight-line method',
    value_not_positive: 'a value is zero or negative, so growth rates mean nothing: straight-line method',
    target_not_positive: 'the target is zero or negative, so growth rates mean nothing: straight-line method',
    target_equals_baseline: 'the target equals the baseline, so no growth is required: straight-line method',
    single_observation: "only one observation of the region's own: straight-line method from the plan's baseline",
  },
};

const HEADINGS = {
  zh: {
    region: '地区',
    value: '数值',
    status: '状态',
    position: '基期→目标',
    growth: '年均增速 实际/需要',
    pace: '年均变化 实际/需要',
    progress: '进展判断',
    projected: '目标年预计',
    reached: '达标年份',
    needed: '所需投入',
    not_at_pace: '按此速度不达',
    at_trend: '其他字段按趋势',
    per_year: '/年',
    baseline_case: '现状',
    scenarios: '情景',
    formula: '公式',
    substituted: '代入',
    result: '结果',
    inputs: '填报字段',
    field: '字段',
    label: '名称',
    aggregation: '汇总方式',
    contributors: '参与汇总',
    left_out: '未参与汇总',
    total: '合计',
    weight: '权重',
    verdict: '判断',
    target: '目标',
    expected: '按进度应达',
    baseline: '基期值',
    gap: '差距',
    from_own_row: '取自本地区自报数',
    allocation: '目标分解',
    share: '比例',
    exact: '精确值',
    quota: '分解任务',
    no_trajectory: '无轨迹',
    method: '方法',
    own: '本地区',
    plan: '规划',
  },
  en: {
    region: 'Region',
    value: 'Value',
    status: 'Status',
    position: 'Baseline → target',
    growth: 'Growth actual / required',
    pace: 'Change/yr actual / required',
    progress: 'Progress',
    projected: 'At target year',
    reached: 'Reached',
    needed: 'Needed',
    not_at_pace: 'not at this pace',
    at_trend: 'others at trend',
    per_year: '/yr',
    baseline_case: 'as is',
    scenarios: 'Scenario',
    formula: 'Formula',
    substituted: 'With the numbers',
    result: 'Result',
    inputs: 'Inputs',
    field: 'Field',
    label: 'Label',
    aggregation: 'Aggregation',
    contributors: 'Contributing',
    left_out: 'Left out',
    total: 'Total',
    weight: 'weight',
    verdict: 'Verdict',
    target: 'target',
    expected: 'expected',
    baseline: 'baseline',
    gap: 'gap',
    from_own_row: "from the region's own row",
    allocation: 'Target allocation',
    share: 'Share',
    exact: 'Exact',
    quota: 'Quota',
    no_trajectory: 'no trajectory',
    method: 'method',
    own: 'own',
    plan: 'plan',
  },
} as const satisfies Record<Lang, Record<string, string>>;

export type ProjectHeading = keyof (typeof HEADINGS)['en'];

export function words(key: ProjectHeading, lang: Lang): string {
  return HEADINGS[lang][key];
}

export function progressLabel(progress: ProgressClass, lang: Lang): string {
  return PROGRESS_WORDS[lang][progress];
}

export function linearReasonText(reason: LinearReason, lang: Lang): string {
  return LINEAR_WORDS[lang][reason];
}

export function noTrajectoryText(reason: NoTrajectory, lang: Lang, plan?: Plan): string {
  if (reason.code === 'no_later_year') return lang === 'zh' ? '基期之后没有数据' : 'no data after the baseline year';
  return describeReason(reason, lang, plan);
}

export function leftOutText(why: LeftOutReason, lang: Lang, plan?: Plan): string {
  if (why.code === 'no_row') return lang === 'zh' ? '未报送数据' : 'no row submitted';
  if (why.code === 'own_row_used') return lang === 'zh' ? '本地区有自报数，下级不参与汇总' : "the region reports its own row, so its children are not added up";
  return describeReason(why, lang, plan);
}

export function scenarioNoteText(note: ScenarioNote, lang: Lang, plan?: Plan): string {
  const field = inputLabel(note.field, lang, plan);
  switch (note.code) {
    case 'no_rows_in_scope':
      return lang === 'zh'
        ? `${note.region} ${note.year} 年没有填报${field}的行：未改动`
        : `no row of ${note.region} in ${note.year} reports ${field}: nothing changed`;
    case 'zero_total':
      return lang === 'zh'
        ? `${note.region} ${note.year} 年${field}为零，无法按比例分摊：未改动`
        : `${field} of ${note.region} in ${note.year} is zero, so there is nothing to spread the change over: nothing changed`;
    case 'negative_result':
      return lang === 'zh' ? `该改动会使 ${note.region} ${note.year} 年${field}为负数：未改动` : `the change would make ${field} of ${note.region} in ${note.year} negative: nothing changed`;
  }
}

export function allocationLeftOutText(reason: 'not_reported' | 'no_row', by: string, lang: Lang, plan?: Plan): string {
  return reason === 'no_row' ? leftOutText({ code: 'no_row' }, lang, plan) : describeReason({ code: 'missing_input', field: by }, lang, plan);
}
