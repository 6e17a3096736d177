import type { Diagnostic } from '../core/diagnostics.js';

/** What a command hands back to the CLI: the text to write, the exit code, warnings for stderr. */
export interface CommandResult {
  output: string | Uint8Array;
  exitCode: number;
  warnings: Diagnostic[];
}
