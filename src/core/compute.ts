// `compute`: indicator values only, one row per region and year.

import type { EngineResult } from './aggregate.js';
import { selectIndicators, selectRegions, type Selection } from './judge.js';
import type { ComputeReport, ComputeRow, Plan } from './types.js';
import { indicatorInfos, planSummary } from './report-header.js';

export function computeReport(plan: Plan, engine: EngineResult, selection: Selection = {}): ComputeReport {
  const indexes = selectIndicators(plan, selection.indicators);
  const rows = selectRegions(engine, selection).map((region): ComputeRow => {
    const row: ComputeRow = { region_code: region.code, region_name: region.name, level: region.level, year: region.year, values: {}, reasons: {}, coverage: {} };
    for (const i of indexes) {
      const computed = region.values[i]!;
      row.values[computed.indicator] = computed.value;
      row.coverage[computed.indicator] = computed.coverage;
      if (computed.reason) row.reasons[computed.indicator] = computed.reason;
    }
    return row;
  });
  return {
    plan: planSummary(plan),
    indicators: indicatorInfos(plan, indexes),
    rows,
  };
}
