import fc from 'fast-check';
import { describe, it, expect } from 'vitest';
import { RegionEngine } from '../../src/core/aggregate.js';
import {
  isImplausibleJump,
  isMismatch,
  JUMP_FACTOR_PER_YEAR,
  JUMP_MIN_VALUE,
  PARENT_CHILD_TOLERANCE,
} from '../../src/core/consistency.js';
import type { Diagnostic } from '../../src/core/diagnostics.js';
import type { Division, Plan, SubmissionRow } from '../../src/core/types.js';
import { SubmissionChecker } from '../../src/core/validate.js';
import { row, smallPlan } from '../helpers/plan.js';

const LISHUI_COUNTIES = ['331102', '331121', '331122', '331123', '331124', '331125', '331126', '331127', '331181'];

function planWithLishui(): Plan {
  const plan = smallPlan();
  const divisions: Division[] = [
    { code: '330000', name: '浙江省', level: 'province', parent_code: null },
    { code: '331100', name: '丽水市', level: 'city', parent_code: '330000' },
    ...LISHUI_COUNTIES.map((code): Division => ({ code, name: code, level: 'county', parent_code: '331100' })),
  ];
  return { ...plan, divisions };
}

/** The findings across rows, as the engine's roll-up makes them (repeated rows included). */
function crossRowFindings(plan: Plan, rows: SubmissionRow[]): Diagnostic[] {
  const engine = new RegionEngine(plan);
  const repeated = rows.flatMap((r) => engine.add(r) ?? []);
  return [...repeated, ...engine.fold()];
}

const brief = (diagnostics: Diagnostic[]) => diagnostics.map((d) => [d.code, d.region, d.year, d.field, d.line]);

/** The nine Lishui counties, 100,000 residents each, on lines 3..11. */
function lishuiCounties(plan: Plan, year = 2024, extra: Record<string, number> = {}): SubmissionRow[] {
  return LISHUI_COUNTIES.map((code, i) => row(plan, code, year, { resident_population: 100_000, ...extra }, i + 3));
}

describe('PARENT_CHILD_MISMATCH', () => {
  it('reports a city whose own figure is off the sum of its counties, on the city row and column', () => {
    const plan = planWithLishui();
    const city = row(plan, '331100', 2024, { resident_population: 990_000 }, 2);
    city.source.columns = new Map([['resident_population', 4]]);
    const found = crossRowFindings(plan, [city, ...lishuiCounties(plan)]);
    expect(brief(found)).toEqual([['PARENT_CHILD_MISMATCH', '331100', 2024, 'resident_population', 2]]);
    expect(found[0]!.column).toBe(4);
    expect(found[0]!.args).toMatchObject({ value: 990_000, children: 900_000, child_level: 'county', child_count: 9 });
  });

  it('allows the declared tolerance, and not a unit more', () => {
    const plan = planWithLishui();
    const within = Math.floor(900_000 * (1 + PARENT_CHILD_TOLERANCE));
    expect(crossRowFindings(plan, [row(plan, '331100', 2024, { resident_population: within }), ...lishuiCounties(plan)])).toEqual([]);
    const beyond = Math.ceil(900_000 / (1 - PARENT_CHILD_TOLERANCE)) + 1;
    expect(crossRowFindings(plan, [row(plan, '331100', 2024, { resident_population: beyond }), ...lishuiCounties(plan)])).toHaveLength(1);
    expect(isMismatch(3, 2)).toBe(true);
    expect(isMismatch(2.4, 2)).toBe(false);
  });

  it('says nothing when an expected child (from the division list) has not reported the field', () => {
    const plan = planWithLishui();
    const counties = lishuiCounties(plan).slice(1);
    counties.push(row(plan, LISHUI_COUNTIES[0]!, 2024, { community_workers: 50 }));
    expect(crossRowFindings(plan, [row(plan, '331100', 2024, { resident_population: 5 }), ...counties])).toEqual([]);
    expect(crossRowFindings(plan, [row(plan, '331100', 2024, { resident_population: 5 }), ...lishuiCounties(plan).slice(1)])).toEqual([]);
  });

  it('checks only sum fields: a weighted mean or a minimum is not a sum', () => {
    const plan = planWithLishui();
    const extra = { urban_income_per_capita: 50_000, min_living_standard: 11_000, urban_population: 50_000 };
    const city = row(plan, '331100', 2024, { resident_population: 900_000, urban_income_per_capita: 50_000, min_living_standard: 11_000, urban_population: 450_000 });
    expect(crossRowFindings(plan, [city, ...lishuiCounties(plan, 2024, extra)])).toEqual([]);
  });

  it('checks a township against its village rows, and the check is per year', () => {
    const plan = smallPlan();
    const villages = [1, 2, 3].map((n) => row(plan, `33010600100${n}`, 2024, { community_workers: 10 }, n + 2));
    const township = row(plan, '330106001', 2024, { community_workers: 31 }, 2);
    const otherYear = row(plan, '330106001', 2023, { community_workers: 31 }, 6);
    expect(brief(crossRowFindings(plan, [...villages, township, otherYear]))).toEqual([['PARENT_CHILD_MISMATCH', '330106001', 2024, 'community_workers', 2]]);
  });

  it('builds a child without its own row from its children, and compares its parent with that', () => {
    const plan = planWithLishui();
    const province = row(plan, '330000', 2024, { resident_population: 1_000_000 }, 2);
    const findings = crossRowFindings(plan, [province, ...lishuiCounties(plan)]);
    // The province's only expected child here is Lishui (from the division list), built from its 9 counties.
    expect(brief(findings)).toEqual([['PARENT_CHILD_MISMATCH', '330000', 2024, 'resident_population', 2]]);
    expect(findings[0]!.args).toMatchObject({ children: 900_000, child_level: 'city' });
  });

  it('does not count a duplicated village twice (the duplicate is reported instead)', () => {
    const plan = smallPlan();
    const checker = new SubmissionChecker(plan);
    const rows = [
      row(plan, '330106001', 2024, { community_workers: 20 }, 2),
      row(plan, '330106001001', 2024, { community_workers: 10 }, 3),
      row(plan, '330106001002', 2024, { community_workers: 10 }, 4),
      row(plan, '330106001002', 2024, { community_workers: 10 }, 5),
    ];
    const found = [...rows.flatMap((r) => checker.check(r)), ...checker.finish()];
    expect(found.map((d) => [d.code, d.line])).toEqual([['DUPLICATE_ROW', 5]]);
  });

  it('finds a village repeated after the input has been in other townships, and adds each village once', () => {
    const plan = smallPlan();
    const checker = new SubmissionChecker(plan);
    const rows = [
      row(plan, '330106001001', 2024, { community_workers: 1 }, 2),
      row(plan, '330106002001', 2024, { community_workers: 10 }, 3),
      row(plan, '330106001002', 2024, { community_workers: 100 }, 4),
      row(plan, '330106002001', 2024, { community_workers: 1000 }, 5),
      row(plan, '330106001001', 2024, { community_workers: 1000 }, 6),
      row(plan, '330106002002', 2024, { community_workers: 10_000 }, 7),
    ];
    const found = [...rows.flatMap((r) => checker.check(r)), ...checker.finish()];
    expect(found.map((d) => [d.code, d.line])).toEqual([
      ['DUPLICATE_ROW', 5],
      ['DUPLICATE_ROW', 6],
    ]);
    // The villages' total is 10,111 (the repeats' 1,000s left out): a county row saying so passes, one more does not.
    const county = row(plan, '330106', 2024, { community_workers: 10_111 }, 8);
    const again = new SubmissionChecker(plan);
    const mismatch = [...rows.flatMap((r) => again.check(r)), ...again.check(county), ...again.finish()].filter((d) => d.code !== 'DUPLICATE_ROW');
    expect(mismatch).toEqual([]);
    const off = new SubmissionChecker(plan);
    const wrong = row(plan, '330106', 2024, { community_workers: 11_111 }, 8);
    expect([...rows.flatMap((r) => off.check(r)), ...off.check(wrong), ...off.finish()].map((d) => d.code)).toContain('PARENT_CHILD_MISMATCH');
  });
});

describe('IMPLAUSIBLE_JUMP', () => {
  it('warns on an extra digit from one year to the next, on the later row', () => {
    const plan = smallPlan();
    const found = crossRowFindings(plan, [
      row(plan, '330106', 2024, { resident_population: 1_234_567 }, 3),
      row(plan, '330106', 2023, { resident_population: 123_456 }, 2),
    ]);
    expect(brief(found)).toEqual([['IMPLAUSIBLE_JUMP', '330106', 2024, 'resident_population', 3]]);
    expect(found[0]!.severity).toBe('warning');
    expect(found[0]!.args).toMatchObject({ previous: 123_456, previous_year: 2023, value: 1_234_567 });
  });

  it('compares with the last earlier year that reported the field, allowing the factor per year between', () => {
    const plan = smallPlan();
    const rows = [
      row(plan, '330106', 2020, { community_workers: 100 }, 2),
      row(plan, '330106', 2022, { resident_population: 5 }, 3),
      row(plan, '330106', 2024, { community_workers: 100 * JUMP_FACTOR_PER_YEAR ** 4 }, 4),
    ];
    expect(crossRowFindings(plan, rows)).toEqual([]);
    rows[2] = row(plan, '330106', 2024, { community_workers: 100 * JUMP_FACTOR_PER_YEAR ** 4 + 1 }, 4);
    expect(brief(crossRowFindings(plan, rows))).toEqual([['IMPLAUSIBLE_JUMP', '330106', 2024, 'community_workers', 4]]);
  });

  it('ignores small counts and zeros, which grow in steps as a programme starts', () => {
    expect(isImplausibleJump(JUMP_MIN_VALUE - 1, 1000, 1)).toBe(false);
    expect(isImplausibleJump(0, 1000, 1)).toBe(false);
    expect(isImplausibleJump(JUMP_MIN_VALUE, JUMP_MIN_VALUE * JUMP_FACTOR_PER_YEAR + 1, 1)).toBe(true);
    expect(isImplausibleJump(17, 103, 2)).toBe(false);
  });

  it('flags, for any figures, exactly the pairs isImplausibleJump flags: each figure against the field\'s last earlier one', () => {
    const plan = smallPlan();
    const fields = ['resident_population', 'community_workers'] as const;
    // Around the limits: small counts, the factor and its powers, near misses, zeros and blanks.
    const figure = fc.oneof(
      fc.constantFrom(undefined, 0, JUMP_MIN_VALUE - 1, JUMP_MIN_VALUE, 29, 30, 31, 89, 90, 91, 100, 290, 300, 301),
      fc.double({ min: 0, max: 1e7, noNaN: true }),
      fc.integer({ min: 0, max: 2000 }),
    );
    const yearRow = fc.record({ year: fc.integer({ min: 2015, max: 2030 }), resident_population: figure, community_workers: figure });
    fc.assert(
      fc.property(fc.uniqueArray(yearRow, { selector: (r) => r.year, minLength: 2, maxLength: 7 }), (series) => {
        const rows = series.map((r, i) => {
          const values: Record<string, number> = {};
          for (const field of fields) if (r[field] !== undefined) values[field] = r[field]!;
          return row(plan, '330106', r.year, values, i + 2);
        });
        const expected: unknown[][] = [];
        const sorted = [...series].sort((a, b) => a.year - b.year);
        for (const field of fields) {
          let last: { year: number; value: number } | null = null;
          for (const r of sorted) {
            const value = r[field];
            if (value === undefined) continue;
            if (last && isImplausibleJump(last.value, value, r.year - last.year)) expected.push([r.year, field]);
            last = { year: r.year, value };
          }
        }
        const found = crossRowFindings(plan, rows).map((d) => [d.year, d.field]);
        const order = (a: unknown[], b: unknown[]) => String(a).localeCompare(String(b));
        expect(found.sort(order)).toEqual(expected.sort(order));
      }),
      { numRuns: 500 },
    );
  });

  it('also catches a drop (a lost digit or 万人 for 人)', () => {
    expect(isImplausibleJump(1_234_567, 123, 5)).toBe(true);
    expect(isImplausibleJump(1_234_567, 123_456, 1)).toBe(true);
  });
});
