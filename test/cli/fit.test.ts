// Table views fit the terminal (COLUMNS here; a terminal's own width in a real run).
import stringWidth from 'string-width';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';

const widest = (text: string): number => Math.max(...text.split('\n').map((line) => stringWidth(line)));

describe('table views fit the terminal', () => {
  for (const columns of [80, 120]) {
    for (const args of [['check'], ['check', '--lang', 'en'], ['check', '--detail'], ['project'], ['project', '--lang', 'en'], ['project', '--detail'], ['compute'], ['indicators'], ['indicators', '--lang', 'en']]) {
      it(`${args.join(' ')} at COLUMNS=${columns}`, async () => {
        const run = await runCli(args, { env: { COLUMNS: String(columns) } });
        expect(run.stdout.length).toBeGreaterThan(0);
        expect(widest(run.stdout)).toBeLessThanOrEqual(columns);
      });
    }
  }

  it('check at 120 columns is one screen (at most 80 lines) naming every region judged', async () => {
    const run = await runCli(['check'], { env: { COLUMNS: '120' } });
    expect(run.stdout.split('\n').length).toBeLessThanOrEqual(80);
    const json = JSON.parse((await runCli(['check', '--format', 'json'])).stdout) as { results: { region_name: string }[] };
    const names = new Set(json.results.map((r) => r.region_name));
    expect(names.size).toBe(12);
    const head = run.stdout.split('\n')[0]!;
    for (const name of names) expect(head).toContain(name.replace(/[省市]$/, ''));
  });

  it('shows a missed 99.95 as 99.95, with marks that read without colour', async () => {
    const run = await runCli(['check'], { env: { COLUMNS: '120' } });
    expect(run.stdout).not.toMatch(/\u001b\[/);
    expect(run.stdout).toContain('99.95✗');
    expect(run.stdout).not.toMatch(/100\.0✗/);
  });

  it('--detail gives the long table', async () => {
    const run = await runCli(['check', '--detail', '--indicator', '17'], { env: { COLUMNS: '200' } });
    expect(run.stdout).toContain('17 每万城镇常住人口拥有专职社区工作者数量 (人) · 预期性 · 目标 ≥18 (2025)');
    expect(run.stdout).toMatch(/│ 杭州市 +│ +16\.2 │ ≥18 +│ 进度滞后/);
  });

  it('project --detail gives its long table, the overview the year each target is reached', async () => {
    const detail = await runCli(['project', '--detail', '--indicator', '17'], { env: { COLUMNS: '300' } });
    expect(detail.stdout).toMatch(/│ 杭州市 +│/);
    const overview = await runCli(['project', '--indicator', '17'], { env: { COLUMNS: '120' } });
    expect(overview.stdout).toMatch(/17 每万城镇常住人口.*20\d\d[↑↗→↓]/);
  });
});

describe('--detail', () => {
  it('is refused, in the chosen language, by a format that has one form only', async () => {
    const zh = await runCli(['check', '--detail', '--format', 'json']);
    expect(zh.code).toBe(2);
    expect(zh.stderr).toContain('--detail 用于在表格的总览与明细之间选择');
    const en = await runCli(['project', '--detail', '--format', 'csv', '--lang', 'en']);
    expect(en.code).toBe(2);
    expect(en.stderr).toContain('--format csv has one form only');
  });
});
