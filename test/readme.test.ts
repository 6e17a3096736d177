// The README's console samples are real output: each ```console block's `$ planmetrics …`
// command is run (in-process, on a 100-column pipe, no colour) and must print what the README shows.

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ROOT, runCli } from './helpers/cli.js';

interface Sample {
  args: string[];
  expected: string;
}

/** The samples: a console block is `$ planmetrics ARGS` (or `npx planmetrics`), then the output. */
function samples(readme: string): Sample[] {
  const found: Sample[] = [];
  for (const [, body] of readme.matchAll(/```console\n([\s\S]*?)```/g)) {
    const [command, ...output] = body!.split('\n');
    const words = command!.replace(/^\$\s+(npx\s+)?planmetrics\s+/, '').trim();
    found.push({ args: words.split(/\s+/), expected: output.join('\n') });
  }
  return found;
}

/** Trailing spaces and the report's clock are not part of what a reader compares. */
function normalise(text: string): string {
  return text
    .split('\n')
    .map((line) => line.trimEnd())
    .join('\n')
    .replace(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z/g, 'TIME')
    .trimEnd();
}

const readme = readFileSync(`${ROOT}README.md`, 'utf8');
const all = samples(readme);

describe('the README', () => {
  it('has console samples to check', () => {
    expect(all.length).toBeGreaterThan(0);
  });

  it.each(all.map((sample) => [sample.args.join(' '), sample] as const))('shows the real output of planmetrics %s', async (_, sample) => {
    const result = await runCli(sample.args, { env: { COLUMNS: '100' } });
    expect(normalise(result.stdout)).toBe(normalise(sample.expected));
  });
});
