// A small arithmetic language over input ids: + - * / (also × ÷), parentheses, numbers,
// min(...), max(...). Parsed into a tree here, evaluated by compiled-formula.ts (the one
// evaluator); nothing reaches eval or Function.

import { compileFormula, whyNoValue, type CompiledFormula } from './compiled-formula.js';

export type BinaryOp = '+' | '-' | '*' | '/';

export type FormulaNode =
  | { kind: 'number'; value: number }
  | { kind: 'field'; id: string; offset: number }
  | { kind: 'negate'; arg: FormulaNode }
  | { kind: 'binary'; op: BinaryOp; left: FormulaNode; right: FormulaNode }
  | { kind: 'call'; fn: 'min' | 'max'; args: FormulaNode[] };

export interface Formula {
  source: string;
  ast: FormulaNode;
  /** Input ids in order of first appearance. */
  fields: string[];
}

export interface FormulaError {
  kind: 'syntax' | 'unknown_id';
  message: string;
  /** 0-based offset into the formula text. */
  offset: number;
  id?: string;
}

/** Why a formula has no value. */
export type NoValueReason =
  | { code: 'missing_input'; field: string }
  | { code: 'zero_denominator'; denominator: string }
  /** A result (or an input sum) too large to be a number: 1e308 + 1e308, a constant 1e400. */
  | { code: 'overflow' };

export type FormulaResult = { value: number } | { value: null; reason: NoValueReason };

type Token =
  | { type: 'number'; value: number; offset: number; text: string }
  | { type: 'ident'; value: string; offset: number; text: string }
  | { type: 'op'; value: string; offset: number; text: string }
  | { type: 'end'; offset: number; text: string };

const MAX_FORMULA_LENGTH = 2000;
const MAX_DEPTH = 64;
const FUNCTIONS = new Set(['min', 'max']);

class SyntaxFailure extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
  }
}

function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < source.length) {
    const ch = source[i]!;
    if (/\s/.test(ch)) {
      i++;
      continue;
    }
    const number = /^(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?/.exec(source.slice(i, i + 64));
    if (number) {
      tokens.push({ type: 'number', value: Number(number[0]), offset: i, text: number[0] });
      i += number[0].length;
      continue;
    }
    const ident = /^[A-Za-z_][A-Za-z0-9_]*/.exec(source.slice(i, i + 200));
    if (ident) {
      tokens.push({ type: 'ident', value: ident[0], offset: i, text: ident[0] });
      i += ident[0].length;
      continue;
    }
    const op = ch === '×' ? '*' : ch === '÷' ? '/' : ch === '−' ? '-' : ch;
    if ('+-*/(),'.includes(op)) {
      tokens.push({ type: 'op', value: op, offset: i, text: ch });
      i++;
      continue;
    }
    throw new SyntaxFailure(`unexpected character '${ch}'`, i);
  }
  tokens.push({ type: 'end', offset: source.length, text: 'end of formula' });
  return tokens;
}

class Parser {
  private position = 0;
  private depth = 0;

  constructor(private readonly tokens: Token[]) {}

  parse(): FormulaNode {
    const node = this.expression();
    const next = this.peek();
    if (next.type !== 'end') throw new SyntaxFailure(`unexpected '${next.text}'`, next.offset);
    return node;
  }

  private peek(): Token {
    return this.tokens[this.position]!;
  }

  private take(): Token {
    return this.tokens[this.position++]!;
  }

  private isOp(value: string): boolean {
    const token = this.peek();
    return token.type === 'op' && token.value === value;
  }

  private expect(value: string): void {
    const token = this.take();
    if (token.type !== 'op' || token.value !== value) {
      throw new SyntaxFailure(`expected '${value}' but found '${token.text}'`, token.offset);
    }
  }

  private nested<T>(parse: () => T): T {
    if (++this.depth > MAX_DEPTH) throw new SyntaxFailure('formula is nested too deeply', this.peek().offset);
    try {
      return parse();
    } finally {
      this.depth--;
    }
  }

  private expression(): FormulaNode {
    let left = this.term();
    while (this.isOp('+') || this.isOp('-')) {
      const op = (this.take() as { value: string }).value;
      left = { kind: 'binary', op: op as BinaryOp, left, right: this.term() };
    }
    return left;
  }

  private term(): FormulaNode {
    let left = this.unary();
    while (this.isOp('*') || this.isOp('/')) {
      const op = (this.take() as { value: string }).value as BinaryOp;
      left = { kind: 'binary', op, left, right: this.unary() };
    }
    return left;
  }

  private unary(): FormulaNode {
    if (this.isOp('-')) {
      this.take();
      return this.nested(() => ({ kind: 'negate', arg: this.unary() }));
    }
    if (this.isOp('+')) {
      this.take();
      return this.nested(() => this.unary());
    }
    return this.primary();
  }

  private primary(): FormulaNode {
    const token = this.take();
    if (token.type === 'number') return { kind: 'number', value: token.value };
    if (token.type === 'op' && token.value === '(') {
      const inner = this.nested(() => this.expression());
      this.expect(')');
      return inner;
    }
    if (token.type === 'ident') {
      if (this.isOp('(')) return this.call(token);
      return { kind: 'field', id: token.value, offset: token.offset };
    }
    const found = token.type === 'end' ? 'the end of the formula' : `'${token.text}'`;
    throw new SyntaxFailure(`expected a number, an input id or '(' but found ${found}`, token.offset);
  }

  private call(name: Token & { type: 'ident' }): FormulaNode {
    if (!FUNCTIONS.has(name.value)) {
      throw new SyntaxFailure(`unknown function '${name.value}' (only min and max are allowed)`, name.offset);
    }
    this.expect('(');
    const args: FormulaNode[] = [];
    this.nested(() => {
      args.push(this.expression());
      while (this.isOp(',')) {
        this.take();
        args.push(this.expression());
      }
    });
    this.expect(')');
    return { kind: 'call', fn: name.value as 'min' | 'max', args };
  }
}

function collectFields(node: FormulaNode, into: { id: string; offset: number }[]): void {
  switch (node.kind) {
    case 'field':
      into.push({ id: node.id, offset: node.offset });
      return;
    case 'negate':
      collectFields(node.arg, into);
      return;
    case 'binary':
      collectFields(node.left, into);
      collectFields(node.right, into);
      return;
    case 'call':
      for (const arg of node.args) collectFields(arg, into);
      return;
    case 'number':
      return;
  }
}

/**
 * Parses a formula. With knownIds, every id must be one of them; all unknown ids are reported.
 */
export function parseFormula(
  source: string,
  knownIds?: ReadonlySet<string>,
): { formula: Formula; errors: [] } | { formula: null; errors: FormulaError[] } {
  if (source.length > MAX_FORMULA_LENGTH) {
    return {
      formula: null,
      errors: [{ kind: 'syntax', message: `formula is longer than ${MAX_FORMULA_LENGTH} characters`, offset: 0 }],
    };
  }
  let ast: FormulaNode;
  try {
    ast = new Parser(tokenize(source)).parse();
  } catch (error) {
    if (error instanceof SyntaxFailure) {
      return { formula: null, errors: [{ kind: 'syntax', message: error.message, offset: error.offset }] };
    }
    throw error;
  }
  const found: { id: string; offset: number }[] = [];
  collectFields(ast, found);
  if (knownIds) {
    const unknown = found.filter((f) => !knownIds.has(f.id));
    if (unknown.length > 0) {
      return {
        formula: null,
        errors: unknown.map((f) => ({
          kind: 'unknown_id',
          message: `unknown input id '${f.id}'`,
          offset: f.offset,
          id: f.id,
        })),
      };
    }
  }
  const fields = [...new Set(found.map((f) => f.id))];
  return { formula: { source, ast, fields }, errors: [] };
}

/** Reads an input's value; NaN means not reported. */
export type Lookup = (id: string) => number;

/** Compiled once per formula, over the formula's own fields in order. */
const compiledByFormula = new WeakMap<Formula, CompiledFormula>();

/**
 * Evaluates a formula through the one evaluator (compiled-formula.ts): a missing input, a zero
 * denominator or an overflow gives no value and the reason.
 */
export function evaluate(formula: Formula, lookup: Lookup): FormulaResult {
  const indexOf = (id: string) => {
    const at = formula.fields.indexOf(id);
    return at < 0 ? undefined : at;
  };
  let compiled = compiledByFormula.get(formula);
  if (!compiled) compiledByFormula.set(formula, (compiled = compileFormula(formula, indexOf)));
  const values = formula.fields.map((id) => lookup(id));
  const value = compiled(values);
  if (!Number.isNaN(value)) return { value };
  return { value: null, reason: whyNoValue(formula, indexOf, values) ?? { code: 'overflow' } };
}

const PRECEDENCE: Record<BinaryOp, number> = { '+': 1, '-': 1, '*': 2, '/': 2 };

/** A formula's node as text (a zero denominator's words name it). */
export function formatFormulaNode(node: FormulaNode): string {
  return formatNode(node);
}

function formatNode(node: FormulaNode, substitute?: (id: string) => string, parent = 0, rightSide = false): string {
  switch (node.kind) {
    case 'number':
      return String(node.value);
    case 'field':
      return substitute ? substitute(node.id) : node.id;
    case 'negate':
      return `-${formatNode(node.arg, substitute, 3)}`;
    case 'call':
      return `${node.fn}(${node.args.map((a) => formatNode(a, substitute)).join(', ')})`;
    case 'binary': {
      const own = PRECEDENCE[node.op];
      const text = `${formatNode(node.left, substitute, own)} ${node.op} ${formatNode(node.right, substitute, own, true)}`;
      const needsParens = own < parent || (own === parent && rightSide);
      return needsParens ? `(${text})` : text;
    }
  }
}

/** Prints a formula, optionally with each input replaced (e.g. by its value, for an audit view). */
export function formatFormula(formula: Formula, substitute?: (id: string) => string): string {
  return formatNode(formula.ast, substitute);
}
