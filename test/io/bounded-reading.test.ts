// Plan and scenario files are read with a cap on their bytes whatever the file is: /dev/zero
// reports a size of 0 and never ends, and once took the tool to 8 GB.

import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';

describe('bounded reading', () => {
  it('refuses --plan /dev/zero with PLAN_TOO_LARGE, exit 2', async () => {
    const result = await runCli(['check', '--plan', '/dev/zero']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('PLAN_TOO_LARGE');
  });

  it('refuses --scenario /dev/zero with a usage error, exit 2', async () => {
    const result = await runCli(['project', '--scenario', '/dev/zero', '--lang', 'en']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('scenario file holds more than');
  });
});
