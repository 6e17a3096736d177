// `project`: trajectories to the target year, what-if scenarios (--set, --scenario) and target
// allocation (--allocate INDICATOR --by FIELD).

import { RegionEngine, type EngineResult } from '../core/aggregate.js';
import { allocate } from '../core/allocate.js';
import { planExamples } from '../core/plan-lookup.js';
import { assertFiltersMatch } from '../core/filters.js';
import { projectReport, type ProjectReport, type ProjectSelection, type ScenarioRun } from '../core/project.js';
import type { Level, Plan, SubmissionRow } from '../core/types.js';
import { applyScenario, fieldPlan, findInput, parseSetOption, SET_SCENARIO, type Change, type Scenario } from '../core/whatif.js';
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
  detail?: boolean;
}

/** `project` looks from one year: --year Y, or the latest year in the data. */
export function parseOneYear(text: string | undefined, command: string): number | undefined {
  const years = parseYears(text);
  if (years === 'all' || years.length > 1) throw usageError('one_year', { command });
  return years[0];
}

function formatterFor(format: string) {
  const formatter = projectFormatter(format);
  if (!formatter) throw usageError('format_choice', { command: 'project', formats: 'table, csv, json, markdown', value: format });
  return formatter;
}

/** --set changes, one per region named with --region (none: the whole province). */
function setScenario(plan: Plan, sets: string[], regions: string[] | undefined): Scenario | null {
  if (sets.length === 0) return null;
  const changes = sets.flatMap((text): Change[] => {
    const parsed = parseSetOption(text, plan);
    if ('error' in parsed) throw usageError(parsed.error.usage, parsed.error.args);
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

/** Scenarios per report pass: the engines of one pass are alive at once, never all of them. */
const SCENARIOS_PER_PASS = 32;

/**
 * The report with every scenario beside the data as is. Scenarios are applied and aggregated a
 * pass at a time, each engine keeping only the levels reported, and their outcomes appended to
 * the first pass's rows (the same engine and selection give the same rows in the same order):
 * memory grows with the report, not with the scenarios' engines.
 */
function reportWithScenarios(plan: Plan, engine: EngineResult, rows: readonly SubmissionRow[], scenarios: readonly Scenario[], selection: ProjectSelection & { levels: Level[] }): ProjectReport {
  const asOf = selection.year;
  const runOf = (scenario: Scenario): ScenarioRun => {
    const applied = applyScenario(plan, rows, scenario, asOf!);
    const scenarioEngine = new RegionEngine(plan);
    for (const row of applied.rows) scenarioEngine.add(row);
    return { info: { name: scenario.name, changes: scenario.changes, notes: applied.notes }, engine: scenarioEngine.finish(new Set(selection.levels)) };
  };
  const passes = asOf === undefined ? [[]] : Array.from({ length: Math.max(1, Math.ceil(scenarios.length / SCENARIOS_PER_PASS)) }, (_, p) => scenarios.slice(p * SCENARIOS_PER_PASS, (p + 1) * SCENARIOS_PER_PASS));
  const report = projectReport(plan, engine, passes[0]!.map(runOf), selection);
  for (const pass of passes.slice(1)) {
    const part = projectReport(plan, engine, pass.map(runOf), selection);
    report.scenarios.push(...part.scenarios);
    report.scenario_summaries.push(...part.scenario_summaries);
    part.rows.forEach((row, k) => report.rows[k]!.scenarios.push(...row.scenarios));
  }
  return report;
}

export async function runProject(files: string[], options: ProjectOptions): Promise<CommandResult> {
  if (options.allocate !== undefined || options.by !== undefined) return runAllocation(files, options);
  const format = formatterFor(options.format);
  if (options.detail === true && options.format !== 'table') throw usageError('detail_table_only', { value: options.format });
  const year = parseOneYear(options.year, 'project');
  const levels = parseLevels(options.level, ['province', 'city']);
  const sets = options.set ?? [];
  const whatIf = sets.length > 0 || options.scenario !== undefined;
  const regions = splitList(options.region);
  const indicators = splitList(options.indicator);
  // Bad changes are reported before any data is read.
  const loadedPlan = options.loadedPlan ?? (whatIf ? await loadPlan(options.plan) : undefined);
  const scenarios = loadedPlan && whatIf ? await readScenarios(loadedPlan, sets, regions, options.scenario) : [];
  // What-if needs the rows again once all are read (a change's scope and totals are known only
  // then), so the hook keeps them, unchanged, on their way into the baseline engine; only then.
  const rows: SubmissionRow[] = [];
  const data = await loadData(files, { ...options, loadedPlan, transformRow: whatIf ? (row) => (rows.push(row), row) : undefined });
  const { plan, engine } = data;
  assertFiltersMatch({ plan, engine, levels }, { indicators, regions, years: year === undefined ? undefined : [year] });
  const report = reportWithScenarios(plan, engine, rows, scenarios, { year: year ?? engine.years.at(-1), levels, regions, indicators, minCoverage: parseMinCoverage(options.minCoverage) });
  return { output: format.project(report, { lang: options.lang, color: options.color, plan, painter: await painterFor(options.color), width: options.width, detail: options.detail === true }), exitCode: 0, warnings: data.warnings };
}

function allocationLevel(text: string | undefined): Level {
  const levels = parseLevels(text, ['city']);
  if (levels.length !== 1) throw usageError('allocate_one_level');
  return levels[0]!;
}

/** --allocate INDICATOR --by FIELD: the quotas, as a table and a YAML fragment for the plan file. */
async function runAllocation(files: string[], options: ProjectOptions): Promise<CommandResult> {
  const format = formatterFor(options.format);
  const plan = options.loadedPlan ?? (await loadPlan(options.plan));
  if (!options.allocate || !options.by) {
    const example = planExamples(plan);
    throw usageError('allocate_needs_by', { indicator: example.countIndicator, field: example.input });
  }
  const by = findInput(plan, options.by);
  if (!by) throw usageError('not_an_input', { option: '--by', value: options.by });
  const regions = splitList(options.region) ?? [];
  if (regions.length > 1) throw usageError('allocate_one_region');
  const year = parseOneYear(options.year, '--allocate');
  // The `by` input aggregated by its own rule for every region, through the same engine.
  const fields = new RegionEngine(fieldPlan(plan, [by.id]));
  const data = await loadData(files, { ...options, loadedPlan: plan, transformRow: (row) => (fields.add(row), row) });
  const totals = fields.finish();
  assertFiltersMatch({ plan: data.plan, engine: data.engine, indicatorOption: '--allocate' }, { indicators: [options.allocate], regions, years: year === undefined ? undefined : [year] });
  const asOf = year ?? totals.years.at(-1);
  if (asOf === undefined) throw usageError('allocate_no_rows');
  const result = allocate(data.plan, totals, 0, { indicator: options.allocate, by: by.id, year: asOf, level: allocationLevel(options.level), parent: regions[0] });
  if ('error' in result) throw usageError('refused', { command: '--allocate', detail: result.error });
  return { output: format.allocation(result, { lang: options.lang, color: options.color, plan: data.plan, painter: await painterFor(options.color), width: options.width }), exitCode: 0, warnings: data.warnings };
}
