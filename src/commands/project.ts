// `project`: trajectories to the target year, what-if scenarios (--set, --scenario) and target
// allocation (--allocate INDICATOR --by FIELD).

import { RegionEngine, aggregateRows } from '../core/aggregate.js';
import { allocate } from '../core/allocate.js';
import { planExamples } from '../core/plan-lookup.js';
import { projectReport, type ScenarioRun } from '../core/project.js';
import type { Level, Plan, SubmissionRow } from '../core/types.js';
import { applyScenario, fieldPlan, findInput, parseSetOption, type Change, type Scenario } from '../core/whatif.js';
import { painterFor } from '../format/paint.js';
import { projectFormatter } from '../format/project/index.js';
import { loadPlan } from '../io/read-plan.js';
import { loadData } from './load.js';
import { parseLevels, parseMinCoverage, parseYears, splitList, usageError, type CommonOptions } from './options.js';
import type { CommandResult } from './result.js';

export interface ProjectOptions extends CommonOptions {
  set?: string[];
  scenario?: string;
  allocate?: string;
  by?: string;
  stdin?: NodeJS.ReadableStream;
  sheet?: string;
  /** --min-coverage (see CheckOptions). */
  minCoverage?: string;
}

/** The name the --set changes go by, as a scenario beside the file's. */
export const SET_SCENARIO = '--set';

/** `project` looks from one year: --year Y, or the latest year in the data. */
export function parseOneYear(text: string | undefined, command: string): number | undefined {
  const years = parseYears(text);
  if (years === 'all' || years.length > 1) throw usageError(`${command} looks from one year: give --year 2024, or leave it out for the latest year in the data`);
  return years[0];
}

function formatterFor(format: string) {
  const formatter = projectFormatter(format);
  if (!formatter) throw usageError(`this command writes table, csv, json or markdown; got --format ${format}`);
  return formatter;
}

/** --set changes, one per region named with --region (none: the whole province). */
function setScenario(plan: Plan, sets: string[], regions: string[] | undefined): Scenario | null {
  if (sets.length === 0) return null;
  const changes = sets.flatMap((text): Change[] => {
    const parsed = parseSetOption(text, plan);
    if ('error' in parsed) throw usageError(parsed.error);
    return regions && regions.length > 0 ? regions.map((region) => ({ ...parsed, region })) : [parsed];
  });
  return { name: SET_SCENARIO, changes };
}

async function readScenarios(plan: Plan, sets: string[], regions: string[] | undefined, file: string | undefined): Promise<Scenario[]> {
  const fromSet = setScenario(plan, sets, regions);
  // The scenario reader (yaml, zod) is loaded only when there is a file to read.
  const fromFile = file ? (await import('../io/read-scenario.js')).readScenarioFile(file, plan) : [];
  return [...(fromSet ? [fromSet] : []), ...fromFile];
}

export async function runProject(files: string[], options: ProjectOptions): Promise<CommandResult> {
  if (options.allocate !== undefined || options.by !== undefined) return runAllocation(files, options);
  const format = formatterFor(options.format);
  const year = parseOneYear(options.year, 'project');
  const sets = options.set ?? [];
  const whatIf = sets.length > 0 || options.scenario !== undefined;
  const regions = splitList(options.region);
  // Bad changes are reported before any data is read.
  const scenarios = whatIf ? await readScenarios(await loadPlan(options.plan), sets, regions, options.scenario) : [];
  // What-if needs the rows again once all are read (a change's scope and totals are known only
  // then), so the hook keeps them, unchanged, on their way into the baseline engine; only then.
  const rows: SubmissionRow[] = [];
  const data = await loadData(files, { ...options, transformRow: whatIf ? (row) => (rows.push(row), row) : undefined });
  const { plan, engine } = data;
  const asOf = year ?? engine.years.at(-1);
  const runs: ScenarioRun[] =
    asOf === undefined
      ? []
      : scenarios.map((scenario) => {
          const applied = applyScenario(plan, rows, scenario, asOf);
          return { info: { name: scenario.name, changes: scenario.changes, notes: applied.notes }, engine: aggregateRows(plan, applied.rows) };
        });
  const report = projectReport(plan, engine, runs, {
    year: asOf,
    levels: parseLevels(options.level, ['province', 'city']),
    regions,
    indicators: splitList(options.indicator),
    minCoverage: parseMinCoverage(options.minCoverage),
  });
  return { output: format.project(report, { lang: options.lang, color: options.color, plan, painter: await painterFor(options.color) }), exitCode: 0, warnings: data.warnings };
}

function allocationLevel(text: string | undefined): Level {
  const levels = parseLevels(text, ['city']);
  if (levels.length !== 1) throw usageError('--allocate splits among one level: --level city (the default) or --level county');
  return levels[0]!;
}

/** --allocate INDICATOR --by FIELD: the quotas, as a table and a YAML fragment for the plan file. */
async function runAllocation(files: string[], options: ProjectOptions): Promise<CommandResult> {
  const format = formatterFor(options.format);
  const plan = await loadPlan(options.plan);
  if (!options.allocate || !options.by) {
    const example = planExamples(plan);
    throw usageError(`--allocate INDICATOR needs --by FIELD (e.g. --allocate ${example.countIndicator} --by ${example.input})`);
  }
  const by = findInput(plan, options.by);
  if (!by) throw usageError(`--by: "${options.by}" is not an input of this plan (see planmetrics indicators)`);
  const regions = splitList(options.region) ?? [];
  if (regions.length > 1) throw usageError('--allocate splits one region\'s target: give at most one --region (default: the province)');
  const year = parseOneYear(options.year, '--allocate');
  // The `by` input aggregated by its own rule for every region, through the same engine.
  const fields = new RegionEngine(fieldPlan(plan, [by.id]));
  const data = await loadData(files, { ...options, transformRow: (row) => (fields.add(row), row) });
  const totals = fields.finish();
  const asOf = year ?? totals.years.at(-1);
  if (asOf === undefined) throw usageError('--allocate: the data has no rows');
  const result = allocate(data.plan, totals, 0, { indicator: options.allocate, by: by.id, year: asOf, level: allocationLevel(options.level), parent: regions[0] });
  if ('error' in result) throw usageError(result.error);
  return { output: format.allocation(result, { lang: options.lang, color: options.color, plan: data.plan, painter: await painterFor(options.color) }), exitCode: 0, warnings: data.warnings };
}
