// Machine output of project, explain and allocation. Full-precision numbers; NaN/Infinity become
// null. Verdict fields keep the names of check's JSON (cli-contract.md); reasons and notes carry an
// English message, whatever --lang says, so scripts see one wording.

import { coverageJson } from '../json.js';
import type { AllocationReport } from '../../core/allocate.js';
import type { Explanation } from '../../core/explain.js';
import type { NeededAtTrend, ProjectReport, ProjectRow } from '../../core/project.js';
import type { Trajectory } from '../../core/trajectory.js';
import type { Needed, Plan, Reason, Verdict } from '../../core/types.js';
import type { FormatOptions } from '../formatter.js';
import { describeReason } from '../messages.js';
import { finiteOrNull } from '../numbers.js';
import type { ProjectFormatter } from './formatter.js';
import { leftOutText, linearReasonText, noTrajectoryText, scenarioNoteText } from './words.js';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

function stringify(value: Json): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}

function neededJson(needed: Needed | null): Json {
  const amount = finiteOrNull(needed?.amount);
  return needed && amount !== null ? { field: needed.field, amount } : null;
}


function reasonJson(reason: Reason, plan?: Plan): Json {
  return { ...reason, message: describeReason(reason, 'en', plan) };
}

function verdictJson(v: Verdict, plan?: Plan): { [key: string]: Json } {
  return {
    region_code: v.region_code,
    region_name: v.region_name,
    level: v.level,
    year: v.year,
    indicator: v.indicator,
    no: v.no,
    value: finiteOrNull(v.value),
    baseline: finiteOrNull(v.baseline),
    baseline_source: v.baseline_source,
    target: finiteOrNull(v.target),
    comparator: v.comparator,
    target_source: v.target_source,
    target_year: v.target_year,
    attribute: v.attribute,
    status: v.status,
    expected: finiteOrNull(v.expected),
    gap: finiteOrNull(v.gap),
    needed: neededJson(v.needed),
    coverage: coverageJson(v.coverage),
    reason: v.reason ? reasonJson(v.reason, plan) : null,
  };
}

function trajectoryJson(t: Trajectory | null): Json {
  if (!t) return null;
  return {
    method: t.method,
    linear_reason: t.linear_reason,
    linear_reason_message: t.linear_reason ? linearReasonText(t.linear_reason, 'en') : null,
    fit: t.fit,
    points: t.points.map((p) => ({ year: p.year, value: finiteOrNull(p.value) })),
    expected: finiteOrNull(t.expected),
    growth_actual: finiteOrNull(t.growth_actual),
    growth_required: finiteOrNull(t.growth_required),
    growth_needed: finiteOrNull(t.growth_needed),
    pace_actual: finiteOrNull(t.pace_actual),
    pace_required: finiteOrNull(t.pace_required),
    pace_needed: finiteOrNull(t.pace_needed),
    ratio: finiteOrNull(t.ratio),
    progress: t.progress,
    projected: finiteOrNull(t.projected),
    projected_meets: t.projected_meets,
    reached_year: t.reached_year,
  };
}

function neededAtTrendJson(n: NeededAtTrend | null): Json {
  const amount = finiteOrNull(n?.amount);
  if (!n || amount === null) return null;
  return { field: n.field, amount, total: finiteOrNull(n.total), assumed: n.assumed.map((a) => ({ field: a.field, value: finiteOrNull(a.value) })) };
}

function rowJson(row: ProjectRow, report: ProjectReport, plan?: Plan): Json {
  const scenarios: { [name: string]: Json } = {};
  report.scenarios.forEach((s, k) => {
    const o = row.scenarios[k]!;
    scenarios[s.name] = { value: finiteOrNull(o.value), status: o.status, gap: finiteOrNull(o.gap), needed: neededJson(o.needed), projected: finiteOrNull(o.projected), progress: o.progress };
  });
  return {
    ...verdictJson(row.verdict, plan),
    trajectory: trajectoryJson(row.trajectory),
    no_trajectory: row.no_trajectory ? { ...row.no_trajectory, message: noTrajectoryText(row.no_trajectory, 'en', plan) } : null,
    needed_at_trend: neededAtTrendJson(row.needed_at_trend),
    scenarios,
  };
}

function project(report: ProjectReport, options: FormatOptions): string {
  const scenarioSummaries: { [name: string]: Json } = {};
  report.scenarios.forEach((s, k) => (scenarioSummaries[s.name] = { ...report.scenario_summaries[k]! }));
  return stringify({
    plan: { ...report.plan },
    year: report.year,
    scenarios: report.scenarios.map((s) => ({
      name: s.name,
      changes: s.changes.map((c) => ({ field: c.field, change: c.text, region: c.region ?? null, year: c.year ?? null })),
      notes: s.notes.map((n) => ({ ...n, message: scenarioNoteText(n, 'en', options.plan) })),
    })),
    results: report.rows.map((row) => rowJson(row, report, options.plan)),
    summary: { progress: { ...report.summary }, scenarios: scenarioSummaries },
  });
}

function explain(e: Explanation, options: FormatOptions): string {
  return stringify({
    plan: { ...e.plan },
    indicator: {
      id: e.indicator.id,
      no: e.indicator.no,
      name: e.indicator.name,
      name_en: e.indicator.name_en,
      unit: e.indicator.unit,
      formula: e.indicator.formula,
      target: { ...e.indicator.target },
      target_year: e.indicator.target_year,
    },
    region: { ...e.region },
    year: e.year,
    from: e.from,
    inputs: e.inputs.map((i) => ({ id: i.id, label: i.label, unit: i.unit, aggregate: i.aggregate, weight: i.weight, value: finiteOrNull(i.value) })),
    value: finiteOrNull(e.value),
    reason: e.reason ? reasonJson(e.reason, options.plan) : null,
    coverage: coverageJson(e.coverage),
    contributors: e.contributors.map((c) => ({
      region_code: c.code,
      region_name: c.name,
      level: c.level,
      inputs: c.inputs ? Object.fromEntries(Object.entries(c.inputs).map(([k, v]) => [k, finiteOrNull(v)])) : null,
      weights: Object.fromEntries(Object.entries(c.weights).map(([k, v]) => [k, finiteOrNull(v)])),
      value: finiteOrNull(c.value),
    })),
    left_out: e.left_out.map((l) => ({ region_code: l.code, region_name: l.name, why: { ...l.why, message: leftOutText(l.why, 'en', options.plan) } })),
    verdict: verdictJson(e.verdict, options.plan),
  });
}

function allocation(report: AllocationReport): string {
  return stringify({
    plan: { ...report.plan },
    indicator: report.indicator.id,
    by: report.by,
    year: report.year,
    parent: { ...report.parent },
    level: report.level,
    total: report.total,
    quotas: Object.fromEntries(report.shares.map((s) => [s.code, s.quota])),
    shares: report.shares.map((s) => ({ region_code: s.code, region_name: s.name, weight: finiteOrNull(s.weight), exact: finiteOrNull(s.exact), quota: s.quota })),
    left_out: report.left_out.map((l) => ({ region_code: l.code, region_name: l.name, reason: l.reason })),
  });
}

export const json: ProjectFormatter = { project, explain, allocation };
