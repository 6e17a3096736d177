// A command's result settled for assertions: its whole output and its exit code (a streamed
// `check` knows its exit code only once its verdicts have been written).

import type { CommandResult, Output } from '../../src/commands/result.js';

export async function outputBytes(output: Output): Promise<Buffer> {
  if (typeof output === 'string') return Buffer.from(output, 'utf8');
  if (output instanceof Uint8Array) return Buffer.from(output);
  const chunks: Buffer[] = [];
  for await (const chunk of output) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : Buffer.from(chunk));
  return Buffer.concat(chunks);
}

export async function outputText(output: Output): Promise<string> {
  return (await outputBytes(output)).toString('utf8');
}

export async function settle(result: CommandResult): Promise<{ text: string; exitCode: number; warnings: CommandResult['warnings'] }> {
  const text = await outputText(result.output);
  return { text, exitCode: typeof result.exitCode === 'function' ? result.exitCode() : result.exitCode, warnings: result.warnings };
}
