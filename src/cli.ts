// The command-line program: the only code that touches process.argv, stdout/stderr and the exit
// code. Each command's module is imported when that command runs, so start-up stays cheap.

import { Command, CommanderError, Option } from 'commander';
import type { Diagnostic } from './core/diagnostics.js';
import type { CommandResult } from './commands/result.js';

// Kept in step with src/format/index.ts by a test; importing the registry here would load every
// formatter (chalk, cli-table3, csv-stringify) on the start-up path of every command.
const FORMATS = ['table', 'csv', 'json', 'markdown'];

function useColor(): boolean {
  const force = process.env.FORCE_COLOR;
  if (force !== undefined && force !== '' && force !== '0' && force !== 'false') return true;
  if (process.env.NO_COLOR !== undefined && process.env.NO_COLOR !== '') return false;
  if (force === '0' || force === 'false') return false;
  return process.stdout.isTTY === true;
}

function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

function addCommonOptions(command: Command, formats: string[] = FORMATS): Command {
  return command
    .option('--plan <file>', 'plan file (YAML); default: the bundled Zhejiang 2021–2025 plan')
    .option('--year <years>', 'year(s) to report: 2024, 2020,2024 or all (default: the latest year in the data)')
    .option('--level <levels>', 'province|city|county|township|village|all, or a comma list (default: province,city)')
    .option('--region <codes>', 'only these region codes (repeatable or comma list)', collect)
    .option('--indicator <ids>', 'only these indicator ids or numbers (repeatable or comma list)', collect)
    .addOption(new Option('--format <name>', 'output format').choices(formats).default('table'))
    .option('-o, --output <file>', 'write to this file (whole or not at all) instead of stdout')
    .addOption(new Option('--lang <lang>', 'labels in Chinese or English').choices(['zh', 'en']).default('zh'))
    .addOption(new Option('--encoding <name>', 'input encoding').choices(['auto', 'utf8', 'gb18030']).default('auto'))
    .option('--debug', 'show stack traces for internal errors');
}

async function printDiagnostics(diagnostics: readonly Diagnostic[], lang: 'zh' | 'en'): Promise<void> {
  if (diagnostics.length === 0) return;
  const { formatDiagnosticLine } = await import('./format/messages.js');
  for (const d of diagnostics) process.stderr.write(`${formatDiagnosticLine(d, lang)}\n`);
}

/** Runs a command: writes its output (refusing to overwrite an input), prints warnings, sets the exit code. */
async function execute(options: Record<string, unknown>, inputs: string[], run: () => Promise<CommandResult>): Promise<void> {
  const lang = options.lang === 'en' ? 'en' : 'zh';
  try {
    const output = options.output as string | undefined;
    const { assertNotAnInput, writeOutput } = await import('./io/write-output.js');
    if (output !== undefined && output !== '-') assertNotAnInput(output, [...inputs, ...(options.plan ? [options.plan as string] : [])]);
    const result = await run();
    await printDiagnostics(result.warnings, lang);
    writeOutput(result.output, output);
    process.exitCode = result.exitCode;
  } catch (error) {
    const { PlanmetricsError } = await import('./core/diagnostics.js');
    if (error instanceof PlanmetricsError) {
      await printDiagnostics(error.diagnostics, lang);
      process.exitCode = error.exitCode;
      return;
    }
    process.stderr.write(`planmetrics: internal error: ${(error as Error).message}\n`);
    if (options.debug) process.stderr.write(`${(error as Error).stack}\n`);
    else process.stderr.write('planmetrics: run again with --debug for details, and report it\n');
    process.exitCode = 2;
  }
}

function common(options: Record<string, unknown>) {
  return { ...options, color: useColor() } as never;
}

export function buildProgram(): Command {
  const program = new Command('planmetrics')
    .description('Check regional data against the quantified targets of a development plan')
    .version('0.1.0')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride();

  addCommonOptions(program.command('check').argument('[files...]', 'submission CSV files; - for stdin; none: the bundled sample'))
    .description('judge every indicator for every region and year selected against its target')
    .addOption(new Option('--fail-on <which>', 'exit 1 when these targets are due and not met').choices(['binding', 'any', 'none']).default('binding'))
    .action(async (files: string[], options: Record<string, unknown>) => {
      const { runCheck } = await import('./commands/check.js');
      await execute(options, files, () => runCheck(files, common(options)));
    });

  addCommonOptions(program.command('compute').argument('[files...]', 'submission CSV files; - for stdin; none: the bundled sample'))
    .description('the indicator values only, one row per region and year (default: every year)')
    .action(async (files: string[], options: Record<string, unknown>) => {
      const { runCompute } = await import('./commands/compute.js');
      await execute(options, files, () => runCompute(files, common(options)));
    });

  addCommonOptions(program.command('indicators'))
    .description("list the plan's indicators and input fields")
    .action(async (options: Record<string, unknown>) => {
      const { runIndicators } = await import('./commands/indicators.js');
      await execute(options, [], () => runIndicators(common(options)));
    });

  addCommonOptions(program.command('template'), ['csv'])
    .description('write an empty submission CSV with every input column (with --year and --level: one row per division)')
    .option('--labels', 'Chinese labels in the header instead of ids')
    .action(async (options: Record<string, unknown>) => {
      const { runTemplate } = await import('./commands/template.js');
      await execute({ format: 'csv', ...options }, [], () => runTemplate(common({ ...options, format: 'csv' })));
    });

  program
    .command('schema')
    .description('print the plan file format as JSON Schema (for editors)')
    .option('-o, --output <file>', 'write to this file instead of stdout')
    .action(async (options: Record<string, unknown>) => {
      const { runSchema } = await import('./commands/schema.js');
      await execute(options, [], () => runSchema());
    });

  return program;
}

export async function main(argv: string[]): Promise<void> {
  try {
    await buildProgram().parseAsync(argv);
  } catch (error) {
    if (error instanceof CommanderError) {
      const ok = error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.code === 'commander.help';
      process.exitCode = ok ? 0 : 2;
      return;
    }
    throw error;
  }
}

await main(process.argv);
