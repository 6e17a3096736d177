// Reading one large file in two parts (two worker threads) must give exactly what one reading
// gives, or decline so that the one-go reading reports. The worker runs the built code, so these
// tests use dist/ and the built CLI; PLANMETRICS_PARALLEL_MIN_BYTES=0 makes any file "large".

import { mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Diagnostic } from '../../src/core/diagnostics.js';
import { ROOT, runCli } from '../helpers/cli.js';

type LoadInParts = typeof import('../../src/commands/load-in-parts.js');
type ReadPlan = typeof import('../../src/io/read-plan.js');

const dir = mkdtempSync(join(tmpdir(), 'pm-parts-'));
const HEADER = 'region_code,region_name,year,resident_population,urban_population,elderly_population,households,urban_income_per_capita,community_workers,certified_community_workers';

/** A deterministic village row; `seed` varies the figures (decimals included, so summing order would show). */
function village(code: string, year: number, seed: number): string {
  const people = 800 + ((seed * 7919) % 4000);
  return [code, '', year, people, Math.floor(people * 0.6), Math.floor(people * 0.2), Math.floor(people / 2.7), (40000 + ((seed * 104729) % 9000) + 0.37).toFixed(2), 3 + (seed % 5), 1 + (seed % 3)].join(',');
}

/** Villages of two Hangzhou counties, 30 townships x 12 villages, sorted by code (as exports are). */
function villages(years: number[]): string[] {
  const lines: string[] = [];
  let seed = 1;
  for (const year of years) {
    for (const county of ['330102', '330105']) {
      for (let t = 1; t <= 15; t++) {
        for (let v = 1; v <= 12; v++) lines.push(village(`${county}${String(t).padStart(3, '0')}${String(v).padStart(3, '0')}`, year, seed++));
      }
    }
  }
  return lines;
}

function write(name: string, lines: string[]): string {
  const file = join(dir, name);
  writeFileSync(file, `${HEADER}\n${lines.join('\n')}\n`);
  return file;
}

const ONE_GO = { PLANMETRICS_PARALLEL_MIN_BYTES: '1e15' };
const IN_PARTS = { PLANMETRICS_PARALLEL_MIN_BYTES: '0' };

async function bothWays(args: string[]) {
  const [oneGo, inParts] = await Promise.all([runCli(args, { env: ONE_GO }), runCli(args, { env: IN_PARTS })]);
  return { oneGo, inParts };
}

let loadInParts: LoadInParts['loadInParts'];
let loadPlan: ReadPlan['loadPlan'];

beforeAll(async () => {
  ({ loadInParts } = (await import(pathToFileURL(join(ROOT, 'dist/commands/load-in-parts.js')).href)) as LoadInParts);
  ({ loadPlan } = (await import(pathToFileURL(join(ROOT, 'dist/io/read-plan.js')).href)) as ReadPlan);
});

describe('reading a file in two parts', () => {
  it('gives the same values, to the last bit, as reading it in one go', async () => {
    const file = write('clean.csv', villages([2022, 2024]));
    const plan = await loadPlan(undefined);
    expect(await loadInParts(file, plan, { encoding: 'auto' }, statSync(file).size)).not.toBeNull();
    const { oneGo, inParts } = await bothWays(['compute', file, '--level', 'all', '--year', 'all', '--format', 'json']);
    expect(oneGo.code).toBe(0);
    expect(inParts).toEqual(oneGo);
  });

  it('gives the same county values with villages that leave inputs blank, the townships let go once folded', async () => {
    // Blank cells here and there: townships keep totals per input set, and the checker counts blanks.
    const lines = villages([2024]).map((line, i) => (i % 7 === 3 ? line.replace(/,\d+,(\d+)$/, ',,$1') : i % 11 === 5 ? line.replace(/,([\d.]+),(\d+),(\d+)$/, ',,$2,$3') : line));
    const file = write('blanks.csv', lines);
    expect(await loadInParts(file, await loadPlan(undefined), { encoding: 'auto', levels: new Set(['county']) }, statSync(file).size)).not.toBeNull();
    for (const level of ['county', 'township,city']) {
      const { oneGo, inParts } = await bothWays(['compute', file, '--level', level, '--format', 'json']);
      expect(oneGo.code).toBe(0);
      expect(inParts).toEqual(oneGo);
    }
  });

  it('reports the lines of rows read by the worker correctly (a parent row against its villages)', async () => {
    // The county row comes last, so the worker reads it; its total disagrees with its villages.
    const lines = [...villages([2024]), '330105,拱墅区,2024,1,1,1,1,50000,1,1'];
    const file = write('mismatch.csv', lines);
    const failure = await loadInParts(file, await loadPlan(undefined), { encoding: 'auto' }, statSync(file).size).catch((error: { diagnostics: Diagnostic[] }) => error);
    expect((failure as { diagnostics: Diagnostic[] }).diagnostics.map((found) => [found.code, found.line])).toContainEqual(['PARENT_CHILD_MISMATCH', lines.length + 1]);
    const { oneGo, inParts } = await bothWays(['check', file, '--level', 'county', '--format', 'json']);
    expect(oneGo.stderr).toContain(`mismatch.csv:${lines.length + 1}:`);
    expect(inParts).toEqual(oneGo);
  });

  it('declines when a township is on both sides of the cut, and the one-go reading answers', async () => {
    const sorted = villages([2024]);
    const file = write('unsorted.csv', [...sorted.filter((_, i) => i % 2 === 0), ...sorted.filter((_, i) => i % 2 === 1)]);
    expect(await loadInParts(file, await loadPlan(undefined), { encoding: 'auto' }, statSync(file).size)).toBeNull();
    const { oneGo, inParts } = await bothWays(['compute', file, '--level', 'county', '--format', 'json']);
    expect(inParts).toEqual(oneGo);
  });

  it('gives the same findings for a row repeated across the cut and an error in the second half', async () => {
    const lines = villages([2024]);
    lines.push(lines[3]!, lines.at(-1)!.replace(/,\d+$/, ',abc'));
    const file = write('errors.csv', lines);
    const { oneGo, inParts } = await bothWays(['check', file, '--format', 'json']);
    expect(oneGo.code).toBe(2);
    expect(oneGo.stderr).toContain('DUPLICATE_ROW');
    expect(inParts).toEqual(oneGo);
  });

  it('declines a row repeated on the other side of the cut, with no other finding: the one-go reading reports it', async () => {
    // The checkers of the two parts never see each other's rows; the engines' regions overlap.
    const lines = villages([2024]);
    lines.push(lines[5]!);
    const file = write('repeated.csv', lines);
    expect(await loadInParts(file, await loadPlan(undefined), { encoding: 'auto' }, statSync(file).size)).toBeNull();
    const { oneGo, inParts } = await bothWays(['check', file, '--format', 'json']);
    expect(oneGo.code).toBe(2);
    expect(oneGo.stderr).toContain('DUPLICATE_ROW');
    expect(inParts).toEqual(oneGo);
  });

  it('stops its reading threads when the plan does not load: the same error, and the process ends', async () => {
    // The threads start before the plan is read; a leftover one would keep the process alive.
    const file = write('bad-plan.csv', villages([2024]));
    const plan = join(dir, 'no-such-plan.yaml');
    const { oneGo, inParts } = await bothWays(['compute', file, '--plan', plan, '--level', 'county']);
    expect(oneGo.code).toBe(2);
    expect(oneGo.stderr).toContain('FILE_UNREADABLE');
    expect(inParts).toEqual(oneGo);
  });
});
