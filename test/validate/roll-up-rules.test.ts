// The data dictionary's roll-up rules by level (December 2026) and the findings on numbers and
// codes that cannot be: flags of a level folded by max below it, a parent's own units (市本级),
// overflow, codes with no county, and the checks across rows against a plain reference.

import { PlanmetricsError } from '../../src/core/diagnostics.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { aggregateRows, RegionEngine } from '../../src/core/aggregate.js';
import { whyNoValue } from '../../src/core/compiled-formula.js';
import { isMismatch } from '../../src/core/consistency.js';
import type { Diagnostic } from '../../src/core/diagnostics.js';
import { evaluate, parseFormula } from '../../src/core/formula.js';
import { isRegionCode, parentCode, regionLevel } from '../../src/core/regions.js';
import type { Plan, SubmissionRow } from '../../src/core/types.js';
import { SubmissionChecker } from '../../src/core/validate.js';
import { readSubmission } from '../../src/io/read-submissions.js';
import { row, SMALL_PLAN_YAML, smallPlan } from '../helpers/plan.js';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { outputText } from '../helpers/output.js';

const LEVEL_PLAN_YAML = SMALL_PLAN_YAML.replace(
  'rules:',
  `  - { id: smart_community_county, label: 智慧社区建成县, unit: 个, aggregate: sum, integer: true, min: 0, level: county }
  - { id: social_organizations, label: 社会组织数, unit: 个, aggregate: sum, integer: true, min: 0, parent_may_exceed: true }
rules:`,
).replace(
  'indicators:',
  `indicators:
  - id: smart_counties
    no: "24"
    name: 智慧社区建成县数
    name_en: Counties with smart communities
    unit: 个
    formula: smart_community_county
    baseline: null
    target: { value: 1, comparator: ">=" }
    target_year: 2025
    attribute: expected
    levels: [province, city, county]`,
);

const levelPlan = (): Plan => smallPlan(LEVEL_PLAN_YAML);
const valueOf = (plan: Plan, rows: SubmissionRow[], code: string, indicator: string) =>
  aggregateRows(plan, rows).get(code, 2024)!.values[plan.indicators.findIndex((i) => i.id === indicator)]!;

function findings(plan: Plan, rows: SubmissionRow[]): Diagnostic[] {
  const checker = new SubmissionChecker(plan);
  const found = rows.flatMap((r) => [...checker.check(r)]);
  return [...found, ...checker.finish()];
}

describe('an input that belongs to a level', () => {
  it('is folded by max below its level: three township flags make a county 1, not 3', () => {
    const plan = levelPlan();
    const townships = ['330106001', '330106002', '330106003'].map((code, i) => row(plan, code, 2024, { smart_community_county: 1 }, i + 2));
    expect(valueOf(plan, townships, '330106', 'smart_counties').value).toBe(1);
    // ...and summed at and above it: the city and the province count their counties.
    const other = row(plan, '330108', 2024, { smart_community_county: 1 }, 5);
    const none = row(plan, '330109', 2024, { smart_community_county: 0 }, 6);
    const rows = [...townships, other, none];
    expect(valueOf(plan, rows, '330100', 'smart_counties').value).toBe(2);
    expect(valueOf(plan, rows, '330000', 'smart_counties').value).toBe(2);
  });

  it('takes the max of village rows into their township too, and a county of townships sums nothing twice', () => {
    const plan = levelPlan();
    const villages = ['330106001001', '330106001002', '330106002001'].map((code, i) => row(plan, code, 2024, { smart_community_county: 1 }, i + 2));
    expect(valueOf(plan, villages, '330106', 'smart_counties').value).toBe(1);
  });

  it('warns about a non-zero flag on a row below its level, and not about a zero', () => {
    const plan = levelPlan();
    const found = findings(plan, [row(plan, '330106001', 2024, { smart_community_county: 1 }, 2), row(plan, '330106002', 2024, { smart_community_county: 0 }, 3)]);
    expect(found.map((d) => [d.code, d.severity, d.line, d.field])).toEqual([['INPUT_BELOW_LEVEL', 'warning', 2, 'smart_community_county']]);
    expect(findings(plan, [row(plan, '330106', 2024, { smart_community_county: 1 })])).toEqual([]);
  });

  it('is not checked against children it is not the sum of (a county against the max of its townships)', () => {
    const plan = levelPlan();
    const rows = [row(plan, '330106', 2024, { smart_community_county: 1 }, 2), row(plan, '330106001', 2024, { smart_community_county: 1 }, 3), row(plan, '330106002', 2024, { smart_community_county: 1 }, 4)];
    expect(findings(plan, rows).filter((d) => d.code === 'PARENT_CHILD_MISMATCH')).toEqual([]);
  });
});

describe("a parent's own units (parent_may_exceed)", () => {
  const counties = (plan: Plan) => [row(plan, '330102', 2024, { social_organizations: 100, resident_population: 1000 }, 3), row(plan, '330105', 2024, { social_organizations: 50, resident_population: 500 }, 4)];
  const cityWith = (plan: Plan, values: Record<string, number>) => row(plan, '330100', 2024, values, 2);
  const plan = (() => {
    const p = levelPlan();
    return { ...p, divisions: [{ code: '330100', name: '杭州市', level: 'city' as const, parent_code: null }, ...['330102', '330105'].map((code) => ({ code, name: code, level: 'county' as const, parent_code: '330100' }))] };
  })();

  it('accepts a city above the sum of its counties where the plan allows it', () => {
    expect(findings(plan, [cityWith(plan, { social_organizations: 400 }), ...counties(plan)])).toEqual([]);
  });

  it("reports a city below the sum, with the city row's line", () => {
    const found = findings(plan, [cityWith(plan, { social_organizations: 120 }), ...counties(plan)]);
    expect(found.map((d) => [d.code, d.severity, d.line, d.field, d.args.children])).toEqual([['PARENT_CHILD_MISMATCH', 'error', 2, 'social_organizations', 150]]);
  });

  it('still requires an input without the declaration to equal the sum, above or below', () => {
    for (const resident_population of [1600, 1400]) {
      const found = findings(plan, [cityWith(plan, { resident_population }), ...counties(plan)]);
      expect(found.map((d) => [d.code, d.field])).toEqual([['PARENT_CHILD_MISMATCH', 'resident_population']]);
    }
    expect(isMismatch(200, 150, true)).toBe(false);
    expect(isMismatch(100, 150, true)).toBe(true);
  });
});

describe('numbers that cannot be', () => {
  it('gives an overflowing sum its own reason, not a zero denominator', () => {
    const plan = smallPlan();
    const rows = ['330102', '330105'].map((code) => row(plan, code, 2024, { community_workers: 1e308, urban_population: 1e308 }));
    const city = aggregateRows(plan, rows).get('330100', 2024)!;
    expect(city.values[0]).toMatchObject({ value: null, reason: { code: 'overflow' } });
  });

  it('gives a formula constant too large to be a number the reason overflow', () => {
    const formula = parseFormula('a * 1e400').formula!;
    expect(evaluate(formula, () => 2)).toEqual({ value: null, reason: { code: 'overflow' } });
    expect(whyNoValue(formula, () => 0, [2])).toEqual({ code: 'overflow' });
    // A zero denominator met first is still that.
    expect(evaluate(parseFormula('a / b * 1e400').formula!, (id) => (id === 'a' ? 1 : 0)).value).toBeNull();
    expect(evaluate(parseFormula('a / b * 1e400').formula!, (id) => (id === 'a' ? 1 : 0))).toMatchObject({ reason: { code: 'zero_denominator', denominator: 'b' } });
  });

  it('reports an input beyond any sane figure for its unit (VALUE_OUT_OF_RANGE), with its column', () => {
    const plan = smallPlan();
    const bad = row(plan, '330106', 2024, { resident_population: 1e308, community_workers: 12 });
    bad.source.columns = new Map([['resident_population', 4]]);
    const found = findings(plan, [bad]);
    expect(found.map((d) => [d.code, d.severity, d.field, d.column])).toEqual([['VALUE_OUT_OF_RANGE', 'error', 'resident_population', 4]]);
  });
});

describe('codes that cannot exist', () => {
  it.each(['330000000', '330100000', '330100001001', '330000001'])('%s (no county part) is not a region code', (code) => {
    expect(isRegionCode(code)).toBe(false);
    expect(regionLevel(code)).toBeNull();
  });

  it('keeps townships and villages under a county', () => {
    expect(['330106001', '330106001001', '110101001'].every(isRegionCode)).toBe(true);
  });

  it('is an error on its line, and adds nothing to the province or the city', async () => {
    const plan = smallPlan();
    const dir = mkdtempSync(join(tmpdir(), 'pm-codes-'));
    const file = join(dir, 'codes.csv');
    writeFileSync(file, 'region_code,year,future_communities\n330100000,2024,5\n330000000,2024,7\n330106001,2024,3\n');
    const engine = new RegionEngine(plan);
    const checker = new SubmissionChecker(plan, engine);
    const found: Diagnostic[] = [];
    const read = await readSubmission(file, plan, { encoding: 'auto' }, (r) => found.push(...checker.check(r)));
    // Whichever way the reader takes (its fast path or the general one), each such line is one error.
    expect([...read.diagnostics, ...found].map((d) => [d.code, d.line]).sort()).toEqual([
      ['REGION_CODE_MALFORMED', 2],
      ['REGION_CODE_MALFORMED', 3],
    ]);
    checker.finish();
    const result = engine.finish();
    const future = plan.indicators.findIndex((i) => i.id === 'future_communities');
    expect(result.get('330100', 2024)!.values[future]!.value).toBe(3);
    expect(result.get('330000', 2024)!.values[future]!.value).toBe(3);
  });
});

/**
 * The checks across rows, worked out the plain way: a region's figure for an input is its own,
 * else the sum of its children's when every expected child (in the division list, or seen in any
 * year) has a complete figure; a parent's own figure is compared with that sum.
 */
function referenceMismatches(plan: Plan, rows: SubmissionRow[]): string[] {
  const own = new Map<string, SubmissionRow>();
  const villages = new Map<string, SubmissionRow[]>();
  const children = new Map<string, Set<string>>();
  for (const d of plan.divisions ?? []) if (d.parent_code) (children.get(d.parent_code) ?? children.set(d.parent_code, new Set()).get(d.parent_code)!).add(d.code);
  for (const r of rows) {
    const key = `${r.year}:${r.code}`;
    if (regionLevel(r.code) === 'village') {
      const township = `${r.year}:${parentCode(r.code)}`;
      const list = villages.get(township) ?? villages.set(township, []).get(township)!;
      if (!list.some((v) => v.code === r.code)) list.push(r);
    } else if (!own.has(key)) own.set(key, r);
    for (let code: string | null = r.code, parent = parentCode(r.code); parent; code = parent, parent = parentCode(parent)) {
      if (regionLevel(code) === 'village') continue;
      (children.get(parent) ?? children.set(parent, new Set()).get(parent)!).add(code);
    }
  }
  const figure = (code: string, year: number, f: number): number => {
    const mine = own.get(`${year}:${code}`)?.values[f];
    if (mine !== undefined && !Number.isNaN(mine)) return mine;
    return childSum(code, year, f);
  };
  const childSum = (code: string, year: number, f: number): number => {
    if (regionLevel(code) === 'township') {
      const list = villages.get(`${year}:${code}`);
      const kids = [...(children.get(code) ?? [])].map((c) => figure(c, year, f));
      if (!list && kids.length === 0) return Number.NaN;
      return [...(list ?? []).map((v) => v.values[f]!), ...kids].reduce((a, b) => a + b, 0);
    }
    const kids = [...(children.get(code) ?? [])];
    if (kids.length === 0) return Number.NaN;
    return kids.map((c) => figure(c, year, f)).reduce((a, b) => a + b, 0);
  };
  const found: string[] = [];
  for (const r of own.values()) {
    plan.inputs.forEach((input, f) => {
      if (input.aggregate !== 'sum' || Number.isNaN(r.values[f]!)) return;
      const sum = childSum(r.code, r.year, f);
      if (!Number.isNaN(sum) && isMismatch(r.values[f]!, sum, input.parent_may_exceed)) found.push(`${r.year}:${r.code}:${input.id}`);
    });
  }
  return found.sort();
}

describe('the checks across rows against a plain reference', () => {
  const CODES = ['330000', '330100', '330102', '330105', '330200', '330201', '330102001', '330102002', '330201001', '330102001001', '330102001002', '330102002001', '330201001001'];
  it('report the same parent/child mismatches on random trees', () => {
    const plan = smallPlan();
    const planWithDivisions: Plan = { ...plan, divisions: [{ code: '330100', name: '杭州市', level: 'city', parent_code: '330000' }, { code: '330102', name: '上城区', level: 'county', parent_code: '330100' }] };
    const cell = fc.oneof({ weight: 1, arbitrary: fc.constant(Number.NaN) }, { weight: 4, arbitrary: fc.integer({ min: 0, max: 40 }) });
    const rowArb = fc.record({ code: fc.constantFrom(...CODES), year: fc.constantFrom(2023, 2024), values: fc.array(cell, { minLength: plan.inputs.length, maxLength: plan.inputs.length }) });
    fc.assert(
      fc.property(fc.array(rowArb, { maxLength: 25 }), fc.boolean(), (records, withDivisions) => {
        const p = withDivisions ? planWithDivisions : plan;
        const rows = records.map((r, i): SubmissionRow => ({ code: r.code, year: r.year, values: Float64Array.from(r.values), source: { file: 'r.csv', line: i + 2 } }));
        const engine = new RegionEngine(p);
        rows.forEach((r) => engine.add(r));
        const mine = engine
          .fold()
          .filter((d) => d.code === 'PARENT_CHILD_MISMATCH')
          .map((d) => `${d.year}:${d.region}:${d.field}`)
          .sort();
        expect(mine).toEqual(referenceMismatches(p, rows));
      }),
      { numRuns: 300 },
    );
  });
});

describe('any number of findings', () => {
  it('200,000 rows each breaking a rule: a bounded report, no crash', async () => {
    const { runValidate } = await import('../../src/commands/validate.js');
    const dir = mkdtempSync(join(tmpdir(), 'pm-many-'));
    const file = join(dir, 'many.csv');
    const lines = ['region_code,year,resident_population,urban_population'];
    for (let i = 0; i < 200_000; i++) lines.push(`330106${String(1 + (i % 999)).padStart(3, '0')}${String(1 + Math.floor(i / 999)).padStart(3, '0')},2024,10,20`);
    writeFileSync(file, `${lines.join('\n')}\n`);
    const plan = join(dir, 'plan.yaml');
    writeFileSync(plan, SMALL_PLAN_YAML);
    const result = await runValidate([file], { plan, format: 'json', lang: 'en', encoding: 'auto', maxErrors: 10 });
    expect(result.exitCode).not.toBe(0);
    const report = JSON.parse(await outputText(result.output)) as { diagnostics: unknown[]; summary: { errors: number } };
    expect(report.summary.errors).toBe(200_000);
    expect(report.diagnostics.length).toBeLessThanOrEqual(10);

    // check reads the same rows: exit 2, the first thousand on stderr and a count of the rest.
    const { runCheck } = await import('../../src/commands/check.js');
    const failure = await runCheck([file], { plan, format: 'json', lang: 'en', encoding: 'auto', color: false, failOn: 'binding' }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(PlanmetricsError);
    const diagnostics = (failure as PlanmetricsError).diagnostics;
    expect(diagnostics.length).toBeLessThanOrEqual(1001);
    expect(diagnostics.at(-1)!.code).toBe('FINDINGS_MORE');
    expect(diagnostics.at(-1)!.args.errors).toBe(200_000 - 1000);
  }, 60_000);
});
