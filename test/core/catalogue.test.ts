import { describe, expect, it } from 'vitest';
import { parsePlanText } from '../../src/io/plan-yaml.js';
import { SMALL_PLAN_YAML } from '../helpers/plan.js';

function problems(yaml: string) {
  const { plan, diagnostics } = parsePlanText(yaml, 'plan.yaml');
  expect(plan).toBeNull();
  return diagnostics.map((d) => ({ code: d.code, line: d.line, column: d.column, field: d.field }));
}

describe('plan loader', () => {
  it('accepts a well-formed plan and indexes inputs in order', () => {
    const { plan, diagnostics } = parsePlanText(SMALL_PLAN_YAML, 'plan.yaml');
    expect(diagnostics).toEqual([]);
    expect(plan!.inputs.map((i) => i.index)).toEqual([0, 1, 2, 3, 4, 5, 6]);
    const ratio = plan!.indicators.find((i) => i.id === 'urban_rural_income_ratio')!;
    // the weights' inputs are required too
    expect(ratio.requires.map((i) => plan!.inputs[i]!.id)).toEqual(['resident_population', 'urban_population', 'urban_income_per_capita', 'rural_income_per_capita']);
  });

  it('points a formula error at its exact line and column', () => {
    const yaml = SMALL_PLAN_YAML.replace('formula: community_workers / urban_population * 10000', 'formula: community_workers / urban_pop * 10000');
    const line = yaml.split('\n').findIndex((l) => l.includes('urban_pop *')) + 1;
    expect(problems(yaml)).toEqual([{ code: 'FORMULA_UNKNOWN_ID', line, column: 34, field: 'indicators.0.formula' }]);
  });

  it('reports every schema problem at once, each with its line', () => {
    const yaml = SMALL_PLAN_YAML.replace('attribute: expected\n    levels: [province, city, county]\n  - id: urban_rural', 'attribute: mandatory\n    levels: [province, city, county]\n  - id: urban_rural').replace('comparator: ">=" }\n    target_year: 2025\n    attribute: expected\n    levels: [province, city, county]\n  - id: future', 'comparator: "=>" }\n    target_year: 2025\n    attribute: expected\n    levels: [province, city, county]\n  - id: future');
    const found = problems(yaml);
    expect(found.map((p) => p.code)).toEqual(['PLAN_SCHEMA', 'PLAN_SCHEMA']);
    expect(found.map((p) => p.field)).toEqual(['indicators.0.attribute', 'indicators.2.target.comparator']);
    const lines = yaml.split('\n');
    expect(lines[found[0]!.line! - 1]).toContain('attribute: mandatory');
    expect(lines[found[1]!.line! - 1]).toContain('"=>"');
  });

  it('rejects unknown keys, duplicate ids and a weighted mean without a weight', () => {
    const yaml = SMALL_PLAN_YAML.replace('aggregate: weighted_mean, weight: urban_population }', 'aggregate: weighted_mean }').replace(
      '- { id: future_communities,',
      '- { id: community_workers,',
    );
    // renaming future_communities also leaves its indicator's formula pointing at an unknown id
    expect(problems(yaml).map((p) => p.code).sort()).toEqual(['FORMULA_UNKNOWN_ID', 'PLAN_DUPLICATE_ID', 'PLAN_SCHEMA']);
    expect(problems(SMALL_PLAN_YAML.replace('  title: 测试规划', '  title: 测试规划\n  titel: typo')).map((p) => [p.code, p.line])).toEqual([['PLAN_SCHEMA', 5]]);
  });

  it('reports YAML syntax errors with their position', () => {
    expect(problems('plan:\n  id: [unclosed\n')[0]).toMatchObject({ code: 'PLAN_YAML_SYNTAX', line: 3 });
  });

  it('refuses an alias bomb quickly instead of expanding it', () => {
    const bomb = ['a: &a [x, x, x, x, x, x, x, x, x, x]', ...'bcdefghi'.split('').map((c, i) => `${c}: &${c} [${Array(10).fill(`*${'abcdefghi'[i]}`).join(', ')}]`)].join('\n');
    const started = Date.now();
    expect(problems(bomb)[0]!.code).toBe('PLAN_TOO_LARGE');
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('needs a tolerance for "about" targets', () => {
    const yaml = SMALL_PLAN_YAML.replace('comparator: "≈", tolerance: 0.05, better: lower', 'comparator: "≈", better: lower');
    expect(problems(yaml)).toEqual([expect.objectContaining({ code: 'PLAN_SCHEMA', field: 'indicators.1.target.comparator' })]);
  });
});

describe('plan loader wording', () => {
  it('says which key is missing and what type was found, in the plan file’s terms', () => {
    const { diagnostics } = parsePlanText('plan:\n  id: x\n  title: t\n  baseline_year: "2020"\n  target_year: 2025\ninputs:\n  - { id: a, label: A, unit: 个, aggregate: sum }\n', 'p.yaml');
    const messages = diagnostics.map((d) => [d.line, d.args.message]);
    expect(messages).toContainEqual([4, `'baseline_year': expected number, found string "2020"`]);
    expect(messages).toContainEqual([1, `'indicators' is required here but missing`]);
  });
});
