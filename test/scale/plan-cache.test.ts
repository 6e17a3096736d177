// With PLANMETRICS_CACHE_DIR set (and only then), a plan other than the bundled one is compiled
// into that folder the first time it is read, and used from there only while its YAML and division
// list are byte for byte the same.

import { appendFileSync, copyFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { BUNDLED_PLAN, cachePlan, planCacheDir, readCachedPlan } from '../../src/io/compiled-plan.js';
import { loadPlanFile } from '../../src/io/plan-yaml.js';
import { runCli } from '../helpers/cli.js';

const fromYaml = loadPlanFile(BUNDLED_PLAN);

/** A copy of the bundled plan and its division list in a fresh folder, and an empty cache folder. */
function planCopy() {
  const folder = mkdtempSync(join(tmpdir(), 'planmetrics-cache-'));
  const planFile = join(folder, 'my-plan.yaml');
  copyFileSync(BUNDLED_PLAN, planFile);
  const divisions = join(folder, fromYaml.meta.divisions!);
  copyFileSync(join(dirname(BUNDLED_PLAN), fromYaml.meta.divisions!), divisions);
  return { planFile, divisions, cache: join(folder, 'cache') };
}

describe('the plan cache', () => {
  it('gives back the plan the YAML gives, once cached', () => {
    const { planFile, cache } = planCopy();
    expect(readCachedPlan(planFile, cache)).toBeNull();
    cachePlan(loadPlanFile(planFile), planFile, cache);
    expect(readdirSync(cache)).toHaveLength(1);
    expect(readCachedPlan(planFile, cache)).toEqual(fromYaml);
  });

  it('is not used once the YAML or the division list has changed', () => {
    const { planFile, cache } = planCopy();
    cachePlan(loadPlanFile(planFile), planFile, cache);
    appendFileSync(planFile, '\n# edited\n');
    expect(readCachedPlan(planFile, cache)).toBeNull();

    const other = planCopy();
    cachePlan(loadPlanFile(other.planFile), other.planFile, other.cache);
    appendFileSync(other.divisions, '339999,新区,county,330000,\n');
    expect(readCachedPlan(other.planFile, other.cache)).toBeNull();
  });

  it('is not used by another build of planmetrics (whose plans may have another shape)', () => {
    const { planFile, cache } = planCopy();
    cachePlan(loadPlanFile(planFile), planFile, cache);
    const file = join(cache, readdirSync(cache)[0]!);
    const text = readFileSync(file, 'utf8');
    expect(text).toMatch(/"build":"[^"]+"/);
    writeFileSync(file, text.replace(/"build":"[^"]+"/, '"build":"0.0.1:1:1"'));
    expect(readCachedPlan(planFile, cache)).toBeNull();
  });

  it('is not used when its file is broken, and a cache that cannot be written is no error', () => {
    const { planFile, cache } = planCopy();
    cachePlan(loadPlanFile(planFile), planFile, cache);
    const [name] = readdirSync(cache);
    writeFileSync(join(cache, name!), '{"format":3}\n{ cut short');
    expect(readCachedPlan(planFile, cache)).toBeNull();
    const notAFolder = join(cache, name!); // a file where the folder should be
    expect(() => cachePlan(fromYaml, planFile, notAFolder)).not.toThrow();
    expect(readCachedPlan(planFile, notAFolder)).toBeNull();
  });

  it('lives in PLANMETRICS_CACHE_DIR, and nowhere without it', () => {
    expect(planCacheDir({ PLANMETRICS_CACHE_DIR: 'off' })).toBeNull();
    expect(planCacheDir({ PLANMETRICS_CACHE_DIR: '' })).toBeNull();
    expect(planCacheDir({ PLANMETRICS_CACHE_DIR: '/tmp/pm' })).toBe('/tmp/pm');
    expect(planCacheDir({ XDG_CACHE_HOME: '/home/a/.cache', HOME: '/home/a' })).toBeNull();
  });

  // The plan is read where the process's environment is read (not from run()'s io.env): stubbed here.
  it('is not written unless asked for: a run writes nothing in the home or cache folder', async () => {
    const { planFile } = planCopy();
    const home = mkdtempSync(join(tmpdir(), 'planmetrics-home-'));
    vi.stubEnv('PLANMETRICS_CACHE_DIR', undefined);
    vi.stubEnv('HOME', home);
    vi.stubEnv('XDG_CACHE_HOME', join(home, '.cache'));
    try {
      const run = await runCli(['indicators', '--plan', planFile, '--format', 'csv']);
      expect(run.code).toBe(0);
      expect(readdirSync(home)).toEqual([]);
    } finally {
      vi.unstubAllEnvs();
    }
  });

  it('gives the CLI the same results from the YAML and from the cache', async () => {
    const { planFile, cache } = planCopy();
    const args = ['compute', '--plan', planFile, '--format', 'json', join(dirname(BUNDLED_PLAN), 'sample', readdirSync(join(dirname(BUNDLED_PLAN), 'sample')).find((name) => name.endsWith('.csv'))!)];
    vi.stubEnv('PLANMETRICS_CACHE_DIR', cache);
    try {
      const first = await runCli(args);
      expect(first.code).toBe(0);
      expect(existsSync(cache) && readdirSync(cache).some((name) => name.startsWith('plan-'))).toBe(true);
      const second = await runCli(args);
      expect(second).toEqual(first);
      vi.stubEnv('PLANMETRICS_CACHE_DIR', 'off');
      expect(await runCli(args)).toEqual(first); // no cache at all
    } finally {
      vi.unstubAllEnvs();
    }
  });
});
