// A quick pass over a row's values that tells whether any of the plan's simple consistency rules
// might be broken, without a function call per rule: rules of the form `a <= b`, `a <= b + c`
// (every side a sum of fields, compared with <=, >=, <, >, =) become flat arrays read in one loop.
// Nearly every row breaks nothing; for the rare row the screen flags, the caller checks each rule
// the ordinary way and builds its findings.

import { sumAt } from './compiled-formula.js';
import type { Rule } from './types.js';

const OPS = ['<=', '>=', '<', '>', '='] as const;
const AT_MOST = 0;
const AT_LEAST = 1;
type ComparisonOp = (typeof OPS)[number];

/** How far `a <= b`, `a >= b` and `a = b` let a side drift: rounding, never a real excess. */
export function ruleTolerance(right: number): number {
  return 1e-9 * Math.max(1, Math.abs(right));
}

export function compares(op: ComparisonOp, left: number, right: number): boolean {
  return comparesCoded(OPS.indexOf(op), left, right);
}

/** `compares` with the operator as its index in OPS: what the screen's loop calls. */
function comparesCoded(op: number, left: number, right: number): boolean {
  switch (op) {
    case 0:
      return left <= right + ruleTolerance(right);
    case 1:
      return left >= right - ruleTolerance(right);
    case 2:
      return left < right;
    case 3:
      return left > right;
    default:
      return Math.abs(left - right) <= ruleTolerance(right);
  }
}

export interface SummedRule {
  op: Rule['op'];
  /** Input indexes each side adds up, in order. */
  left: Int32Array;
  right: Int32Array;
}

export function isScreenable(op: Rule['op']): op is ComparisonOp {
  return (OPS as readonly string[]).includes(op);
}

export class RuleScreen {
  /** The commonest shape, `a <= b` over two fields: their indexes in pairs, read in the tightest loop. */
  private readonly atMost: Int32Array;
  /** Every other rule: op code, then [start, end) of the left side's and of the right side's terms. */
  private readonly shape: Int32Array;
  private readonly terms: Int32Array;

  constructor(rules: SummedRule[]) {
    const isPair = (rule: SummedRule) => rule.op === '<=' && rule.left.length === 1 && rule.right.length === 1;
    const pairs = rules.filter(isPair);
    const others = rules.filter((rule) => !isPair(rule));
    this.atMost = Int32Array.from(pairs.flatMap((rule) => [rule.left[0]!, rule.right[0]!]));
    this.shape = new Int32Array(others.length * 5);
    this.terms = new Int32Array(others.reduce((n, rule) => n + rule.left.length + rule.right.length, 0));
    let at = 0;
    others.forEach((rule, k) => {
      this.shape[k * 5] = OPS.indexOf(rule.op as ComparisonOp);
      this.shape[k * 5 + 1] = at;
      this.terms.set(rule.left, at);
      at += rule.left.length;
      this.shape[k * 5 + 2] = at;
      this.shape[k * 5 + 3] = at;
      this.terms.set(rule.right, at);
      at += rule.right.length;
      this.shape[k * 5 + 4] = at;
    });
  }

  /** false when every rule holds or cannot be judged (an input not reported); true when one might not hold. */
  mayBreak(values: Float64Array): boolean {
    const atMost = this.atMost;
    for (let k = 0; k < atMost.length; k += 2) {
      const left = values[atMost[k]!]!;
      const right = values[atMost[k + 1]!]!;
      // NaN (not reported) on either side compares false: a rule that cannot be judged passes.
      // `left > right` first: the tolerance is never negative, so a row within its bound (nearly
      // all) is passed without working it out, which cold code pays for with a call and a number.
      if (left > right && left > right + ruleTolerance(right)) return true;
    }
    const { shape, terms } = this;
    for (let s = 0; s < shape.length; s += 5) {
      const left = sumAt(terms, values, shape[s + 1]!, shape[s + 2]!);
      if (Number.isNaN(left)) continue;
      const right = sumAt(terms, values, shape[s + 3]!, shape[s + 4]!);
      if (Number.isNaN(right)) continue;
      const op = shape[s]!;
      // As above: within the bound without the tolerance is within it with the tolerance.
      if ((op === AT_MOST && left <= right) || (op === AT_LEAST && left >= right)) continue;
      if (!comparesCoded(op, left, right)) return true;
    }
    return false;
  }
}
