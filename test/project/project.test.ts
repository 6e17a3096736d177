import { describe, expect, it } from 'vitest';
import { aggregateRows } from '../../src/core/aggregate.js';
import { judge } from '../../src/core/judge.js';
import { projectReport } from '../../src/core/project.js';
import { applyScenario, type Scenario } from '../../src/core/whatif.js';
import { row, smallPlan } from '../helpers/plan.js';

const plan = smallPlan();

// Ningbo: workers per 10k urban residents 10 (2020), 12 (2022), 14 (2024); its urban population grows 2% a year.
const ningbo = [2020, 2022, 2024].map((year, k) =>
  row(plan, '330200', year, { urban_population: Math.round(1_000_000 * 1.02 ** (year - 2020)), community_workers: Math.round([1000, 1200, 1400][k]! * 1.02 ** (year - 2020)), future_communities: 10 + k }),
);
const engine = aggregateRows(plan, ningbo);
const WORKERS = 'community_workers_per_10k_urban';

function scenarioRun(scenario: Scenario) {
  const applied = applyScenario(plan, ningbo, scenario, 2024);
  return { info: { name: scenario.name, changes: scenario.changes, notes: applied.notes }, engine: aggregateRows(plan, applied.rows) };
}

describe('projectReport', () => {
  const report = projectReport(plan, engine, [], { levels: ['city'], indicators: [WORKERS] });
  const [ningboRow] = report.rows;

  it('carries check\'s verdict unchanged (same engine, same judgement)', () => {
    const checked = judge(plan, engine, { levels: ['city'], indicators: [WORKERS] }).results;
    expect(report.rows.map((r) => r.verdict)).toEqual(checked);
    expect(report.year).toBe(2024);
  });

  it('fits the trend over every year from the baseline, from the region\'s own baseline', () => {
    const t = ningboRow!.trajectory!;
    expect(t.points.map((p) => p.year)).toEqual([2020, 2022, 2024]);
    expect(t).toMatchObject({ method: 'cagr', fit: 'least_squares' });
    expect(ningboRow!.verdict.baseline_source).toBe('region');
    expect(t.baseline.value).toBeCloseTo(10, 2);
  });

  it('gives the workers needed in 2025 with the urban population carried forward at its own pace', () => {
    const n = ningboRow!.needed_at_trend!;
    const population2025 = ningbo[2]!.values[1]! * 1.02; // an exact 2% a year: the trend's rate
    const workers2024 = ningbo[2]!.values[2]!;
    expect(n.field).toBe('community_workers');
    expect(n.assumed[0]!.field).toBe('urban_population');
    expect(n.assumed[0]!.value).toBeCloseTo(population2025, -1);
    expect(n.amount).toBe(Math.ceil((18 * population2025) / 10000 - workers2024 - 1e-6));
    expect(n.amount).toBeGreaterThan(ningboRow!.verdict.needed!.amount); // more people, more workers needed
  });

  it('summarises the progress classes', () => {
    expect(Object.values(report.summary).reduce((a, b) => a + b, 0)).toBe(report.rows.length);
  });

  it('skips what is not judged at a level and says why a row has no trajectory', () => {
    const all = projectReport(plan, engine, [], { levels: ['city'] });
    expect(all.rows.some((r) => r.verdict.indicator === 'future_communities')).toBe(false); // province-only, no quota for 330200
    const noBaseline = projectReport(plan, aggregateRows(plan, ningbo.slice(1)), [], { levels: ['province'], indicators: ['future_communities'] });
    expect(noBaseline.rows[0]!.no_trajectory).toEqual({ code: 'no_baseline' });
    const onlyBaselineYear = projectReport(plan, engine, [], { year: 2020, levels: ['city'], indicators: [WORKERS] });
    expect(onlyBaselineYear.rows[0]!.no_trajectory).toEqual({ code: 'no_later_year' });
  });
});

describe('scenarios side by side', () => {
  it('an empty change list reproduces the baseline case exactly', () => {
    const report = projectReport(plan, engine, [scenarioRun({ name: 'same', changes: [] })], { levels: ['city', 'province'] });
    for (const r of report.rows) {
      expect(r.scenarios[0]).toMatchObject({ value: r.verdict.value, status: r.verdict.status, projected: r.trajectory?.projected ?? null });
    }
  });

  it('recomputes value and status from the changed rows', () => {
    const more: Scenario = { name: 'more', changes: [{ field: 'community_workers', op: { kind: 'add', amount: 300 }, text: '+300', region: '330200' }] };
    const report = projectReport(plan, engine, [scenarioRun(more)], { levels: ['city'], indicators: [WORKERS] });
    const r = report.rows[0]!;
    const expected = ((ningbo[2]!.values[2]! + 300) / ningbo[2]!.values[1]!) * 10000;
    expect(r.scenarios[0]!.value).toBeCloseTo(expected, 10);
    expect(r.verdict.status).toBe('off_track');
    expect(r.scenarios[0]!.status).toBe('on_track');
    expect(report.scenario_summaries[0]).toMatchObject({ on_track: 1, off_track: 0 });
  });
});
