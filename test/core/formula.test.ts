import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { evaluate, formatFormula, parseFormula, type Formula } from '../../src/core/formula.js';

function parse(text: string, known?: string[]): Formula {
  const result = parseFormula(text, known ? new Set(known) : undefined);
  if (!result.formula) throw new Error(result.errors.map((e) => e.message).join('; '));
  return result.formula;
}

const values = (record: Record<string, number>) => (id: string) => record[id] ?? Number.NaN;

describe('parseFormula', () => {
  it('respects precedence and parentheses', () => {
    expect(evaluate(parse('1 + 2 * 3'), values({})).value).toBe(7);
    expect(evaluate(parse('(1 + 2) * 3'), values({})).value).toBe(9);
    expect(evaluate(parse('10 - 4 - 3'), values({})).value).toBe(3);
    expect(evaluate(parse('24 / 4 / 2'), values({})).value).toBe(3);
    expect(evaluate(parse('-2 * -3'), values({})).value).toBe(6);
  });

  it('reads input ids, min, max and the Chinese-style operators × ÷ −', () => {
    const f = parse('a × 100 ÷ max(b, c) − min(1, 2)');
    expect(f.fields).toEqual(['a', 'b', 'c']);
    expect(evaluate(f, values({ a: 5, b: 20, c: 50 })).value).toBe(9);
  });

  it('lists every unknown id with its offset', () => {
    const result = parseFormula('workers / urban_pop * 10000 + x', new Set(['workers']));
    expect(result.formula).toBeNull();
    expect(result.errors.map((e) => [e.kind, e.id, e.offset])).toEqual([
      ['unknown_id', 'urban_pop', 10],
      ['unknown_id', 'x', 30],
    ]);
  });

  it.each([
    ['a +', 3, /expected a number/],
    ['(a', 2, /expected '\)'/],
    ['a b', 2, /unexpected 'b'/],
    ['a ^ 2', 2, /unexpected character '\^'/],
    ['sqrt(a)', 0, /unknown function 'sqrt'/],
    ['', 0, /expected a number/],
  ])('rejects %j at offset %i', (text, offset, message) => {
    const result = parseFormula(text);
    expect(result.formula).toBeNull();
    expect(result.errors[0]!.offset).toBe(offset);
    expect(result.errors[0]!.message).toMatch(message);
  });

  it('refuses absurd nesting instead of overflowing the stack', () => {
    const result = parseFormula(`${'('.repeat(500)}1${')'.repeat(500)}`);
    expect(result.errors[0]!.message).toMatch(/nested too deeply/);
  });

  it('never throws on any string', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 80 }), (text) => {
        const result = parseFormula(text, new Set(['a', 'b']));
        return result.formula !== null || result.errors.length > 0;
      }),
      { numRuns: 2000 },
    );
  });
});

describe('evaluate', () => {
  it('gives no value and names the input when one is not reported', () => {
    expect(evaluate(parse('a / b'), values({ b: 2 }))).toEqual({ value: null, reason: { code: 'missing_input', field: 'a' } });
  });

  it('gives no value for a zero denominator, never Infinity or NaN', () => {
    expect(evaluate(parse('a / (b - c) * 100'), values({ a: 1, b: 3, c: 3 }))).toEqual({
      value: null,
      reason: { code: 'zero_denominator', denominator: 'b - c' },
    });
    expect(evaluate(parse('0 / b'), values({ b: 0 })).value).toBeNull();
  });
});

describe('formatFormula', () => {
  it('prints a formula back with the parentheses it needs, and substitutes values', () => {
    const f = parse('a / (b + c) * 100');
    expect(formatFormula(f)).toBe('a / (b + c) * 100');
    expect(formatFormula(f, (id) => ({ a: '5', b: '2', c: '3' })[id]!)).toBe('5 / (2 + 3) * 100');
    expect(formatFormula(parse('a - (b - c)'))).toBe('a - (b - c)');
  });

  it('round-trips: printing and parsing again gives the same value', () => {
    const leaf = fc.oneof(fc.constantFrom('a', 'b', 'c'), fc.integer({ min: 1, max: 99 }).map(String));
    const expr = fc.letrec((tie) => ({
      node: fc.oneof({ depthSize: 'small' }, leaf, fc.tuple(tie('node'), fc.constantFrom('+', '-', '*', '/'), tie('node')).map(([l, op, r]) => `(${l} ${op} ${r})`)),
    })).node;
    fc.assert(
      fc.property(expr, (text) => {
        const f = parse(text);
        const lookup = values({ a: 3, b: 7, c: 11 });
        expect(evaluate(parse(formatFormula(f)), lookup)).toEqual(evaluate(f, lookup));
      }),
    );
  });
});
