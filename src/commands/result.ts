import type { Diagnostic } from '../core/diagnostics.js';
import type { Output } from '../format/formatter.js';

export type { Output } from '../format/formatter.js';

/** What a command hands back to the CLI: the output to write, the exit code, warnings for stderr. */
export interface CommandResult {
  output: Output;
  /** A function when the code is known only once a streamed output has been read through (check). */
  exitCode: number | (() => number);
  warnings: Diagnostic[];
}
