// End to end through the built CLI (npm test builds first): exit codes and streams.

import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { writeCountyFixture } from './fixture.js';

describe('planmetrics completeness', () => {
  it('exits 1 with the gaps on stderr, and 0 when every county reported everything', async () => {
    const gaps = await runCli(['completeness', writeCountyFixture({ absent: ['330106', '331123'], blank: { '330381': ['childcare_slots'] } }), '--format', 'json']);
    expect(gaps.code).toBe(1);
    expect(JSON.parse(gaps.stdout).summary).toEqual({ expected: 90, complete: 87, partial: 1, absent: 2 });
    expect(gaps.stderr.trim().split('\n')).toEqual([
      expect.stringContaining('SUBMISSION_ABSENT 330106 西湖区 2024 年：未报送任何数据'),
      expect.stringContaining('SUBMISSION_ABSENT 331123 遂昌县'),
      expect.stringContaining('SUBMISSION_PARTIAL 330381 瑞安市 2024 年：未填 婴幼儿照护设施托位数'),
    ]);
    const complete = await runCli(['completeness', writeCountyFixture()]);
    expect(complete.code).toBe(0);
    expect(complete.stderr).toBe('');
    expect(complete.stdout).toContain('全部应报地区均已完整报送');
  });

  it('exits 2 on a region the division list does not have, naming the closest', async () => {
    const run = await runCli(['completeness', '--region', '330107', '--lang', 'en']);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain("--region 330107 is not in the plan's division list; closest: 330106 西湖区");
  });
});
