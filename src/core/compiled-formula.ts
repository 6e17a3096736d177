// The one formula evaluator: a parsed formula (formula.ts) compiled to nested closures over a
// values array. Nothing is generated as source text; formulas are data, never code.
//
// A compiled formula returns NaN when it has no value: a missing input, a zero denominator, or a
// result that is not finite (overflow). whyNoValue() says which, by running the same closures
// once more with a trace that records the first missing input or zero denominator met, in the
// order the formula is evaluated. `evaluate()` (formula.ts) and `explain` go through here too.

import { formatFormulaNode, type Formula, type FormulaNode, type NoValueReason } from './formula.js';

/** values[i] is the input at the index the formula was compiled with; NaN = not reported. */
export type CompiledFormula = (values: ArrayLike<number>) => number;

type Compiled = (values: ArrayLike<number>) => number;

/** The first reason met while a traced closure runs (only the traced copy writes it). */
interface Trace {
  reason: NoValueReason | null;
}

function compileNode(node: FormulaNode, indexOf: (id: string) => number | undefined, trace: Trace | null): Compiled {
  switch (node.kind) {
    case 'number': {
      const value = node.value;
      return () => value;
    }
    case 'field': {
      const at = indexOf(node.id);
      const id = node.id;
      if (trace) {
        return (values) => {
          const value = at === undefined ? Number.NaN : values[at]!;
          if (Number.isNaN(value)) trace.reason ??= { code: 'missing_input', field: id };
          return value;
        };
      }
      if (at === undefined) return () => Number.NaN;
      return (values) => values[at]!;
    }
    case 'negate': {
      const arg = compileNode(node.arg, indexOf, trace);
      return (values) => -arg(values);
    }
    case 'binary': {
      const sum = trace ? null : sumOfFields(node, indexOf);
      if (sum) return (values) => sumAt(sum, values);
      const left = compileNode(node.left, indexOf, trace);
      const right = compileNode(node.right, indexOf, trace);
      switch (node.op) {
        case '+':
          return (values) => left(values) + right(values);
        case '-':
          return (values) => left(values) - right(values);
        case '*':
          return (values) => left(values) * right(values);
        case '/': {
          // A zero denominator poisons the result even where a later operation would hide an
          // Infinity (min(a / 0, 5), 1 / (a / 0)).
          const denominator = node.right;
          return (values) => {
            const l = left(values);
            const r = right(values);
            if (r !== 0) return l / r;
            if (trace) trace.reason ??= { code: 'zero_denominator', denominator: formatFormulaNode(denominator) };
            return Number.NaN;
          };
        }
      }
      break;
    }
    case 'call': {
      const args = node.args.map((arg) => compileNode(arg, indexOf, trace));
      const pick = node.fn === 'min' ? Math.min : Math.max;
      return (values) => {
        let result = args[0]!(values);
        for (let i = 1; i < args.length; i++) result = pick(result, args[i]!(values));
        return result;
      };
    }
  }
  throw new Error('unreachable');
}

/** Compiles a formula; `indexOf` maps an input id to its position in the values arrays it will get. */
export function compileFormula(formula: Formula, indexOf: (id: string) => number | undefined): CompiledFormula {
  const root = compileNode(formula.ast, indexOf, null);
  return (values) => {
    const value = root(values);
    return Number.isFinite(value) ? value : Number.NaN;
  };
}

/**
 * Why a formula has no value for these values (call it when the compiled formula gave NaN): the
 * first missing input or zero denominator met in evaluation order, else `overflow` (a result that
 * is not finite: 1e308 + 1e308, a constant 1e400). null when the formula does have a value.
 */
export function whyNoValue(formula: Formula, indexOf: (id: string) => number | undefined, values: ArrayLike<number>): NoValueReason | null {
  const trace: Trace = { reason: null };
  const value = compileNode(formula.ast, indexOf, trace)(values);
  if (trace.reason) return trace.reason;
  return Number.isFinite(value) ? null : { code: 'overflow' };
}

/**
 * The input indexes of a node that is a left-to-right sum of two or more fields (`a + b + c`), in
 * the order they are added; null for any other shape. Its value is values[f0] + values[f1] + ...,
 * added in that order, without a call per node (most consistency rules are of this shape).
 */
function sumOfFields(node: FormulaNode, indexOf: (id: string) => number | undefined): Int32Array | null {
  const fields: number[] = [];
  let at: FormulaNode = node;
  while (at.kind === 'binary' && at.op === '+' && at.right.kind === 'field') {
    fields.push(indexOf(at.right.id) ?? -1);
    at = at.left;
  }
  if (at.kind !== 'field' || fields.length === 0) return null;
  fields.push(indexOf(at.id) ?? -1);
  if (fields.includes(-1)) return null;
  return Int32Array.from(fields.reverse());
}

function sumAt(fields: Int32Array, values: ArrayLike<number>): number {
  let total = values[fields[0]!]!;
  for (let i = 1; i < fields.length; i++) total += values[fields[i]!]!;
  return total;
}
