import { describe, it, expect } from 'vitest';
import type { Diagnostic } from '../../src/core/diagnostics.js';
import type { SubmissionRow } from '../../src/core/types.js';
import { SubmissionChecker } from '../../src/core/validate.js';
import { describeDiagnostic } from '../../src/format/messages.js';
import { loadPlan } from '../../src/io/read-plan.js';
import { row } from '../helpers/plan.js';

const plan = await loadPlan();

function checkAll(rows: SubmissionRow[]): Diagnostic[] {
  const checker = new SubmissionChecker(plan);
  return [...rows.flatMap((r) => checker.check(r)), ...checker.finish()];
}

function inFile(r: SubmissionRow, file: string, line: number): SubmissionRow {
  return { ...r, source: { file, line } };
}

describe('SubmissionChecker with the bundled plan', () => {
  it('catches a code abolished in 2021 (330103 下城区) in a 2024 row, naming its successor, and accepts current ones', () => {
    const found = checkAll([row(plan, '330103', 2024, {}, 2), row(plan, '330106', 2024, {}, 3), row(plan, '330100', 2024, {}, 4)]);
    expect(found.map((d) => [d.code, d.region, d.line])).toEqual([['REGION_ABOLISHED', '330103', 2]]);
    expect(describeDiagnostic(found[0]!, 'zh')).toContain('拱墅区 330105');
  });

  it('accepts 330103 and 330104 in a 2020 row: they were valid then', () => {
    expect(checkAll([row(plan, '330103', 2020, {}, 2), row(plan, '330104', 2020, {}, 3)])).toEqual([]);
  });

  it('checks a township or village code by its county', () => {
    const found = checkAll([row(plan, '330106001', 2024, {}, 2), row(plan, '330106001002', 2024, {}, 3), row(plan, '330104001001', 2024, {}, 4)]);
    expect(found.map((d) => [d.code, d.line])).toEqual([['REGION_ABOLISHED', 4]]);
  });

  it('reports the same region and year in two files, naming both places', () => {
    const found = checkAll([
      inFile(row(plan, '330106', 2024, {}), 'hangzhou.csv', 7),
      inFile(row(plan, '330106', 2023, {}), 'late.csv', 2),
      inFile(row(plan, '330106', 2024, {}), 'late.csv', 3),
    ]);
    expect(found.map((d) => [d.code, d.file, d.line, d.args.first_file, d.args.first_line])).toEqual([['DUPLICATE_ROW', 'late.csv', 3, 'hangzhou.csv', 7]]);
    expect(describeDiagnostic(found[0]!, 'en')).toContain('first on line 7 of hangzhou.csv');
    expect(describeDiagnostic(found[0]!, 'zh')).toContain('hangzhou.csv');
  });

  it('does not name the file twice when the first row is in the same file', () => {
    const found = checkAll([inFile(row(plan, '330106', 2024, {}), 'a.csv', 2), inFile(row(plan, '330106', 2024, {}), 'a.csv', 9)]);
    expect(describeDiagnostic(found[0]!, 'en')).toContain('(first on line 2)');
  });

  it('gives a broken rule with both figures, on the column of its left side', () => {
    const broken = row(plan, '330108', 2024, { community_workers: 640, certified_community_workers: 812 }, 3);
    broken.source.columns = new Map([['certified_community_workers', 4]]);
    const [found] = checkAll([broken]);
    expect([found?.code, found?.line, found?.column, found?.field, found?.args.rule]).toEqual([
      'RULE_BROKEN', 3, 4, 'certified_community_workers', 'certified_within_community_workers',
    ]);
    expect(describeDiagnostic(found!, 'en')).toContain('certified_community_workers 812, community_workers 640');
  });

  it('checks a county-only rule on county rows only', () => {
    const found = checkAll([row(plan, '330106', 2024, { smart_community_county: 2 }, 2), row(plan, '330100', 2024, { smart_community_county: 2 }, 3)]);
    expect(found.map((d) => [d.code, d.line, d.args.rule])).toEqual([['RULE_BROKEN', 2, 'smart_community_county_is_flag']]);
  });

  it('reports a year outside the plan period', () => {
    const found = checkAll([row(plan, '330106', 2019, {}, 2), row(plan, '330106', 2026, {}, 3), row(plan, '330106', 2020, {}, 4)]);
    expect(found.map((d) => [d.code, d.line])).toEqual([['YEAR_OUT_OF_PERIOD', 2], ['YEAR_OUT_OF_PERIOD', 3]]);
  });
});
