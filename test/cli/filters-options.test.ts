// A typo in a filter never turns a failing run green; commands refuse the options they do not
// read; a failing check says why on stderr; -v, --color/--no-color.

import { writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { failureDiagnostics, runCheck } from '../../src/commands/check.js';
import { outputText, settle } from '../helpers/output.js';
import { runCompute } from '../../src/commands/compute.js';
import { runExplain } from '../../src/commands/explain.js';
import { runIndicators } from '../../src/commands/indicators.js';
import { runTemplate } from '../../src/commands/template.js';
import { diagnostic, PlanmetricsError, type Diagnostic } from '../../src/core/diagnostics.js';
import type { CheckReport } from '../../src/core/types.js';
import { describeDiagnostic, formatDiagnosticLine } from '../../src/format/messages.js';
import { loadPlan } from '../../src/io/read-plan.js';
import { fixture, runCli } from '../helpers/cli.js';

const MISSED = fixture('binding-target-missed', 'submissions.csv');
const base = { format: 'json', lang: 'en' as const, encoding: 'auto' as const, color: false };

async function usageProblems(run: () => Promise<unknown>): Promise<Diagnostic[]> {
  try {
    await run();
  } catch (error) {
    if (error instanceof PlanmetricsError && error.exitCode === 2) return error.diagnostics;
    throw error;
  }
  throw new Error('expected a usage error (exit 2)');
}

describe('filters that match nothing are a usage error, on a failing submission too', () => {
  it('the submission fails as it is', async () => {
    expect((await settle(await runCheck([MISSED], { ...base, failOn: 'binding' }))).exitCode).toBe(1);
  });

  it.each([
    ['--indicator nosuch', { indicator: ['nosuch'] }, '--indicator', /future_communities|community/],
    ['--region 331199', { region: ['331199'] }, '--region', /^331181 龙泉市/],
    ['--year 2030', { year: '2030' }, '--year', /^2025, 2020$/],
  ])('check %s exits 2 naming the closest match', async (_name, filter, option, closest) => {
    const [problem, ...rest] = await usageProblems(() => runCheck([MISSED], { ...base, failOn: 'binding', ...filter }));
    expect(rest).toEqual([]);
    expect(problem).toMatchObject({ code: 'FILTER_UNKNOWN', args: { option } });
    expect(String(problem!.args.suggestions)).toMatch(closest);
  });

  it('reports every value that matches nothing at once', async () => {
    const problems = await usageProblems(() => runCheck([MISSED], { ...base, failOn: 'binding', indicator: ['nosuch,17'], region: ['331199'], year: '2030' }));
    expect(problems.map((d) => `${d.args.option} ${d.args.value}`)).toEqual(['--indicator nosuch', '--region 331199', '--year 2030']);
  });

  it('compute --indicator nosuch, template --region 999999, explain nosuch, indicators --indicator nosuch', async () => {
    const compute = await usageProblems(() => runCompute([MISSED], { ...base, indicator: ['nosuch'] }));
    expect(compute[0]).toMatchObject({ code: 'FILTER_UNKNOWN', args: { option: '--indicator', value: 'nosuch' } });
    const template = await usageProblems(() => runTemplate({ ...base, format: 'csv', year: '2025', region: ['999999'] }));
    expect(template[0]).toMatchObject({ code: 'FILTER_UNKNOWN', args: { option: '--region', value: '999999', kind: 'not_in_divisions' } });
    expect(String(template[0]!.args.suggestions)).toMatch(/^\d{6} /);
    const explain = await usageProblems(() => runExplain('nosuch', [MISSED], { ...base, format: 'table', region: ['330000'] }));
    expect(explain[0]).toMatchObject({ code: 'FILTER_UNKNOWN', args: { option: 'INDICATOR', value: 'nosuch' } });
    const indicators = await usageProblems(() => runIndicators({ ...base, indicator: ['nosuch'] }));
    expect(indicators[0]).toMatchObject({ code: 'FILTER_UNKNOWN', args: { option: '--indicator' } });
  });
});

describe('a failing check says why on stderr', () => {
  it('names the region, the indicator, the value, the target and the year of each missed target', async () => {
    const result = await settle(await runCheck([MISSED], { ...base, failOn: 'binding' }));
    const lines = result.warnings.filter((d) => d.code === 'TARGET_MISSED').map((d) => formatDiagnosticLine(d, 'en'));
    expect(lines).toEqual(['planmetrics: warning TARGET_MISSED 330000 浙江省 2025: 14 Community service facility floor area per 100 households is 38, target ≥40 (binding): not met']);
  });

  it('with --fail-on any counts expected targets too; past the limit, "and N more"', async () => {
    const result = await settle(await runCheck([], { ...base, failOn: 'any', year: '2024', level: 'all' }));
    expect(result.exitCode).toBe(1);
    const report = JSON.parse(result.text) as CheckReport;
    const notMet = report.results.filter((v) => v.status === 'not_met');
    expect(notMet.some((v) => v.attribute === 'expected')).toBe(true);
    expect(result.warnings.filter((d) => d.code === 'TARGET_MISSED').map((d) => `${d.region} ${d.args.indicator}`)).toEqual(notMet.map((v) => `${v.region_code} ${v.indicator}`));
    const limited = failureDiagnostics(notMet.slice(0, 3), notMet.length, await loadPlan(undefined));
    expect(limited.map((d) => d.code)).toEqual(['TARGET_MISSED', 'TARGET_MISSED', 'TARGET_MISSED', 'TARGETS_MORE']);
    expect(limited[3]!.args.count).toBe(notMet.length - 3);
  });

  it('never shows a missed value equal to its target: 1,999 of 2,000 is 99.95, not 100.0', () => {
    const d = diagnostic('TARGET_MISSED', { region: '330000', year: 2025 }, { name: '浙江省', no: '6', indicator_name: '美丽乡村', value: (1999 / 2000) * 100, comparator: '≥', target: 100 });
    expect(describeDiagnostic(d, 'zh')).toContain('为 99.95，目标 ≥100');
    const near = diagnostic('TARGET_MISSED', {}, { value: 17.99999, target: 18, comparator: '≥' });
    expect(describeDiagnostic(near, 'en')).toContain('is 17.99999, target ≥18');
  });

  it('the CLI prints it on stderr and exits 1', async () => {
    const run = await runCli(['check', MISSED]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('TARGET_MISSED 330000 浙江省 2025 年：指标 14');
  });
});

describe('options a command does not read are rejected', () => {
  it.each([
    ['indicators', '--year', '2025'],
    ['indicators', '--region', '330100'],
    ['template', '--encoding', 'gb18030'],
    ['template', '--indicator', '17'],
    ['explain', '17', '--region', '331100', '--indicator', '18'],
    ['explain', '17', '--region', '331100', '--level', 'city'],
  ])('%s %s', async (...args) => {
    const run = await runCli([...args, '--lang', 'en']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^planmetrics: error: unknown option/);
    expect((await runCli(args)).stderr).toMatch(/^planmetrics: 错误：未知选项/);
  });

  it('indicators --indicator 17 lists only 17 (and the inputs it reads)', async () => {
    const run = JSON.parse(String((await runIndicators({ ...base, indicator: ['17'] })).output));
    expect(run.indicators.map((i: { no: string }) => i.no)).toEqual(['17']);
    expect(run.inputs.map((i: { id: string }) => i.id).sort()).toEqual(['community_workers', 'urban_population']);
  });

  it("template --year 2025 --level county --region 331100 writes Lishui's 9 counties", async () => {
    const csv = await outputText((await runTemplate({ ...base, format: 'csv', year: '2025', level: 'county', region: ['331100'] })).output);
    const codes = csv.trim().split('\n').slice(1).map((line) => line.split(',')[0]);
    expect(codes).toHaveLength(9);
    expect(codes.every((code) => code!.startsWith('3311'))).toBe(true);
  });

  it("template --year 2020 --level county --region 330100 lists Hangzhou's counties of 2020, before the 2021 changes", async () => {
    const csv = await outputText((await runTemplate({ ...base, format: 'csv', year: '2020', level: 'county', region: ['330100'] })).output);
    const codes = csv.trim().split('\n').slice(1).map((line) => line.split(',')[0]);
    expect(codes).toHaveLength(13);
    expect(codes).toContain('330103');
    expect(codes).not.toContain('330113');
  });

  it('template takes a code of that year (330103 in 2020), and refuses a region with nothing at the level instead of writing an empty template', async () => {
    const csv = await outputText((await runTemplate({ ...base, format: 'csv', year: '2020', level: 'county', region: ['330103'] })).output);
    expect(csv.trim().split('\n').slice(1).map((line) => line.split(',')[0])).toEqual(['330103']);
    for (const [year, level, region] of [['2024', 'county', '330103'], ['2025', 'city', '330102']] as const) {
      const problems = await usageProblems(() => runTemplate({ ...base, format: 'csv', year, level, region: [region] }));
      expect(problems[0]).toMatchObject({ code: 'FILTER_UNKNOWN', args: { option: '--region', value: region, kind: 'nothing_at_level' } });
    }
  });

  it('template --level without --year is refused instead of ignored', async () => {
    const [problem] = await usageProblems(() => runTemplate({ ...base, format: 'csv', level: 'county' }));
    expect(problem).toMatchObject({ code: 'USAGE', args: { usage: 'template_needs_year' } });
  });

  it("help shows each command's real defaults", async () => {
    expect((await runCli(['template', '--help'])).stdout).toMatch(/choices: "csv", "xlsx", default:\s+"csv"/);
    expect((await runCli(['compute', '--help'])).stdout.replace(/\s+/g, ' ')).toMatch(/default: every year in the data/);
    expect((await runCli(['indicators', '--help'])).stdout).not.toMatch(/--year|--level|--encoding|--quiet/);
  });
});

describe('conventions', () => {
  it('-v and --version print the version', async () => {
    for (const flag of ['-v', '--version']) {
      const run = await runCli([flag]);
      expect(run.code).toBe(0);
      expect(run.stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
    }
  });

  it('--no-color wins over FORCE_COLOR, --color over NO_COLOR', async () => {
    const off = await runCli(['check', '--level', 'province', '--no-color'], { env: { FORCE_COLOR: '1', NO_COLOR: '' } });
    expect(off.stdout).not.toContain('\x1b[');
    const on = await runCli(['check', '--level', 'province', '--color'], { env: { NO_COLOR: '1' } });
    expect(on.stdout).toContain('\x1b[');
  });

  it('zh usage errors read in Chinese', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pm-usage-'));
    const scenario = join(dir, 's.yaml');
    writeFileSync(scenario, 'scenarios:\n  - name: "--set"\n    changes:\n      - { field: community_workers, change: "+5%" }\n');
    for (const args of [['template', '--year', '2024,2025'], ['check', '--year', 'soon'], ['project', '--scenario', scenario], ['explain', '17']]) {
      const run = await runCli(args);
      expect(run.code, args.join(' ')).toBe(2);
      expect(run.stderr, args.join(' ')).toMatch(/error USAGE .*[\u4e00-\u9fff]/);
      const text = run.stderr.replace(/^planmetrics: (\S+: )?error USAGE /gm, '');
      expect(text, args.join(' ')).not.toMatch(/(?<![-\w])[A-Za-z]{2,} [A-Za-z]{2,} [A-Za-z]{2,}(?![-\w])/);
    }
  });
});

describe('scenario names', () => {
  it('a scenario file may not take the name the --set changes go by', async () => {
    const { parseScenarioText } = await import('../../src/io/read-scenario.js');
    const plan = await loadPlan(undefined);
    const text = 'scenarios:\n  - name: ok\n    changes:\n      - { field: community_workers, change: "+5%" }\n  - name: "--set"\n    changes:\n      - { field: community_workers, change: "+1" }\n';
    let problems: Diagnostic[] = [];
    try {
      parseScenarioText(text, 's.yaml', plan);
    } catch (error) {
      problems = (error as PlanmetricsError).diagnostics;
    }
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ code: 'USAGE', file: 's.yaml', line: 5, args: { usage: 'scenario_name_reserved', value: '--set' } });
    expect(describeDiagnostic(problems[0]!, 'en')).toContain('reserved for the --set changes');
  });
});
