// The optimised region engine against the engine it replaced (test/scale/reference-engine.ts):
// on random rows at every level, with blanks, zeros and decimals, every region's sets, values,
// reasons and coverage must be exactly equal (same sums in the same order, not merely close).

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { aggregateRows, RegionEngine, type EngineOptions, type EngineResult } from '../../src/core/aggregate.js';
import { LEVELS, type Level, type Plan, type SubmissionRow } from '../../src/core/types.js';
import { loadPlan } from '../../src/io/read-plan.js';
import { expectEqual } from '../helpers/equal.js';
import { smallPlan } from '../helpers/plan.js';
import { RegionEngine as ReferenceEngine, type EngineResult as ReferenceResult } from './reference-engine.js';

const CODES = [
  '330000', '330100', '330200', '330102', '330105', '330201',
  '330102001', '330102002', '330201001',
  '330102001001', '330102001002', '330102001003', '330102002001', '330201001001', '330201001002',
];

const cellValue = fc.oneof(
  { weight: 3, arbitrary: fc.constant(Number.NaN) },
  { weight: 2, arbitrary: fc.constant(0) },
  { weight: 6, arbitrary: fc.integer({ min: 0, max: 5000 }) },
  { weight: 2, arbitrary: fc.integer({ min: 1, max: 99999 }).map((n) => n / 10) },
);

function rowsOf(plan: Plan) {
  return fc.array(
    fc.record({
      code: fc.constantFrom(...CODES),
      year: fc.constantFrom(2023, 2024),
      // Most rows report everything, so regions stay uniform for a while before they split.
      complete: fc.boolean(),
      values: fc.array(cellValue, { minLength: plan.inputs.length, maxLength: plan.inputs.length }),
      filler: fc.integer({ min: 0, max: 1000 }),
    }),
    { maxLength: 40 },
  ).map((records) =>
    records.map(({ code, year, complete, values, filler }, line): SubmissionRow => {
      const array = Float64Array.from(values, (v) => (complete && Number.isNaN(v) ? filler : v));
      return { code, year, values: array, source: { file: 'random.csv', line: line + 2 } };
    }),
  );
}

function snapshot(result: Pick<EngineResult, 'years' | 'regions'>) {
  return {
    years: result.years,
    regions: result.regions.map((r) => ({
      code: r.code,
      name: r.name,
      level: r.level,
      year: r.year,
      // Typed arrays as they are: compared element by element either way, without copying each.
      own: r.own,
      values: r.values,
      sets: r.sets,
    })),
  };
}

function reference(plan: Plan, rows: SubmissionRow[], options?: EngineOptions): ReferenceResult {
  const engine = new ReferenceEngine(plan, options);
  for (const row of rows) engine.add(row);
  return engine.finish();
}

describe.each([
  ['the small test plan', smallPlan(), 150],
  ['the bundled plan', await loadPlan(), 15],
])('optimised engine equals the reference engine on %s', (_name, plan, numRuns) => {
  it.each([[{}], [{ keepContributors: true }]])('with options %j', (options: EngineOptions) => {
    fc.assert(
      fc.property(rowsOf(plan), (rows) => {
        expectEqual(snapshot(aggregateRows(plan, rows, options)), snapshot(reference(plan, rows, options)));
      }),
      { numRuns },
    );
  });

  it('reads the same region and indicator through get() and setOf(), sets first or values first', () => {
    fc.assert(
      fc.property(rowsOf(plan), (rows) => {
        const fast = aggregateRows(plan, rows);
        const slow = reference(plan, rows);
        const setsAndValues = (region: { sets: { values: Float64Array | null }[]; values: unknown[] }) => ({
          sets: region.sets.map((set) => set.values),
          values: region.values,
        });
        // Every region through get(), compared at once.
        expectEqual(
          slow.regions.map((region) => setsAndValues(fast.get(region.code, region.year)!)),
          slow.regions.map(setsAndValues),
        );
        plan.indicators.forEach((_, i) => {
          const { index, fields, position } = slow.setOf(i);
          expect(fast.setOf(i)).toEqual({ index, fields, position });
        });
      }),
      { numRuns: 30 },
    );
  });
});

function finishAt(plan: Plan, rows: SubmissionRow[], levels: ReadonlySet<Level>): EngineResult {
  const engine = new RegionEngine(plan);
  for (const row of rows) engine.add(row);
  return engine.finish(levels);
}

const someLevels = fc.subarray([...LEVELS], { minLength: 1 }).map((levels) => new Set<Level>(levels));

describe.each([
  ['the small test plan', smallPlan(), 100],
  ['the bundled plan', await loadPlan(), 12],
])('results made only when asked for, on %s', (_name, plan, numRuns) => {
  it('gives for some regions exactly what it gives for all, filtered', () => {
    fc.assert(
      fc.property(rowsOf(plan), fc.constantFrom(...CODES), (rows, code) => {
        const lazy = aggregateRows(plan, rows);
        const keep = (region: { code: string; level: Level }) => region.level === 'county' || region.code === code;
        const some = lazy.regionsWhere(keep);
        expectEqual(snapshot({ years: lazy.years, regions: some }), snapshot({ years: lazy.years, regions: aggregateRows(plan, rows).regions.filter(keep) }));
        // The same result objects, asked for either way.
        expect(some.every((region) => lazy.get(region.code, region.year) === region && lazy.regions.includes(region))).toBe(true);
      }),
      { numRuns },
    );
  });

  it('finishing for some levels gives the all-levels results at those levels, and nothing else', () => {
    fc.assert(
      fc.property(rowsOf(plan), someLevels, (rows, levels) => {
        const all = aggregateRows(plan, rows);
        const some = finishAt(plan, rows, levels);
        expectEqual(snapshot(some), snapshot({ years: all.years, regions: all.regions.filter((region) => levels.has(region.level)) }));
        for (const region of all.regions) expect(some.get(region.code, region.year) !== undefined).toBe(levels.has(region.level));
      }),
      { numRuns },
    );
  });
});
