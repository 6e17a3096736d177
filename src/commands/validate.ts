// `planmetrics validate`: the plan and the submissions, every problem at once, nothing judged.

import { diagnostic, PlanmetricsError, type Diagnostic, type FindingCounts } from '../core/diagnostics.js';
import type { Lang, Plan } from '../core/types.js';
import { buildValidationReport, validationExitCode, type ValidatedFile } from '../core/validation-report.js';
import { diagnosticFormatters, DIAGNOSTIC_FORMAT_NAMES, type DiagnosticFormatName } from '../format/diagnostics.js';
import type { EncodingOption } from '../io/decode.js';
import { BUNDLED_PLAN, loadPlan } from '../io/read-plan.js';
import { startReaderThreadFor } from '../io/reader-thread.js';
import { bundledSampleFiles, readChecked } from './load.js';
import { usageError } from './options.js';
import type { CommandResult } from './result.js';

export interface ValidateOptions {
  plan?: string;
  /** The plan already read from `plan` (see CommonOptions). */
  loadedPlan?: Plan;
  format: string;
  lang: Lang;
  encoding: EncodingOption;
  /** Warnings count as errors: exit 1 when there are only warnings. */
  strict?: boolean;
  /** From the command line: a positive whole number. */
  maxErrors?: string | number;
  stdin?: NodeJS.ReadableStream;
  /** For .xlsx submissions: the worksheet to read (default: the first). */
  sheet?: string;
}

interface Findings {
  planId: string | null;
  files: ValidatedFile[];
  /** The findings kept (the first of each severity); `counts` has them all. */
  diagnostics: Diagnostic[];
  counts?: FindingCounts;
}

/** Without --max-errors, at most this many errors (and warnings) are held and listed; all are counted. */
const DEFAULT_KEPT = 10_000;

function parseFormat(name: string): DiagnosticFormatName {
  if ((DIAGNOSTIC_FORMAT_NAMES as string[]).includes(name)) return name as DiagnosticFormatName;
  throw usageError('format_choice', { command: 'validate', formats: DIAGNOSTIC_FORMAT_NAMES.join(', '), value: name });
}

function parseMaxErrors(value: string | number | undefined): number | undefined {
  if (value === undefined) return undefined;
  const count = Number(value);
  if (!Number.isInteger(count) || count < 1) throw usageError('max_errors', { value });
  return count;
}

/** No files: the bundled sample with the bundled plan; with another plan, the plan alone. */
function filesToValidate(files: string[], planFile: string | undefined): string[] {
  if (files.length > 0) return files;
  return planFile === undefined || planFile === BUNDLED_PLAN ? bundledSampleFiles() : [];
}

async function tryLoadPlan(planFile: string | undefined): Promise<{ plan: Plan } | { problems: Diagnostic[] }> {
  try {
    return { plan: await loadPlan(planFile) };
  } catch (error) {
    if (error instanceof PlanmetricsError) return { problems: error.diagnostics };
    throw error;
  }
}

/** One pass over every file: row checks as rows stream past, then the cross-row checks. */
async function findProblems(files: string[], options: ValidateOptions, keep: number): Promise<Findings> {
  startReaderThreadFor(files);
  const loaded = options.loadedPlan ? { plan: options.loadedPlan } : await tryLoadPlan(options.plan);
  if ('problems' in loaded) return { planId: null, files: [], diagnostics: loaded.problems };
  const { plan } = loaded;
  const { files: read, findings } = await readChecked(plan, filesToValidate(files, options.plan), options, keep);
  return { planId: plan.meta.id, files: read, diagnostics: findings.kept, counts: findings.counts };
}

export async function runValidate(files: string[], options: ValidateOptions): Promise<CommandResult> {
  const format = parseFormat(options.format);
  const maxErrors = parseMaxErrors(options.maxErrors);
  const findings = await findProblems(files, options, maxErrors ?? DEFAULT_KEPT);
  const report = buildValidationReport({
    plan: { file: options.plan ?? BUNDLED_PLAN, id: findings.planId },
    files: findings.files,
    diagnostics: findings.diagnostics,
    counts: findings.counts,
    maxErrors: maxErrors ?? DEFAULT_KEPT,
  });
  const exitCode = validationExitCode(report.summary, options.strict === true);
  return {
    output: diagnosticFormatters[format](report, { lang: options.lang }),
    exitCode,
    // The report is on stdout (perhaps a file): stderr says why the run failed.
    warnings: exitCode === 1 ? [diagnostic('STRICT_WARNINGS', {}, { count: report.summary.warnings })] : [],
  };
}
