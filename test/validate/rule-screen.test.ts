import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileFormula, sumOfFields } from '../../src/core/compiled-formula.js';
import { parseFormula, type Formula } from '../../src/core/formula.js';
import { compares, RuleScreen } from '../../src/core/rule-screen.js';

const FIELDS = ['a', 'b', 'c', 'd', 'e'];
const indexOf = (id: string) => FIELDS.indexOf(id);

function parse(text: string): Formula {
  const result = parseFormula(text);
  if (!result.formula) throw new Error(text);
  return result.formula;
}

/** A value as rows hold them: reported (often equal to another, to reach the tolerance edges) or NaN. */
const value = fc.oneof(fc.constantFrom(Number.NaN, 0, 1, 10, 1e6), fc.double({ min: 0, max: 1e7, noNaN: true }), fc.integer({ min: 0, max: 1000 }));
const side = fc.array(fc.constantFrom(...FIELDS), { minLength: 1, maxLength: 3 }).map((ids) => ids.join(' + '));
const op = fc.constantFrom('<=', '>=', '<', '>', '=' as const);

describe('sumOfFields', () => {
  it('gives the same number as the compiled formula, for every sum of fields', () => {
    fc.assert(
      fc.property(side, fc.array(value, { minLength: 5, maxLength: 5 }), (text, values) => {
        const formula = parse(text);
        const fields = sumOfFields(formula, indexOf)!;
        let total = values[fields[0]!]!;
        for (let i = 1; i < fields.length; i++) total += values[fields[i]!]!;
        expect(Object.is(Number.isFinite(total) ? total : Number.NaN, compileFormula(formula, indexOf)(values))).toBe(true);
      }),
    );
  });

  it('declines any other shape', () => {
    for (const text of ['a - b', 'a * b', '2', 'a + 1', 'a + (b + c)', 'max(a, b)', '-a', 'a / b']) {
      expect(sumOfFields(parse(text), indexOf), text).toBeNull();
    }
  });
});

describe('RuleScreen', () => {
  it('flags a row exactly when some rule it can judge does not hold', () => {
    const rule = fc.record({ op, left: side, right: side });
    fc.assert(
      fc.property(fc.array(rule, { maxLength: 6 }), fc.array(value, { minLength: 5, maxLength: 5 }), (rules, raw) => {
        const values = Float64Array.from(raw);
        const compiled = rules.map((r) => ({ op: r.op, left: sumOfFields(parse(r.left), indexOf)!, right: sumOfFields(parse(r.right), indexOf)! }));
        const evaluate = (text: string) => compileFormula(parse(text), indexOf)(values);
        const broken = rules.some((r) => {
          const left = evaluate(r.left);
          const right = evaluate(r.right);
          return !Number.isNaN(left) && !Number.isNaN(right) && !compares(r.op, left, right);
        });
        expect(new RuleScreen(compiled).mayBreak(values)).toBe(broken);
      }),
      { numRuns: 500 },
    );
  });
});
