// The one place filters are checked: every value that matches nothing, at once, with its closest matches.

import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { aggregateRows } from '../../src/core/aggregate.js';
import { diagnostic } from '../../src/core/diagnostics.js';
import { closestMatches, unmatchedFilters } from '../../src/core/filters.js';
import type { SubmissionRow } from '../../src/core/types.js';
import { describeDiagnostic, USAGE_KEYS } from '../../src/format/messages.js';
import { loadPlan } from '../../src/io/read-plan.js';
import { ROOT } from '../helpers/cli.js';

const plan = await loadPlan(undefined);

function row(code: string, year: number): SubmissionRow {
  return { code, name: code, year, values: new Float64Array(plan.inputs.length).fill(Number.NaN), file: 'x.csv', line: 2 } as unknown as SubmissionRow;
}

const engine = aggregateRows(plan, [row('331102', 2024), row('331102', 2025)]);

describe('unmatchedFilters', () => {
  it('is empty when every value matches (ids, numbers, division codes, years in the data)', () => {
    expect(unmatchedFilters({ plan, engine }, { indicators: ['17', 'community_workers_per_10k_urban'], regions: ['331100', '331102'], years: [2025] })).toEqual([]);
    expect(unmatchedFilters({ plan, engine }, { years: 'all' })).toEqual([]);
  });

  it('names every value that matches nothing, each with its closest matches', () => {
    const problems = unmatchedFilters({ plan, engine }, { indicators: ['nosuch', '17x'], regions: ['331199'], years: [2030] });
    expect(problems.map((d) => [d.code, d.args.option, d.args.value, d.args.kind])).toEqual([
      ['FILTER_UNKNOWN', '--indicator', 'nosuch', 'not_an_indicator'],
      ['FILTER_UNKNOWN', '--indicator', '17x', 'not_an_indicator'],
      ['FILTER_UNKNOWN', '--region', '331199', 'not_in_plan_or_data'],
      ['FILTER_UNKNOWN', '--year', '2030', 'not_in_data'],
    ]);
    expect(problems[1]!.args.suggestions).toMatch(/^17 community_workers_per_10k_urban/);
    expect(problems[2]!.args.suggestions).toMatch(/^331181 龙泉市/);
    expect(problems[3]!.args.suggestions).toBe('2025, 2024');
  });

  it('names the --level that shows a region found at another level', () => {
    const [problem] = unmatchedFilters({ plan, engine, levels: ['province', 'city'] }, { regions: ['331102'] });
    expect(problem!.args).toMatchObject({ kind: 'not_at_level', suggestions: '--level county' });
  });

  it('without data (template) checks years against the plan period and regions against the division list', () => {
    const problems = unmatchedFilters({ plan }, { regions: ['999999'], years: [2030] });
    expect(problems.map((d) => d.args.kind)).toEqual(['not_in_divisions', 'not_in_period']);
    expect(problems[1]!.args.suggestions).toBe('2025, 2024, 2023');
  });

  it('finds a word inside an id', () => {
    expect(closestMatches('workers', plan.indicators.map((i) => ({ keys: [i.id], shown: i.id })), 2).sort()).toEqual(['certified_social_workers_per_10k', 'community_workers_per_10k_urban']);
  });
});

describe('usage errors in one language', () => {
  const args = { value: 'x', command: 'template', formats: 'csv, xlsx', levels: 'province|city', option: '--by', digits: '5', detail: 'x' };

  it('every usage text reads in Chinese under zh: no English sentence', () => {
    for (const usage of USAGE_KEYS) {
      const zh = describeDiagnostic(diagnostic('USAGE', {}, { usage, ...args }), 'zh');
      // Three English words in a row make a sentence; option names, ids and examples do not.
      expect(zh, usage).not.toMatch(/(?<![-\w])[A-Za-z]{2,} [A-Za-z]{2,} [A-Za-z]{2,}(?![-\w])/);
      expect(zh, usage).toMatch(/[\u4e00-\u9fff]/);
      expect(describeDiagnostic(diagnostic('USAGE', {}, { usage, ...args }), 'en'), usage).not.toMatch(/[\u4e00-\u9fff]/);
    }
  });

  it('every usageError in the commands names a key that has its words', () => {
    const dir = join(ROOT, 'src/commands');
    const used = readdirSync(dir).flatMap((file) => [...readFileSync(join(dir, file), 'utf8').matchAll(/usageError\(([^,)]*)/g)].map((m) => m[1]!.trim()));
    expect(used.length).toBeGreaterThan(15);
    // A call passes a literal key (a template string would be an untranslated sentence), or forwards one.
    expect(used.filter((k) => k.startsWith('`') || k.startsWith('"'))).toEqual([]);
    for (const key of used.filter((k) => k.startsWith("'"))) expect(USAGE_KEYS, key).toContain(key.slice(1, -1));
  });
});
