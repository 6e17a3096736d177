// `compute`: indicator values only, one row per region and year.

import type { EngineResult } from './aggregate.js';
import { selectIndicators, selectRegions, type Selection } from './judge.js';
import type { ComputeReport, ComputeRow, Plan } from './types.js';
import { indicatorInfos, planSummary } from './report-header.js';

/**
 * An object with these keys, each null, made by JSON.parse so that it has one fixed shape: rows
 * copied from it get their 50-odd keys at once, where adding them one by one on a county table
 * (150,000 values, as many coverages) cost ~100 ms.
 */
function withKeys(keys: string[]): Record<string, null> {
  return JSON.parse(JSON.stringify(Object.fromEntries(keys.map((key) => [key, null])))) as Record<string, null>;
}

/**
 * The values of every selected region, a row each, made as the rows are read and not kept (a
 * report of every level has 40,000 regions of 50-odd values each): each reading makes them again.
 */
export function computeReport(plan: Plan, engine: EngineResult, selection: Selection = {}): ComputeReport {
  const indexes = selectIndicators(plan, selection.indicators);
  const allIndicators = withKeys(indexes.map((i) => plan.indicators[i]!.id));
  const regions = selectRegions(engine, selection);
  function* rows(): Generator<ComputeRow> {
    for (const region of regions) {
      const values: ComputeRow['values'] = { ...allIndicators };
      const coverage: ComputeRow['coverage'] = { ...allIndicators };
      const row: ComputeRow = { region_code: region.code, region_name: region.name, level: region.level, year: region.year, values, reasons: {}, coverage };
      const computedValues = engine.valuesOf(region);
      for (const i of indexes) {
        const computed = computedValues[i]!;
        values[computed.indicator] = computed.value;
        coverage[computed.indicator] = computed.coverage;
        if (computed.reason) row.reasons[computed.indicator] = computed.reason;
      }
      yield row;
    }
  }
  return {
    plan: planSummary(plan),
    indicators: indicatorInfos(plan, indexes),
    years: [...new Set(regions.map((region) => region.year))].sort((a, b) => a - b),
    rows: { [Symbol.iterator]: rows },
  };
}
