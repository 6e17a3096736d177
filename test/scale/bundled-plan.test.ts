// The bundled plan compiled to JSON (fast start) must be the plan the YAML gives, and must be
// used only while the YAML and the division list are exactly the files it was compiled from.

import { copyFileSync, mkdtempSync, appendFileSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { asciiJson, BUNDLED_PLAN, compilePlan, readCompiledPlan } from '../../src/io/compiled-plan.js';
import { loadPlanFile } from '../../src/io/plan-yaml.js';
import { loadPlan } from '../../src/io/read-plan.js';

const fromYaml = loadPlanFile(BUNDLED_PLAN);

/** A copy of the bundled plan and its division list in a fresh folder, compiled there. */
function compiledCopy() {
  const folder = mkdtempSync(join(tmpdir(), 'planmetrics-compiled-'));
  const planFile = join(folder, basename(BUNDLED_PLAN));
  copyFileSync(BUNDLED_PLAN, planFile);
  const divisions = join(folder, fromYaml.meta.divisions!);
  copyFileSync(join(dirname(BUNDLED_PLAN), fromYaml.meta.divisions!), divisions);
  const compiledFile = join(folder, 'compiled.json');
  writeFileSync(compiledFile, compilePlan(loadPlanFile(planFile), planFile));
  return { planFile, divisions, compiledFile };
}

describe('the compiled bundled plan', () => {
  it('is the plan the YAML and its division list give', () => {
    const { planFile, compiledFile } = compiledCopy();
    const compiled = readCompiledPlan(planFile, compiledFile);
    expect(compiled).not.toBeNull();
    expect(compiled).toEqual(fromYaml);
    expect(compiled!.divisions!.length).toBeGreaterThan(90);
  });

  it('is ASCII text (read without UTF-8 decoding), Chinese labels and all', () => {
    const { compiledFile } = compiledCopy();
    const bytes = readFileSync(compiledFile);
    expect(bytes.every((byte) => byte < 0x80)).toBe(true);
    expect(fromYaml.meta.title).toMatch(/[\u4e00-\u9fff]/);
  });

  it('writes any JSON value as ASCII that parses back to the same value', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.string({ unit: 'binary' }), (value, text) => {
        for (const item of [value, { text, value }]) {
          const json = asciiJson(item);
          expect(/^[\x00-\x7e]*$/.test(json)).toBe(true);
          expect(JSON.parse(json)).toEqual(JSON.parse(JSON.stringify(item)));
        }
      }),
      { numRuns: 500 },
    );
  });

  it('is not used once the YAML has changed', () => {
    const { planFile, compiledFile } = compiledCopy();
    appendFileSync(planFile, '\n# edited\n');
    expect(readCompiledPlan(planFile, compiledFile)).toBeNull();
  });

  it('is not used once the division list has changed', () => {
    const { planFile, divisions, compiledFile } = compiledCopy();
    appendFileSync(divisions, '339999,新区,county,330000,\n');
    expect(readCompiledPlan(planFile, compiledFile)).toBeNull();
  });

  it('is not used when it is missing or not JSON', () => {
    const { planFile, compiledFile } = compiledCopy();
    expect(readCompiledPlan(planFile, `${compiledFile}.missing`)).toBeNull();
    writeFileSync(compiledFile, '{ not json');
    expect(readCompiledPlan(planFile, compiledFile)).toBeNull();
  });

  it('gives loadPlan() the same plan either way', async () => {
    expect(await loadPlan()).toEqual(fromYaml);
    expect(await loadPlan(BUNDLED_PLAN)).not.toBe(await loadPlan(BUNDLED_PLAN)); // a fresh object per call
  });
});
