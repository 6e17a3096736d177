// Formulas compiled to closures over a values array, for the per-row and per-region hot paths.
// Nothing is generated as source text: the parsed tree becomes nested closures.
//
// A compiled formula returns NaN exactly when evaluate() would give no value (a missing input, a
// zero denominator, a non-finite result) and otherwise the same number, computed by the same
// operations in the same order. Callers that need the reason call evaluate() on that rare path.

import type { Formula, FormulaNode } from './formula.js';

/** values[i] is the input at the index the formula was compiled with; NaN = not reported. */
export type CompiledFormula = (values: ArrayLike<number>) => number;

type Compiled = (values: ArrayLike<number>) => number;

function compileNode(node: FormulaNode, indexOf: (id: string) => number | undefined): Compiled {
  switch (node.kind) {
    case 'number': {
      const value = node.value;
      return () => value;
    }
    case 'field': {
      const at = indexOf(node.id);
      if (at === undefined) return () => Number.NaN;
      return (values) => values[at]!;
    }
    case 'negate': {
      const arg = compileNode(node.arg, indexOf);
      return (values) => -arg(values);
    }
    case 'binary': {
      const left = compileNode(node.left, indexOf);
      const right = compileNode(node.right, indexOf);
      switch (node.op) {
        case '+':
          return (values) => left(values) + right(values);
        case '-':
          return (values) => left(values) - right(values);
        case '*':
          return (values) => left(values) * right(values);
        case '/':
          // A zero denominator must poison the result even where a later operation would hide
          // an Infinity (min(a / 0, 5), 1 / (a / 0)): evaluate() gives no value there.
          return (values) => {
            const l = left(values);
            const r = right(values);
            return r === 0 ? Number.NaN : l / r;
          };
      }
      break;
    }
    case 'call': {
      const args = node.args.map((arg) => compileNode(arg, indexOf));
      const pick = node.fn === 'min' ? Math.min : Math.max;
      return (values) => pick(...args.map((arg) => arg(values)));
    }
  }
  throw new Error('unreachable');
}

/** Compiles a formula; `indexOf` maps an input id to its position in the values arrays it will get. */
export function compileFormula(formula: Formula, indexOf: (id: string) => number | undefined): CompiledFormula {
  const root = compileNode(formula.ast, indexOf);
  return (values) => {
    const value = root(values);
    return Number.isFinite(value) ? value : Number.NaN;
  };
}

/**
 * The input indexes of a formula that is one field or a left-to-right sum of fields
 * (`a`, `a + b + c`), in the order they are added; null for any other shape. Such a formula's
 * value is values[f0] + values[f1] + ..., added in that order: the same number the compiled
 * formula gives, without a call per node (the consistency rules are nearly all of this shape).
 */
export function sumOfFields(formula: Formula, indexOf: (id: string) => number | undefined): Int32Array | null {
  const fields: number[] = [];
  let node: FormulaNode = formula.ast;
  while (node.kind === 'binary' && node.op === '+' && node.right.kind === 'field') {
    fields.push(indexOf(node.right.id) ?? -1);
    node = node.left;
  }
  if (node.kind !== 'field') return null;
  fields.push(indexOf(node.id) ?? -1);
  if (fields.includes(-1)) return null;
  return Int32Array.from(fields.reverse());
}

/** Σ values[fields[i]] for i in [from, to), added in order: a sumOfFields formula's value (NaN in, NaN out). */
export function sumAt(fields: Int32Array, values: ArrayLike<number>, from = 0, to = fields.length): number {
  let total = values[fields[from]!]!;
  for (let i = from + 1; i < to; i++) total += values[fields[i]!]!;
  return total;
}
