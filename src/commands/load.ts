// The shared front half of check/compute/project/explain: plan + submissions -> engine results.

import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { RegionEngine, type EngineOptions, type EngineResult } from '../core/aggregate.js';
import { FindingCollector, hasErrors, PlanmetricsError, type Diagnostic } from '../core/diagnostics.js';
import { briefPartialCoverage } from '../core/divisions.js';
import type { Level, Plan, SubmissionRow } from '../core/types.js';
import { SubmissionChecker } from '../core/validate.js';
import type { EncodingOption } from '../io/decode.js';
import { BUNDLED_PLAN, loadPlan } from '../io/read-plan.js';
import { readSubmissions } from '../io/read-submissions.js';
import { startReaderThreadFor } from '../io/reader-thread.js';
import { usageError } from './options.js';

export const BUNDLED_SAMPLE_DIR = fileURLToPath(new URL('../../data/sample/', import.meta.url));

export function bundledSampleFiles(): string[] {
  return readdirSync(BUNDLED_SAMPLE_DIR)
    .filter((name) => name.endsWith('.csv'))
    .sort()
    .map((name) => join(BUNDLED_SAMPLE_DIR, name));
}

/** No files: the bundled sample, which only fits the bundled plan. */
export function resolveInputs(files: string[], planFile: string | undefined): string[] {
  if (files.length > 0) return files;
  if (planFile === undefined || planFile === BUNDLED_PLAN) return bundledSampleFiles();
  throw usageError('no_files_for_plan');
}

export interface LoadedData {
  plan: Plan;
  files: string[];
  engine: EngineResult;
  warnings: Diagnostic[];
}

export interface LoadOptions {
  plan?: string;
  /** The plan already read from `plan` (see CommonOptions). */
  loadedPlan?: Plan;
  encoding: EncodingOption;
  stdin?: NodeJS.ReadableStream;
  /** For .xlsx submissions: the worksheet to read (default: the first). */
  sheet?: string;
  engine?: EngineOptions;
  /** Lets `project` adjust rows (what-if) on their way into the engine. */
  transformRow?: (row: SubmissionRow) => SubmissionRow;
  /** The only levels whose results are read (`compute`): the engine lets go of the others once folded. */
  levels?: ReadonlySet<Level>;
}

/** Reads and checks every file in one pass; throws with every error found, or returns the results. */
/** Findings of each severity kept for stderr; the rest are counted (FINDINGS_MORE). */
const FINDINGS_KEPT = 1000;

/** What one pass over the inputs found: the engine the rows went into, the files read, the findings. */
export interface CheckedRead {
  engine: RegionEngine;
  files: { file: string; rows: number }[];
  findings: FindingCollector;
}

/**
 * The one pass every command makes: each row checked and added to the engine as it is read, then
 * the checks across rows. `validate` stops here; the others go on to the engine's results.
 */
export async function readChecked(plan: Plan, inputs: string[], options: LoadOptions, keep: number, planWarnings: readonly Diagnostic[] = plan.warnings ?? []): Promise<CheckedRead> {
  const engine = new RegionEngine(plan, options.engine);
  // Row checks here; the engine's roll-up finds repeated rows and the findings across rows.
  const checker = new SubmissionChecker(plan, engine);
  const findings = new FindingCollector(keep);
  findings.addAll(planWarnings);
  const readOptions = { encoding: options.encoding, stdin: options.stdin, sheet: options.sheet };
  // Nothing below keeps a row unless `transformRow` does (what-if keeps them all).
  const results = await readSubmissions(inputs, plan, { ...readOptions, transientVillages: !options.transformRow }, (row) => {
    findings.addAll(checker.check(row, options.transformRow ? options.transformRow(row) : row));
  });
  for (const result of results) findings.addAll(result.diagnostics);
  findings.addAll(checker.finish());
  return { engine, files: results.map(({ file, rows }) => ({ file, rows })), findings };
}

export async function loadData(files: string[], options: LoadOptions): Promise<LoadedData> {
  startReaderThreadFor(files);
  const plan = options.loadedPlan ?? (await loadPlan(options.plan));
  const inputs = resolveInputs(files, options.plan);
  // For stderr: a few DIVISIONS_PARTIAL and a count of the rest (validate lists them all), cut
  // before they are collected so that the rest do not take the places of the data's findings.
  const planWarnings = briefPartialCoverage(plan.warnings ?? [], options.plan ?? BUNDLED_PLAN);
  const { engine, findings } = await readChecked(plan, inputs, options, FINDINGS_KEPT, planWarnings);
  const sorted = findings.list();
  if (hasErrors(sorted)) throw new PlanmetricsError(sorted);
  return { plan, files: inputs, engine: engine.finish(options.levels), warnings: sorted };
}
