import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { aggregateRows } from '../../src/core/aggregate.js';
import { PlanmetricsError } from '../../src/core/diagnostics.js';
import type { SubmissionRow } from '../../src/core/types.js';
import { applyScenario, isWithin, parseChangeValue, parseSetOption, type Change, type ChangeOp } from '../../src/core/whatif.js';
import { parseScenarioText } from '../../src/io/read-scenario.js';
import { row, smallPlan } from '../helpers/plan.js';

const plan = smallPlan();
const index = (id: string) => plan.inputs.find((i) => i.id === id)!.index;
const indicator = (id: string) => plan.indicators.findIndex((i) => i.id === id);

describe('parseChangeValue', () => {
  it('reads VALUE, +N, -N, +P% and -P%', () => {
    expect(parseChangeValue('13000')).toEqual({ op: { kind: 'set', value: 13000 } });
    expect(parseChangeValue('+30')).toEqual({ op: { kind: 'add', amount: 30 } });
    expect(parseChangeValue('-2.5')).toEqual({ op: { kind: 'add', amount: -2.5 } });
    expect(parseChangeValue('+5%')).toEqual({ op: { kind: 'scale', percent: 5 } });
    expect(parseChangeValue(' -5% ')).toEqual({ op: { kind: 'scale', percent: -5 } });
  });

  it('refuses what it cannot read, saying what it expects', () => {
    expect(parseChangeValue('5%')).toEqual({ error: { usage: 'change_percent_sign', args: { value: '5%', digits: '5' } } });
    expect(parseChangeValue('-100%')).toEqual({ error: { usage: 'change_to_zero', args: { value: '-100%' } } });
    expect(parseChangeValue('lots')).toEqual({ error: { usage: 'change_syntax', args: { value: 'lots' } } });
    expect(parseChangeValue('1e5')).toHaveProperty('error');
  });
});

describe('parseSetOption', () => {
  it('takes an input id or its Chinese label', () => {
    expect(parseSetOption('community_workers=+10%', plan)).toEqual({ field: 'community_workers', op: { kind: 'scale', percent: 10 }, text: '+10%' });
    expect(parseSetOption('城镇常住人口=-300', plan)).toMatchObject({ field: 'urban_population', op: { kind: 'add', amount: -300 } });
  });

  it('names an unknown field and a missing "="', () => {
    expect(parseSetOption('workers=+1', plan)).toEqual({ error: { usage: 'not_an_input', args: { value: 'workers', option: '--set' } } });
    expect(parseSetOption('community_workers+1', plan)).toEqual({ error: { usage: 'set_syntax', args: { value: 'community_workers+1' } } });
  });
});

describe('scenario files', () => {
  it('reads named scenarios; a region may be written as a number', () => {
    const scenarios = parseScenarioText(
      'scenarios:\n  - name: a\n    changes:\n      - { field: community_workers, change: "+5%", region: 330100, year: 2024 }\n',
      'what-if.yaml',
      plan,
    );
    expect(scenarios).toEqual([{ name: 'a', changes: [{ field: 'community_workers', op: { kind: 'scale', percent: 5 }, text: '+5%', region: '330100', year: 2024 }] }]);
  });

  it('reports every problem on its line', () => {
    const text = [
      'scenarios:', //                                           1
      '  - name: a', //                                          2
      '    changes:', //                                         3
      '      - { field: workers, change: "+5%" }', //            4
      '      - { field: community_workers, change: +30 }', //    5
      '      - { field: community_workers, change: "5%" }', //   6
      '  - name: a', //                                          7
      '    changes: [{ field: community_workers, change: "+1", colour: red }]', // 8
    ].join('\n');
    let error: unknown;
    try {
      parseScenarioText(text, 'what-if.yaml', plan);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(PlanmetricsError);
    const diagnostics = (error as PlanmetricsError).diagnostics;
    expect(diagnostics.map((d) => [d.code, d.file, d.line, d.field])).toEqual([
      ['USAGE', 'what-if.yaml', 4, 'scenarios.0.changes.0.field'],
      ['USAGE', 'what-if.yaml', 5, 'scenarios.0.changes.1.change'],
      ['USAGE', 'what-if.yaml', 6, 'scenarios.0.changes.2.change'],
      ['USAGE', 'what-if.yaml', 8, 'scenarios.1.changes.0.colour'],
    ]);
  });

  it('refuses two scenarios with one name', () => {
    const text = 'scenarios:\n  - { name: a, changes: [{ field: community_workers, change: "+1" }] }\n  - { name: a, changes: [{ field: community_workers, change: "+2" }] }\n';
    expect(() => parseScenarioText(text, 'w.yaml', plan)).toThrow(PlanmetricsError);
  });
});

const hangzhouCounties = [
  row(plan, '330102', 2024, { resident_population: 1000, urban_population: 800, community_workers: 10, urban_income_per_capita: 80000, rural_income_per_capita: 40000 }),
  row(plan, '330105', 2024, { resident_population: 3000, urban_population: 1200, community_workers: 30, urban_income_per_capita: 60000, rural_income_per_capita: 30000 }),
];
const ningbo = row(plan, '330200', 2024, { resident_population: 5000, urban_population: 4000, community_workers: 50, urban_income_per_capita: 70000, rural_income_per_capita: 35000 });
const rows = [...hangzhouCounties, ningbo];

function changed(op: ChangeOp, field: string, region?: string): SubmissionRow[] {
  const change: Change = { field, op, text: '', region };
  return applyScenario(plan, rows, { name: 's', changes: [change] }, 2024).rows;
}

const inputOf = (result: ReturnType<typeof aggregateRows>, code: string, indicatorId: string, field: string) => {
  const i = indicator(indicatorId);
  const set = result.setOf(i);
  return result.get(code, 2024)!.sets[set.index]!.values![set.position.get(field)!]!;
};

describe('applyScenario', () => {
  it('+N on a city built from counties adds exactly N, spread in proportion to the counties', () => {
    const out = changed({ kind: 'add', amount: 8 }, 'community_workers', '330100');
    expect(out[0]!.values[index('community_workers')]).toBeCloseTo(12, 12); // 10 of 40: a quarter of 8
    expect(out[1]!.values[index('community_workers')]).toBeCloseTo(36, 12);
    expect(out[2]).toBe(ningbo); // outside the scope: the same row, untouched
    const result = aggregateRows(plan, out);
    expect(inputOf(result, '330100', 'community_workers_per_10k_urban', 'community_workers')).toBeCloseTo(48, 10);
    expect(inputOf(result, '330000', 'community_workers_per_10k_urban', 'community_workers')).toBeCloseTo(98, 10);
  });

  it('+N moves a weighted mean by exactly N', () => {
    const out = changed({ kind: 'add', amount: 1000 }, 'urban_income_per_capita', '330100');
    const before = inputOf(aggregateRows(plan, rows), '330100', 'urban_rural_income_ratio', 'urban_income_per_capita');
    const after = inputOf(aggregateRows(plan, out), '330100', 'urban_rural_income_ratio', 'urban_income_per_capita');
    expect(after - before).toBeCloseTo(1000, 8);
  });

  it('VALUE sets the region\'s aggregated value; no region means the whole province', () => {
    const out = changed({ kind: 'set', value: 180 }, 'community_workers');
    const result = aggregateRows(plan, out);
    expect(inputOf(result, '330000', 'community_workers_per_10k_urban', 'community_workers')).toBeCloseTo(180, 10);
    expect(out[2]!.values[index('community_workers')]).toBeCloseTo(100, 10); // Ningbo's 50 of 90, doubled
  });

  it('+P% changes every row in scope by P%, the region\'s own row and its children alike', () => {
    const withOwnRow = [...rows, row(plan, '330100', 2024, { community_workers: 40, urban_population: 2000 })];
    const out = applyScenario(plan, withOwnRow, { name: 's', changes: [{ field: 'community_workers', op: { kind: 'scale', percent: -10 }, text: '-10%', region: '330100' }] }, 2024).rows;
    expect([0, 1, 3].map((k) => out[k]!.values[index('community_workers')])).toEqual([9, 27, 36]);
    expect(out[2]!.values[index('community_workers')]).toBe(50);
  });

  it('leaves other years alone, and uses a change\'s own year when it has one', () => {
    const twoYears = [...rows, row(plan, '330102', 2023, { community_workers: 10 })];
    const scenario = { name: 's', changes: [{ field: 'community_workers', op: { kind: 'scale', percent: 50 } as ChangeOp, text: '+50%' }] };
    expect(applyScenario(plan, twoYears, scenario, 2024).rows[3]!.values[index('community_workers')]).toBe(10);
    const in2023 = { ...scenario, changes: [{ ...scenario.changes[0]!, year: 2023 }] };
    expect(applyScenario(plan, twoYears, in2023, 2024).rows[3]!.values[index('community_workers')]).toBe(15);
  });

  it('skips what it cannot do and says why', () => {
    const zero = [row(plan, '330102', 2024, { future_communities: 0 })];
    const notes = (op: ChangeOp, region: string | undefined, input = zero) =>
      applyScenario(plan, input, { name: 's', changes: [{ field: 'future_communities', op, text: '', region }] }, 2024).notes.map((n) => n.code);
    expect(notes({ kind: 'add', amount: 5 }, '330100')).toEqual(['zero_total']);
    expect(notes({ kind: 'add', amount: 5 }, '331100')).toEqual(['no_rows_in_scope']);
    expect(notes({ kind: 'add', amount: -5 }, undefined, [row(plan, '330102', 2024, { future_communities: 3 })])).toEqual(['negative_result']);
  });
});

describe('--set and --scenario change only the named inputs and regions (property)', () => {
  const codes = ['330000', '330100', '330102', '330105', '330102001', '330102001001', '330200', '331100', '331102'];
  const fields = plan.inputs.map((i) => i.id);
  const value = fc.oneof({ weight: 4, arbitrary: fc.integer({ min: 0, max: 100_000 }) }, { weight: 1, arbitrary: fc.constant(Number.NaN) });
  const rowArb = fc.record({
    code: fc.constantFrom(...codes),
    year: fc.constantFrom(2023, 2024),
    values: fc.array(value, { minLength: fields.length, maxLength: fields.length }),
  });
  const opArb: fc.Arbitrary<ChangeOp> = fc.oneof(
    fc.integer({ min: -90, max: 200 }).map((percent) => ({ kind: 'scale' as const, percent })),
    fc.integer({ min: -50, max: 5000 }).map((amount) => ({ kind: 'add' as const, amount })),
    fc.integer({ min: 0, max: 100_000 }).map((v) => ({ kind: 'set' as const, value: v })),
  );
  const changeArb: fc.Arbitrary<Change> = fc.record({
    field: fc.constantFrom(...fields),
    op: opArb,
    text: fc.constant(''),
    region: fc.option(fc.constantFrom(...codes), { nil: undefined }),
    year: fc.option(fc.constantFrom(2023, 2024), { nil: undefined }),
  });

  it('every value outside (field, year, region) of some change is left exactly as it was', () => {
    fc.assert(
      fc.property(fc.array(rowArb, { maxLength: 12 }), fc.array(changeArb, { minLength: 1, maxLength: 3 }), (raw, changes) => {
        const input = raw.map((r, k) => ({ code: r.code, year: r.year, values: Float64Array.from(r.values), source: { file: 't.csv', line: k + 2 } }));
        const snapshot = input.map((r) => Float64Array.from(r.values));
        const out = applyScenario(plan, input, { name: 'p', changes }, 2024).rows;
        expect(out.map((r) => [r.code, r.year])).toEqual(input.map((r) => [r.code, r.year]));
        out.forEach((r, k) => {
          expect(input[k]!.values).toEqual(snapshot[k]); // inputs never mutated
          fields.forEach((field, f) => {
            const named = changes.some((c) => c.field === field && (c.year ?? 2024) === r.year && isWithin(r.code, c.region ?? `${r.code.slice(0, 2)}0000`));
            const before = snapshot[k]![f]!;
            if (!named || Number.isNaN(before)) expect(Object.is(r.values[f], before)).toBe(true);
          });
        });
      }),
      { numRuns: 300 },
    );
  });
});
