// The plan and indicator facts every report carries, so formatters need not look them up.

import type { IndicatorInfo, Plan, PlanSummary } from './types.js';

export function planSummary(plan: Plan): PlanSummary {
  const { id, title, baseline_year, target_year } = plan.meta;
  return { id, title, baseline_year, target_year };
}

export function indicatorInfos(plan: Plan, indexes: readonly number[]): IndicatorInfo[] {
  return indexes.map((i) => {
    const { id, no, name, name_en, unit, attribute } = plan.indicators[i]!;
    return { id, no, name, name_en, unit, attribute };
  });
}
