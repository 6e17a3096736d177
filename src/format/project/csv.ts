// Spreadsheet output of project, explain and allocation: fixed columns named by id, numbers rounded
// by roundForCsv, text neutralised against formula injection (as in ../csv.ts).

import type { AllocationReport } from '../../core/allocate.js';
import type { Explanation } from '../../core/explain.js';
import type { ProjectReport, ProjectRow } from '../../core/project.js';
import { toCsv, type Cell } from '../csv.js';
import { textOf, type FormatOptions } from '../formatter.js';
import { roundForCsv } from '../numbers.js';
import type { ProjectFormatter } from './formatter.js';
import { leftOutText, linearReasonText, noTrajectoryText } from './words.js';

const PROJECT_COLUMNS = [
  'region_code',
  'region_name',
  'level',
  'year',
  'indicator',
  'no',
  'value',
  'status',
  'baseline',
  'baseline_source',
  'target',
  'target_year',
  'expected',
  'gap',
  'needed_field',
  'needed_amount',
  'needed_at_trend_amount',
  'method',
  'growth_actual',
  'growth_required',
  'growth_needed',
  'pace_actual',
  'pace_required',
  'pace_needed',
  'ratio',
  'progress',
  'projected',
  'reached_year',
  'note',
];

const SCENARIO_COLUMNS = ['value', 'status', 'projected', 'progress'] as const;

function projectCells(row: ProjectRow, options: FormatOptions): Cell[] {
  const { verdict: v, trajectory: t } = row;
  const note = row.no_trajectory ? noTrajectoryText(row.no_trajectory, options.lang, options.plan) : t?.linear_reason ? linearReasonText(t.linear_reason, options.lang) : '';
  return [
    v.region_code,
    v.region_name,
    v.level,
    v.year,
    v.indicator,
    v.no,
    roundForCsv(v.value),
    v.status,
    roundForCsv(v.baseline),
    v.baseline_source,
    roundForCsv(v.target),
    v.target_year,
    roundForCsv(v.expected),
    roundForCsv(v.gap),
    v.needed?.field ?? null,
    roundForCsv(v.needed?.amount),
    roundForCsv(row.needed_at_trend?.amount),
    t?.method ?? null,
    roundForCsv(t?.growth_actual),
    roundForCsv(t?.growth_required),
    roundForCsv(t?.growth_needed),
    roundForCsv(t?.pace_actual),
    roundForCsv(t?.pace_required),
    roundForCsv(t?.pace_needed),
    roundForCsv(t?.ratio),
    t?.progress ?? null,
    roundForCsv(t?.projected),
    t?.reached_year ?? null,
    note,
  ];
}

function project(report: ProjectReport, options: FormatOptions): string {
  const header = [...PROJECT_COLUMNS, ...report.scenarios.flatMap((s) => SCENARIO_COLUMNS.map((c) => `${s.name}:${c}`))];
  const rows = report.rows.map((row) => [
    ...projectCells(row, options),
    ...row.scenarios.flatMap((o): Cell[] => [roundForCsv(o.value), o.status, roundForCsv(o.projected), o.progress]),
  ]);
  return textOf(toCsv(header, rows));
}

/** One row per contributor, then the region itself (role "total"), then those left out. */
function explain(e: Explanation, options: FormatOptions): string {
  const weighted = e.inputs.filter((i) => i.weight);
  const header = ['role', 'region_code', 'region_name', ...e.inputs.map((i) => i.id), ...weighted.map((i) => `weight:${i.id}`), 'value', 'note'];
  const rows: Cell[][] = e.contributors.map((c) => [
    'contributor',
    c.code,
    c.name,
    ...e.inputs.map((i) => roundForCsv(c.inputs?.[i.id])),
    ...weighted.map((i) => roundForCsv(c.weights[i.id])),
    roundForCsv(c.value),
    '',
  ]);
  rows.push(['total', e.region.code, e.region.name, ...e.inputs.map((i) => roundForCsv(i.value)), ...weighted.map(() => null), roundForCsv(e.value), e.verdict.status]);
  for (const l of e.left_out) rows.push(['left_out', l.code, l.name, ...e.inputs.map(() => null), ...weighted.map(() => null), null, leftOutText(l.why, options.lang, options.plan)]);
  return textOf(toCsv(header, rows));
}

function allocation(report: AllocationReport): string {
  const rows: Cell[][] = report.shares.map((s) => [s.code, s.name, roundForCsv(s.weight), roundForCsv(s.exact), s.quota]);
  return textOf(toCsv(['region_code', 'region_name', report.by, 'exact', 'quota'], rows));
}

export const csv: ProjectFormatter = { project, explain, allocation };
