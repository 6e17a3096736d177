// A province other than Zhejiang, end to end in-process: a plan with no division list of its own,
// every plan error in one pass, strict targets, and data that does not fit the bundled plan.
process.env.PLANMETRICS_CACHE_DIR = 'off';

import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runCheck } from '../../src/commands/check.js';
import { runInit } from '../../src/commands/init.js';
import { runValidate } from '../../src/commands/validate.js';
import { meetsTarget } from '../../src/core/judge.js';
import type { CheckReport } from '../../src/core/types.js';
import { parsePlanText } from '../../src/io/plan-yaml.js';
import { loadPlan } from '../../src/io/read-plan.js';
import { outputText, settle } from '../helpers/output.js';

const here = (name: string) => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));
const PLAN = here('jiangsu-plan.yaml');
const CITIES = here('jiangsu-cities-2024.csv');

interface ValidationJson {
  diagnostics: { code: string; line: number | null; message: string; severity: string }[];
}

async function validate(plan: string | undefined, files: string[], lang: 'zh' | 'en' = 'en') {
  const result = await runValidate(files, { plan, format: 'json', lang, encoding: 'auto' });
  const { text, exitCode } = await settle(result);
  return { exitCode, report: JSON.parse(text) as ValidationJson };
}

async function check(files: string[], level: string): Promise<CheckReport> {
  const result = await runCheck(files, { plan: PLAN, format: 'json', lang: 'zh', encoding: 'auto', color: false, level, failOn: 'none' });
  return JSON.parse((await settle(result)).text) as CheckReport;
}

describe('a Jiangsu plan without a division list of its own', () => {
  it('validates, with the built-in list of its province', async () => {
    const { exitCode, report } = await validate(PLAN, [CITIES]);
    expect(report.diagnostics).toEqual([]);
    expect(exitCode).toBe(0);
    const plan = await loadPlan(PLAN);
    expect(plan.divisions!.filter((d) => d.level === 'city')).toHaveLength(13);
    expect(plan.divisions!.filter((d) => d.level === 'county')).toHaveLength(95);
  });

  it('check names 江苏省 and its 13 cities', async () => {
    const report = await check([CITIES], 'province,city');
    const names = report.results.map((v) => v.region_name);
    expect(names[0]).toBe('江苏省');
    expect(names).toContain('连云港市');
    expect(new Set(report.results.filter((v) => v.level === 'city').map((v) => v.region_code)).size).toBe(13);
    expect(report.results.every((v) => v.region_name !== '')).toBe(true);
  });

  it('with 连云港 missing, the province is built from 12 of 13 cities', async () => {
    const report = await check([here('jiangsu-cities-2024-no-lianyungang.csv')], 'province');
    expect(report.results[0]!.coverage).toMatchObject({ from: 'children', used: 12, expected: 13, childLevel: 'city' });
  });

  it('judges a strict ">" target: exactly 18 does not meet "> 18"', async () => {
    const report = await check([CITIES], 'city');
    const xuzhou = report.results.find((v) => v.region_code === '320300')!;
    const nanjing = report.results.find((v) => v.region_code === '320100')!;
    expect(xuzhou.comparator).toBe('>');
    expect(xuzhou.value).toBe(18);
    expect(xuzhou.status).not.toBe('met');
    expect(nanjing.status).toBe('met');
    expect(meetsTarget(18, { value: 18, comparator: '>' })).toBe(false);
    expect(meetsTarget(17.99, { value: 18, comparator: '<' })).toBe(true);
    expect(meetsTarget(18, { value: 18, comparator: '<' })).toBe(false);
  });

  it('accepts baseline-year rows before the period (period 2021–2025, baseline 2020)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pm-js-'));
    const file = join(dir, 'js-2020.csv');
    writeFileSync(file, readFileSync(CITIES, 'utf8').replaceAll(',2024,', ',2020,'));
    expect((await validate(PLAN, [file])).exitCode).toBe(0);
    writeFileSync(file, readFileSync(CITIES, 'utf8').replaceAll(',2024,', ',2019,'));
    expect((await validate(PLAN, [file])).report.diagnostics[0]!.code).toBe('YEAR_OUT_OF_PERIOD');
  });
});

describe('plan errors', () => {
  it('gives four mistakes of different kinds in one run, each with its line; a duplicate names the first', async () => {
    const file = here('jiangsu-plan-four-mistakes.yaml');
    const lines = readFileSync(file, 'utf8').split('\n');
    const { exitCode, report } = await validate(file, []);
    expect(exitCode).toBe(2);
    expect(report.diagnostics.map((d) => d.code)).toEqual(['PLAN_SCHEMA', 'FORMULA_UNKNOWN_ID', 'PLAN_SCHEMA', 'PLAN_DUPLICATE_ID']);
    const [rule, formula, attribute, duplicate] = report.diagnostics;
    expect(lines[rule!.line! - 1]).toContain('assert: community_workers urban_population');
    expect(lines[formula!.line! - 1]).toContain('community_worker /');
    expect(lines[attribute!.line! - 1]).toContain('attribute: mandatory');
    const first = lines.findIndex((l) => l.includes('- id: community_workers_per_10k_urban')) + 1;
    expect(duplicate!.message).toContain(`first at line ${first}`);
  });

  it('a target written as a string shows the accepted shape; ≥ ≤ ＞ ＜ are read as >= <= > <', () => {
    const text = readFileSync(PLAN, 'utf8');
    for (const written of ['"18人"', '">18"']) {
      const { diagnostics } = parsePlanText(text.replace('target: { value: 18, comparator: ">" }', `target: ${written}`), 'p.yaml');
      expect(diagnostics).toHaveLength(1);
      expect(diagnostics[0]!.args.message).toContain('target: { value: 18, comparator: ">" }');
    }
    const aliases: Record<string, string> = { '≥': '>=', '≤': '<=', '＞': '>', '＜': '<' };
    for (const [alias, meant] of Object.entries(aliases)) {
      const { plan } = parsePlanText(text.replace('comparator: ">"', `comparator: "${alias}"`), 'p.yaml');
      expect(plan!.indicators[0]!.target.comparator).toBe(meant);
      const { plan: ruled } = parsePlanText(text.replace('community_workers < urban_population', `community_workers ${alias} urban_population`), 'p.yaml');
      expect(ruled!.rules[0]!.op).toBe(meant);
    }
  });
});

describe('data that does not fit the plan', () => {
  it('Jiangsu data against the bundled plan: exit 2 and a hint to pass --plan', async () => {
    const { exitCode, report } = await validate(undefined, [CITIES]);
    expect(exitCode).toBe(2);
    expect(report.diagnostics[0]!.code).toBe('REGION_UNKNOWN');
    expect(report.diagnostics[0]!.message).toContain('--plan');
    expect(report.diagnostics[0]!.message).toContain('320000');
  });
});

describe('planmetrics init', () => {
  it('writes a starter plan for a province that validates as it stands, and checks its data', async () => {
    const written = await runInit({ province: '320000' });
    const dir = mkdtempSync(join(tmpdir(), 'pm-init-'));
    const file = join(dir, 'plan.yaml');
    const text = await outputText(written.output);
    writeFileSync(file, text);
    expect(text).toContain('江苏省');
    const { exitCode, report } = await validate(file, [CITIES]);
    expect(report.diagnostics).toEqual([]);
    expect(exitCode).toBe(0);
  });

  it('refuses a code that is not a province', async () => {
    await expect(runInit({ province: '320100' })).rejects.toThrow('USAGE');
  });
});
