/**
 * Recursive-descent parser for law math. Grammar (lowest to highest precedence):
 *   sum     := product (('+' | '-') product)*
 *   product := unary (('*' | '/') unary)*
 *   unary   := '-' unary | power            (so -x^2 = -(x^2))
 *   power   := atom ('^' unary)?            (right-associative; N^-a allowed)
 *   atom    := number | name | name '(' sum (',' sum)* ')' | '(' sum ')'
 * Accepts `**` for `^` and the Unicode signs − × · ÷. Never throws and never evaluates text.
 */
import type { BinaryOp, ExprError, ExprNode, FunctionName } from './ast';
import { FUNCTION_ARITY } from './ast';

type Token =
  | { t: 'num'; value: number; start: number; end: number }
  | { t: 'id'; name: string; start: number; end: number }
  | { t: 'op'; op: string; start: number; end: number }
  | { t: 'eof'; start: number; end: number };

const OPS: Record<string, string> = {
  '+': '+',
  '-': '-',
  '−': '-',
  '*': '*',
  '×': '*',
  '·': '*',
  '/': '/',
  '÷': '/',
  '^': '^',
  '(': '(',
  ')': ')',
  ',': ',',
};

function lex(text: string, errors: ExprError[]): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    const num = /^(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?/.exec(text.slice(i));
    if (num) {
      tokens.push({ t: 'num', value: Number(num[0]), start: i, end: i + num[0].length });
      i += num[0].length;
      continue;
    }
    const id = /^[A-Za-z_α-ωΑ-Ω][A-Za-z0-9_α-ωΑ-Ω]*/.exec(text.slice(i));
    if (id) {
      tokens.push({ t: 'id', name: id[0], start: i, end: i + id[0].length });
      i += id[0].length;
      continue;
    }
    if (text.startsWith('**', i)) {
      tokens.push({ t: 'op', op: '^', start: i, end: i + 2 });
      i += 2;
      continue;
    }
    const op = OPS[c];
    if (op) tokens.push({ t: 'op', op, start: i, end: i + 1 });
    else errors.push({ message: `unexpected character '${c}'`, start: i, end: i + 1 });
    i++;
  }
  tokens.push({ t: 'eof', start: text.length, end: text.length });
  return tokens;
}

/** Result of `parseExpression`: a tree when there were no errors, and every error with offsets. */
export interface ExprParseResult {
  ast?: ExprNode;
  errors: ExprError[];
}

/** Nesting (parentheses, calls, signs, exponents) and operator counts past which a law is refused: the compiler and the fit walk the tree recursively. */
const MAX_NESTING = 100;
const MAX_OPERATORS = 1000;

class Parser {
  pos = 0;
  private depth = 0;
  private ops = 0;
  constructor(
    private readonly tokens: Token[],
    readonly errors: ExprError[],
  ) {}
  peek(): Token {
    return this.tokens[this.pos]!;
  }
  isOp(op: string): boolean {
    const t = this.peek();
    return t.t === 'op' && t.op === op;
  }
  fail(message: string, t: Token = this.peek()): never {
    this.errors.push({ message, start: t.start, end: Math.max(t.end, t.start + 1) });
    throw new ParseStop();
  }
  /** Runs `f` one nesting level deeper, refusing past MAX_NESTING. */
  nested<T>(f: () => T): T {
    if (this.depth >= MAX_NESTING)
      this.fail(`the expression nests deeper than ${MAX_NESTING} levels`);
    this.depth++;
    try {
      return f();
    } finally {
      this.depth--;
    }
  }
  operator(): void {
    if (++this.ops > MAX_OPERATORS)
      this.fail(`the expression has more than ${MAX_OPERATORS} operators`);
  }
  sum(): ExprNode {
    return this.nested(() => this.sumInner());
  }
  private sumInner(): ExprNode {
    let left = this.product();
    while (this.isOp('+') || this.isOp('-')) {
      this.operator();
      const op = (this.tokens[this.pos++] as { op: BinaryOp }).op;
      const right = this.product();
      left = { kind: 'bin', op, left, right, start: left.start, end: right.end };
    }
    return left;
  }
  product(): ExprNode {
    let left = this.unary();
    while (this.isOp('*') || this.isOp('/')) {
      this.operator();
      const op = (this.tokens[this.pos++] as { op: BinaryOp }).op;
      const right = this.unary();
      left = { kind: 'bin', op, left, right, start: left.start, end: right.end };
    }
    return left;
  }
  unary(): ExprNode {
    if (this.isOp('-') || this.isOp('+')) {
      const t = this.tokens[this.pos++]!;
      const arg = this.nested(() => this.unary());
      return t.t === 'op' && t.op === '-'
        ? { kind: 'neg', arg, start: t.start, end: arg.end }
        : arg;
    }
    return this.power();
  }
  power(): ExprNode {
    const base = this.atom();
    if (!this.isOp('^')) return base;
    this.operator();
    this.pos++;
    const exponent = this.nested(() => this.unary());
    return {
      kind: 'bin',
      op: '^',
      left: base,
      right: exponent,
      start: base.start,
      end: exponent.end,
    };
  }
  atom(): ExprNode {
    const t = this.peek();
    if (t.t === 'num') {
      this.pos++;
      return { kind: 'num', value: t.value, start: t.start, end: t.end };
    }
    if (t.t === 'id') {
      this.pos++;
      if (!this.isOp('(')) return { kind: 'id', name: t.name, start: t.start, end: t.end };
      const arity = FUNCTION_ARITY[t.name as FunctionName] as
        { min: number; max: number } | undefined;
      if (!arity) this.fail(`unknown function '${t.name}' (known: exp, log, sqrt, min, max)`, t);
      this.pos++;
      const args = [this.sum()];
      while (this.isOp(',')) {
        this.pos++;
        args.push(this.sum());
      }
      const close = this.peek();
      if (!this.isOp(')')) this.fail(`expected ')' to close ${t.name}(`);
      this.pos++;
      if (args.length < arity.min || args.length > arity.max) {
        this.errors.push({
          message: `${t.name} takes ${arity.min === arity.max ? arity.min : `${arity.min} or more`} argument(s), got ${args.length}`,
          start: t.start,
          end: close.end,
        });
      }
      return { kind: 'call', fn: t.name as FunctionName, args, start: t.start, end: close.end };
    }
    if (this.isOp('(')) {
      this.pos++;
      const inner = this.sum();
      if (!this.isOp(')')) this.fail(`expected ')' to close the '(' at offset ${t.start}`);
      const close = this.tokens[this.pos++]!;
      return { ...inner, start: t.start, end: close.end };
    }
    this.fail(
      t.t === 'eof'
        ? 'expression ends too early: expected a number, name or ('
        : `unexpected '${t.t === 'op' ? t.op : ''}': expected a number, name or (`,
    );
  }
}

class ParseStop extends Error {}

/**
 * Parses law math such as `E + A*N^-a + B*D^-b`. Returns the tree, or `errors` (each with
 * 0-based `start`/`end` offsets into `text`) when the text is not a valid expression. Never throws.
 */
export function parseExpression(text: string): ExprParseResult {
  const errors: ExprError[] = [];
  const tokens = lex(text, errors);
  const parser = new Parser(tokens, errors);
  try {
    const ast = parser.sum();
    const rest = parser.peek();
    if (rest.t !== 'eof')
      parser.fail(
        `unexpected '${text.slice(rest.start, rest.end)}' after the end of the expression`,
        rest,
      );
    return errors.length ? { errors } : { ast, errors };
  } catch (err) {
    if (err instanceof ParseStop) return { errors };
    throw err;
  }
}
