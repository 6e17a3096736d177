// The command-line program. run() is one run of it against the streams and environment it is
// given (tests run it in-process); main() is the process's: the only code that touches
// process.argv, the process's stdout/stderr, its listeners and its exit code. Each command's module
// is imported when that command runs, so start-up stays cheap.

import { Command, CommanderError, Option } from 'commander';
import type { Diagnostic } from './core/diagnostics.js';
import type { CommandResult } from './commands/result.js';
import { PROJECT_FORMAT_NAMES, REPORT_FORMAT_NAMES } from './format/registry.js';
import { handleStreamErrors, isClosedPipe, isTerminal, writeStdout } from './io/stdout.js';

// The format registry names the formats without loading any formatter: nothing at start-up.
const FORMATS: string[] = REPORT_FORMAT_NAMES;
const PROJECT_FORMATS: string[] = PROJECT_FORMAT_NAMES;
const MIN_COVERAGE_HELP = 'judge a parent built from its children only when this share (0 to 1) of them report the inputs (default 1: all)';
const SHEET_HELP = 'worksheet to read in .xlsx submissions (default: the first sheet)';

/** Where a run writes: process.stdout, a file stream or a test's collector all fit. */
export interface OutputSink {
  /** Writes a chunk. A `false` answer, on a sink that has `once`, asks to wait for 'drain'. */
  write(chunk: string | Uint8Array): unknown;
  once?(event: 'drain', listener: () => void): unknown;
  /** A terminal: colour by default, progress on stderr, no binary output on stdout. */
  readonly isTTY?: boolean;
  readonly columns?: number;
}

/** What one run reads and writes besides files named on its command line. */
export interface CliIo {
  stdout: OutputSink;
  stderr: OutputSink;
  /** Standard input, for the file `-`; absent: the process's own. */
  stdin?: NodeJS.ReadableStream;
  /** The environment the run sees (NO_COLOR, FORCE_COLOR, PLANMETRICS_PROGRESS_AFTER_MS); absent: empty. */
  env?: Readonly<Record<string, string | undefined>>;
}

/** One run: its io and the exit code it ends with. Nothing of a run lives beyond it. */
interface RunState {
  io: CliIo;
  /** The words after `planmetrics`, as given. */
  args: readonly string[];
  exitCode: number;
  /** commander's own usage error, written when the run ends (see run). */
  usageError?: string;
  /** Whether --format was given (commander fills in its default otherwise): else -o's extension picks it. */
  formatGiven?: boolean;
}

/** --color / --no-color first, then FORCE_COLOR and NO_COLOR, then TERM=dumb, then whether stdout is a terminal. */
function useColor({ io }: RunState, flag?: unknown): boolean {
  if (flag === true || flag === false) return flag;
  const force = io.env?.FORCE_COLOR;
  const noColor = io.env?.NO_COLOR;
  if (force !== undefined && force !== '' && force !== '0' && force !== 'false') return true;
  if (noColor !== undefined && noColor !== '') return false;
  if (force === '0' || force === 'false') return false;
  if (io.env?.TERM === 'dumb') return false;
  return io.stdout.isTTY === true;
}

function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

/** The options a command may read besides those every report command reads; each command's help text (defaults included). */
interface Reads {
  year?: string;
  level?: string;
  region?: string;
  indicator?: string;
  /** Submissions are read: --encoding and -q. */
  submissions?: boolean;
}

const LEVELS_HELP = 'province|city|county|township|village|all, or a comma list';
const REGION_HELP = 'only these region codes (repeatable or comma list)';
const INDICATOR_HELP = 'only these indicator ids or numbers (repeatable or comma list)';
/** What check and compute read. */
const SELECTS: Reads = { level: `${LEVELS_HELP} (default: province,city)`, region: REGION_HELP, indicator: INDICATOR_HELP, submissions: true };

/** A command gets only the options it reads: one it ignores would be accepted and do nothing. */
function addCommonOptions(command: Command, reads: Reads, formats: string[] = FORMATS, defaultFormat = 'table'): Command {
  command.option('--plan <file>', 'plan file (YAML); default: the bundled Zhejiang 2021–2025 plan');
  if (reads.year) command.option('--year <years>', reads.year);
  if (reads.level) command.option('--level <levels>', reads.level);
  if (reads.region) command.option('--region <codes>', reads.region, collect);
  if (reads.indicator) command.option('--indicator <ids>', reads.indicator, collect);
  command
    .addOption(new Option('--format <name>', 'output format').choices(formats).default(defaultFormat))
    .option('-o, --output <file>', 'write to this file (whole or not at all) instead of stdout')
    .addOption(new Option('--lang <lang>', 'labels in Chinese or English').choices(['zh', 'en']).default('zh'));
  if (reads.submissions) command.addOption(new Option('--encoding <name>', 'input encoding').choices(['auto', 'utf8', 'gb18030']).default('auto'));
  command
    .addOption(new Option('--output-encoding <name>', 'encoding of csv/table/markdown output (utf8-bom or gb18030: for a double-click in Excel)').choices(['utf8', 'utf8-bom', 'gb18030']))
    .option('--bom', 'write UTF-8 with a byte-order mark (same as --output-encoding utf8-bom)');
  if (reads.submissions) command.option('-q, --quiet', 'no progress line on stderr while large files are read');
  return command
    .option('--color', 'colour the table even when stdout is not a terminal (default: NO_COLOR, FORCE_COLOR, TERM=dumb, then whether it is one)')
    .option('--no-color', 'no colour, even on a terminal')
    .option('--debug', 'show stack traces for internal errors');
}

/** Before any command module loads: on a terminal, reading shows progress (until the run ends, see run()). */
async function prepareRun({ io }: RunState, options: Record<string, unknown>): Promise<void> {
  if (options.quiet !== true && io.stderr.isTTY === true) {
    const { readProgress } = await import('./io/progress.js');
    // For tests only: draw from the start instead of after a second.
    const afterMs = Number(io.env?.PLANMETRICS_PROGRESS_AFTER_MS);
    readProgress.enable(io.stderr, Number.isFinite(afterMs) && afterMs >= 0 ? { afterMs } : {});
  }
}

async function printDiagnostics(stderr: OutputSink, diagnostics: readonly Diagnostic[], lang: 'zh' | 'en'): Promise<void> {
  if (diagnostics.length === 0) return;
  const { formatDiagnosticLine } = await import('./format/messages.js');
  for (const d of diagnostics) stderr.write(`${formatDiagnosticLine(d, lang)}\n`);
}

/**
 * Every file a run reads, for the guard that no input is ever the output: the plan's division list
 * too. The plan read for it is handed on to the command (options.loadedPlan), which would read it
 * again otherwise; a plan that cannot be read is left to the command to report.
 */
async function inputsOf(options: Record<string, unknown>, files: string[]): Promise<string[]> {
  const inputs = [...files];
  for (const name of ['plan', 'scenario']) if (typeof options[name] === 'string') inputs.push(options[name] as string);
  if (typeof options.plan === 'string') {
    const [{ loadPlan }, { divisionsFileOf }] = await Promise.all([import('./io/read-plan.js'), import('./io/write-output.js')]);
    const plan = await loadPlan(options.plan).catch(() => undefined);
    const divisions = plan && divisionsFileOf(options.plan, plan);
    if (plan) options.loadedPlan = plan;
    if (divisions !== undefined) inputs.push(divisions);
  }
  return inputs;
}

/**
 * Runs a command: picks the format (--format, else the -o extension), refuses an output path that
 * is an input, writes the output as it is made, prints warnings, sets the exit code.
 */
async function execute(state: RunState, options: Record<string, unknown>, inputs: string[], run: () => Promise<CommandResult>): Promise<void> {
  const lang = options.lang === 'en' ? 'en' : 'zh';
  try {
    const output = options.output as string | undefined;
    const { assertNotAnInput, assertOutputFits, chooseFormat, resolveOutputEncoding, writeOutput } = await import('./io/write-output.js');
    options.format = chooseFormat(state.formatGiven ? (options.format as string) : undefined, output, String(options.format ?? 'table'));
    if (output !== undefined) assertNotAnInput(output, await inputsOf(options, inputs));
    const encoding = resolveOutputEncoding(options.outputEncoding as string | undefined, options.bom === true);
    assertOutputFits(String(options.format ?? ''), encoding, output, state.io.stdout.isTTY === true);
    const result = await run();
    const printed = result.warnings.length;
    await printDiagnostics(state.io.stderr, result.warnings, lang);
    await writeOutput(result.output, output, encoding, state.io.stdout);
    state.exitCode = typeof result.exitCode === 'function' ? result.exitCode() : result.exitCode;
    // What a streamed run learnt as it wrote: the targets that failed `check`, characters xlsx cannot hold.
    await printDiagnostics(state.io.stderr, result.warnings.slice(printed), lang);
  } catch (error) {
    if (isClosedPipe(error)) {
      state.exitCode = 0;
      return;
    }
    const { PlanmetricsError } = await import('./core/diagnostics.js');
    if (error instanceof PlanmetricsError) {
      await printDiagnostics(state.io.stderr, error.diagnostics, lang);
      state.exitCode = error.exitCode;
      return;
    }
    state.io.stderr.write(`planmetrics: internal error: ${(error as Error).message}\n`);
    if (options.debug) state.io.stderr.write(`${(error as Error).stack}\n`);
    else state.io.stderr.write('planmetrics: run again with --debug for details, and report it\n');
    state.exitCode = 2;
  }
}

/** The width the table views fit: the terminal's, else COLUMNS, else 80. */
function outputWidth({ io }: RunState): number {
  if (io.stdout.isTTY === true && io.stdout.columns && io.stdout.columns > 0) return io.stdout.columns;
  const columns = Number(io.env?.COLUMNS);
  return Number.isInteger(columns) && columns > 0 ? columns : 80;
}

/** A command's options: the parsed ones, the run's colour, width and its standard input. */
function common(state: RunState, options: Record<string, unknown>) {
  return { ...options, color: useColor(state, options.color), width: outputWidth(state), ...(state.io.stdin ? { stdin: state.io.stdin } : {}) } as never;
}

/** Each command's options and action, added to the program by name. */
const COMMANDS: Record<string, (program: Command, state: RunState) => void> = {
  check: (program, state) => {
    addCommonOptions(program.command('check').argument('[files...]', 'submission files (.csv, .xlsx); - for CSV on stdin; none: the bundled sample'), {
      ...SELECTS,
      year: 'year(s) to judge: 2024, 2020,2024 or all (default: the latest year in the data)',
    })
      .option('--sheet <name>', SHEET_HELP)
      .description('judge every indicator for every region and year selected against its target')
      .addOption(new Option('--fail-on <which>', 'exit 1 when these targets are due and not met').choices(['binding', 'any', 'none']).default('binding'))
      .option('--min-coverage <share>', MIN_COVERAGE_HELP)
      .option('--detail', 'table: one row per region and indicator (default: the overview, indicators × regions)')
      .action(async (files: string[], options: Record<string, unknown>) => {
        const { runCheck } = await import('./commands/check.js');
        await execute(state, options, files, () => runCheck(files, common(state, options)));
      });
  },
  compute: (program, state) => {
    addCommonOptions(program.command('compute').argument('[files...]', 'submission files (.csv, .xlsx); - for CSV on stdin; none: the bundled sample'), {
      ...SELECTS,
      year: 'year(s) to compute: 2024, 2020,2024 or all (default: every year in the data)',
    })
      .option('--sheet <name>', SHEET_HELP)
      .description('the indicator values only, one row per region and year (default: every year)')
      .action(async (files: string[], options: Record<string, unknown>) => {
        const { runCompute } = await import('./commands/compute.js');
        await execute(state, options, files, () => runCompute(files, common(state, options)));
      });
  },
  validate: (program, state) => {
    program
      .command('validate')
      .argument('[files...]', 'submission files (.csv, .xlsx); - for CSV on stdin; none: the bundled sample (with --plan: the plan alone)')
      .description('check submissions and the plan for problems, without judging targets; the report goes to stdout')
      .option('--plan <file>', 'plan file (YAML); default: the bundled Zhejiang 2021–2025 plan')
      .addOption(new Option('--format <name>', 'report format').choices(['text', 'json', 'github']).default('text'))
      .option('--strict', 'warnings count as errors: exit 1 when there are only warnings')
      .option('--max-errors <n>', 'list at most N errors (the rest are counted; default 10000)')
      .addOption(new Option('--lang <lang>', 'messages in Chinese or English').choices(['zh', 'en']).default('zh'))
      .addOption(new Option('--encoding <name>', 'input encoding').choices(['auto', 'utf8', 'gb18030']).default('auto'))
      .option('--sheet <name>', SHEET_HELP)
      .option('-q, --quiet', 'no progress line on stderr while large files are read')
      .option('--debug', 'show stack traces for internal errors')
      .action(async (files: string[], options: Record<string, unknown>) => {
        const { runValidate } = await import('./commands/validate.js');
        await execute(state, options, files, () => runValidate(files, common(state, options)));
      });
  },
  project: (program, state) => {
    addCommonOptions(
      program.command('project').argument('[files...]', 'submission CSV files; - for stdin; none: the bundled sample'),
      {
        ...SELECTS,
        year: 'the year to look from (default: the latest year in the data)',
        level: `${LEVELS_HELP} (default: province,city; with --allocate: the one level to split among, default city)`,
        region: `${REGION_HELP}; with --set: where the change applies; with --allocate: the region whose target is split`,
      },
      PROJECT_FORMATS,
    )
      .description('trajectories to the target year, what-if scenarios (--set, --scenario) and target allocation (--allocate)')
      .option('--set <change>', 'what-if: FIELD=VALUE|+N|-N|+P%|-P% in the year looked at (repeatable; scoped by --region)', collect)
      .option('--scenario <file>', 'what-if: named scenarios from a YAML file, side by side with the data as is')
      .option('--allocate <indicator>', "split a count target among the children (--level city|county) in proportion to --by; prints the plan's quotas")
      .option('--by <field>', 'with --allocate: the input to split in proportion to (e.g. resident_population)')
      .option('--min-coverage <share>', MIN_COVERAGE_HELP)
      .option('--detail', 'table: one row per region and indicator (default: the overview, indicators × regions)')
      .action(async (files: string[], options: Record<string, unknown>) => {
        const { runProject } = await import('./commands/project.js');
        await execute(state, options, files, () => runProject(files, common(state, options)));
      });
  },
  explain: (program, state) => {
    addCommonOptions(
      program
        .command('explain')
        .argument('<indicator>', 'indicator id or number')
        .argument('[files...]', 'submission CSV files; - for stdin; none: the bundled sample'),
      { year: 'the year to look at (default: the latest year in the data)', region: 'the region whose value to explain (required, one code)', submissions: true },
      PROJECT_FORMATS,
    )
      .description('show how one value was computed: formula with numbers, contributing children, verdict (needs --region CODE)')
      .action(async (indicator: string, files: string[], options: Record<string, unknown>) => {
        const { runExplain } = await import('./commands/explain.js');
        await execute(state, options, files, () => runExplain(indicator, files, common(state, options)));
      });
  },
  indicators: (program, state) => {
    addCommonOptions(program.command('indicators'), { indicator: 'only these indicators, by id or number (repeatable or comma list)' })
      .description("list the plan's indicators and input fields")
      .action(async (options: Record<string, unknown>) => {
        const { runIndicators } = await import('./commands/indicators.js');
        await execute(state, options, [], () => runIndicators(common(state, options)));
      });
  },
  template: (program, state) => {
    addCommonOptions(
      program.command('template'),
      {
        year: 'the year of the rows: with it, one row per division at --level (default: the header alone)',
        level: `levels of the rows: ${LEVELS_HELP} (default: city)`,
        region: 'only the divisions within these region codes (repeatable or comma list)',
      },
      ['csv', 'xlsx'],
      'csv',
    )
      .description('write an empty submission CSV (or xlsx fill-in sheet) with every input column (with --year and --level: one row per division)')
      .option('--labels', 'Chinese labels in the header instead of ids (xlsx always has them)')
      .action(async (options: Record<string, unknown>) => {
        const { runTemplate } = await import('./commands/template.js');
        await execute(state, options, [], () => runTemplate(common(state, options)));
      });
  },
  completeness: (program, state) => {
    addCommonOptions(
      program.command('completeness').argument('[files...]', 'submission files (.csv, .xlsx); - for CSV on stdin; none: the bundled sample'),
      {
        year: 'year(s) to look at: 2024, 2020,2024 or all (default: the latest year in the data)',
        level: 'the level expected to report: province|city|county|township|village (default: the lowest level in the data)',
        region: 'only the regions within these codes (repeatable or comma list)',
        submissions: true,
      },
      PROJECT_FORMATS,
    )
      .option('--sheet <name>', SHEET_HELP)
      .option('--min-coverage <share>', 'a parent with no row of its own counts as arrived when this share (0 to 1) of its children did (default 1: all)')
      .description('who has not reported what: every region the division list expects at --level, whether it arrived, its blank inputs and the indicators they block (exit 1 when any is absent or partial)')
      .action(async (files: string[], options: Record<string, unknown>) => {
        const { runCompleteness } = await import('./commands/completeness.js');
        await execute(state, options, files, () => runCompleteness(files, common(state, options)));
      });
  },
  schema: (program, state) => {
    program
      .command('schema')
      .description('print the plan file format as JSON Schema (for editors)')
      .option('-o, --output <file>', 'write to this file instead of stdout')
      .action(async (options: Record<string, unknown>) => {
        const { runSchema } = await import('./commands/schema.js');
        await execute(state, options, [], () => runSchema());
      });
  },
  init: (program, state) => {
    program
      .command('init')
      .description('write a starter plan YAML for a province (validates as it stands)')
      .requiredOption('--province <code>', 'province code (e.g. 320000) or name of the built-in division list')
      .option('--baseline <year>', "the plan's baseline year (default 2020)")
      .option('--target <year>', 'the year its targets are due (default 2025)')
      .option('-o, --output <file>', 'write to this file instead of stdout')
      .action(async (options: Record<string, unknown>) => {
        const { runInit } = await import('./commands/init.js');
        await execute(state, options, [], () => runInit(options));
      });
  },
};

/**
 * The program for one run with every command, or with `only` that one: a run builds just the
 * command it runs (the others' ~100 options cost a millisecond or two at every start); help and
 * unknown commands get all.
 */
/** The language asked for on the command line, for messages made before options are parsed. */
function langOf(args: readonly string[]): 'zh' | 'en' {
  const at = args.lastIndexOf('--lang');
  const value = at >= 0 ? args[at + 1] : [...args].reverse().find((word) => word.startsWith('--lang='))?.slice('--lang='.length);
  return value === 'en' ? 'en' : 'zh';
}

function buildProgram(state: RunState, only?: string): Command {
  const { stdout, stderr } = state.io;
  const program = new Command('planmetrics')
    .description('Check regional data against the quantified targets of a development plan')
    .version('0.1.0', '-v, --version')
    .exitOverride()
    .configureOutput({
      writeOut: (text) => stdout.write(text),
      writeErr: (text) => stderr.write(text),
      // Kept for run(), which words it in the run's language once the message catalogue is loaded.
      outputError: (text) => {
        state.usageError = text;
      },
      // Commander's own default: the terminal's width, else 80.
      getOutHelpWidth: () => (stdout.isTTY && stdout.columns ? stdout.columns : 80),
      getErrHelpWidth: () => (stderr.isTTY && stderr.columns ? stderr.columns : 80),
      getOutHasColors: () => false,
      getErrHasColors: () => false,
    })
    .hook('preAction', (_program, command) => {
      const source = command.getOptionValueSource('format');
      state.formatGiven = source !== undefined && source !== 'default';
      return prepareRun(state, command.opts());
    });

  for (const [name, add] of Object.entries(COMMANDS)) if (only === undefined || only === name) add(program, state);
  return program;
}

/**
 * One run of planmetrics: `args` as typed after `planmetrics` (['check', '--format', 'csv']),
 * reading and writing only through `io` (and the files it names). Resolves to the exit code; sets
 * nothing on the process, so that runs can follow one another, or overlap, in one process.
 */
export async function run(args: readonly string[], io: CliIo): Promise<number> {
  const state: RunState = { io, args, exitCode: 0 };
  try {
    const command = args[0];
    await buildProgram(state, command !== undefined && Object.hasOwn(COMMANDS, command) ? command : undefined).parseAsync([...args], { from: 'user' });
  } catch (error) {
    if (isClosedPipe(error)) return 0;
    if (error instanceof CommanderError) {
      const ok = error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.code === 'commander.help';
      if (!ok && state.usageError !== undefined) {
        const { commanderErrorText } = await import('./format/messages.js');
        const lang = langOf(args);
        io.stderr.write(commanderErrorText(state.usageError, lang));
        io.stderr.write(lang === 'zh' ? '（用 --help 查看用法）\n' : '(run with --help for usage)\n');
      }
      return ok ? 0 : 2;
    }
    throw error;
  } finally {
    // The progress line belongs to this run only.
    if (io.stderr.isTTY === true) (await import('./io/progress.js')).readProgress.disable();
  }
  return state.exitCode;
}

/**
 * `planmetrics check | head` closes the pipe early: stop quietly, like other Unix tools. A write
 * throws that at once (see execute and main); Node's stream, used for terminals, reports it later.
 */
function exitQuietlyOnClosedPipe(): void {
  handleStreamErrors((error) => {
    if (isClosedPipe(error)) process.exit(0);
    throw error;
  });
}

/**
 * A failure outside a command's own error handling (a library's late callback, say) still ends
 * with a one-line message and exit 2, never a stack trace and Node's exit 1.
 */
function reportStrayFailures(argv: string[]): void {
  const fail = (error: unknown): void => {
    const debug = argv.includes('--debug');
    process.stderr.write(`planmetrics: internal error: ${(error as Error)?.message ?? String(error)}\n`);
    process.stderr.write(debug ? `${(error as Error)?.stack}\n` : 'planmetrics: run again with --debug for details, and report it\n');
    process.exit(2);
  };
  process.on('uncaughtException', fail);
  process.on('unhandledRejection', fail);
}

/**
 * The process's own streams. Standard output is written without Node's process.stdout stream
 * unless it is a terminal (see io/stdout.ts); the streams are made only when used.
 */
function processIo(): CliIo {
  return {
    stdout: {
      write: writeStdout,
      // writeStdout answers false when a terminal's stream is over its buffer: wait for it to drain.
      once: (event, listener) => process.stdout.once(event, listener),
      get isTTY() {
        return isTerminal(1);
      },
      get columns() {
        return process.stdout.columns;
      },
    },
    stderr: {
      write: (text) => process.stderr.write(text),
      get isTTY() {
        return isTerminal(2);
      },
      get columns() {
        return process.stderr.columns;
      },
    },
    env: process.env,
  };
}

/** The process: `argv` as Node gives it (node, script, then the arguments). */
export async function main(argv: string[]): Promise<void> {
  exitQuietlyOnClosedPipe();
  reportStrayFailures(argv);
  process.exitCode = await run(argv.slice(2), processIo());
}

