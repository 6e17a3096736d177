// A county's figures in an earlier year (its baseline), on the same territory: across a change of
// division codes a 1:1 rename links to the old code's figures, and a split, merge or redrawn
// boundary is a break, with no baseline, rather than comparing different territories
// (divisions.ts: seriesLink). A year whose county rows already use codes created after it holds
// figures restated on today's boundaries: then the code's own row is the same territory.

import type { EngineResult, RegionKey, RegionResult } from './aggregate.js';
import { divisionFor, divisionIndexOf, seriesLink } from './divisions.js';
import { parentCode } from './regions.js';
import type { Plan } from './types.js';

/** The region's figures in the earlier year (none when the data has none), or the year its series breaks. */
export type Earlier = { region: RegionResult | undefined; brokenIn: null } | { region: undefined; brokenIn: number };

/** The region in `year` (before its own year) that covers the same territory. */
export function sameTerritoryIn(plan: Plan, engine: EngineResult, region: RegionKey, year: number): Earlier {
  const own = (): Earlier => ({ region: engine.get(region.code, year), brokenIn: null });
  // Only county codes change here; a code the lists do not know is taken as unchanged.
  if (region.level !== 'county' || year >= region.year || !divisionFor(plan, region.code, region.year)) return own();
  if (restatedIn(plan, engine, region.code, year)) return own();
  const link = seriesLink(plan, region.code, year, region.year);
  if (link.kind === 'same') return own();
  if (link.kind === 'renamed') return { region: engine.get(link.code, year), brokenIn: null };
  return { region: undefined, brokenIn: link.year };
}

/** The region's baseline-year figures (see sameTerritoryIn). */
export function baselineOf(plan: Plan, engine: EngineResult, region: RegionKey): Earlier {
  return sameTerritoryIn(plan, engine, region, plan.meta.baseline_year);
}

/** Whether the data of `year` under the county's parent uses a code created after that year (figures restated on today's boundaries). */
function restatedIn(plan: Plan, engine: EngineResult, code: string, year: number): boolean {
  const parent = parentCode(code);
  const siblings = parent === null ? [] : (divisionIndexOf(plan).children.get(parent) ?? []);
  return siblings.some((d) => d.valid_from !== undefined && d.valid_from > year && engine.get(d.code, year)?.submitted === true);
}
