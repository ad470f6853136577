/**
 * Expressions: ranges `a .. b`, arithmetic (`+ - * / ^`, `^` right-associative and tighter than
 * unary minus on its left: `-2^2 = -4`, `N^-a` allowed), literals, dotted references, lists,
 * calls, constructors, `sweep […]`, `isoflop […] {…}`, blocks and `y ~ x1, x2` relations.
 * Every function returns a node; on bad input it reports and returns an ErrorExpr.
 */
import type {
  Assignment,
  Block,
  CallExpr,
  ErrorExpr,
  Expr,
  Identifier,
  ListExpr,
  NamedArg,
  Reference,
  RelationExpr,
  Span,
} from './ast';
import { DiagnosticCodes } from './diagnostics';
import { MAX_DEPTH, MAX_OPERATORS, type ParserState } from './parser-state';

const errorAt = (start: number, end: number): ErrorExpr => ({ kind: 'Error', start, end });

export function ident(p: ParserState): Identifier {
  const t = p.next();
  return { kind: 'Identifier', name: t.text, start: t.start, end: t.end };
}

/** Parses a full value: a range or an arithmetic expression. */
export function parseExpr(p: ParserState): Expr {
  if (p.depth >= MAX_DEPTH) {
    const t = p.tok;
    p.error(
      DiagnosticCodes.unexpectedToken,
      `Nesting deeper than ${MAX_DEPTH} levels; flatten the expression.`,
      t,
    );
    p.skipLine();
    return errorAt(t.start, Math.max(t.start, p.lastEnd));
  }
  if (p.depth === 0) p.ops = 0;
  p.depth++;
  try {
    const left = parseAdditive(p);
    if (!p.isPunct('..')) return left;
    p.next();
    const right = parseAdditive(p);
    return { kind: 'Range', from: left, to: right, start: left.start, end: right.end };
  } finally {
    p.depth--;
  }
}

/** Nesting past MAX_DEPTH inside unary minus or `^`: reported, and the rest of the line skipped. */
function tooDeep(p: ParserState, t: Span): ErrorExpr {
  p.error(
    DiagnosticCodes.unexpectedToken,
    `Nesting deeper than ${MAX_DEPTH} levels; flatten the expression.`,
    t,
  );
  p.skipLine();
  return errorAt(t.start, Math.max(t.end, p.lastEnd));
}

/** Counts one binary operator; past MAX_OPERATORS reports once, skips the rest of the line and says stop. */
function tooManyOperators(p: ParserState): boolean {
  if (++p.ops <= MAX_OPERATORS) return false;
  if (p.ops === MAX_OPERATORS + 1) {
    p.error(
      DiagnosticCodes.expressionTooLarge,
      `More than ${MAX_OPERATORS} operators in one value; split it into named values.`,
      p.tok,
    );
  }
  p.skipLine();
  return true;
}

function parseAdditive(p: ParserState): Expr {
  let left = parseMultiplicative(p);
  while (p.isPunct('+') || p.isPunct('-')) {
    if (tooManyOperators(p)) return left;
    const op = p.next().text as '+' | '-';
    const right = parseMultiplicative(p);
    left = { kind: 'Binary', op, left, right, start: left.start, end: right.end };
  }
  return left;
}

function parseMultiplicative(p: ParserState): Expr {
  let left = parseUnary(p);
  while (p.isPunct('*') || p.isPunct('/')) {
    if (tooManyOperators(p)) return left;
    const op = p.next().text as '*' | '/';
    const right = parseUnary(p);
    left = { kind: 'Binary', op, left, right, start: left.start, end: right.end };
  }
  return left;
}

function parseUnary(p: ParserState): Expr {
  if (p.isPunct('-') || p.isPunct('+')) {
    const t = p.next();
    if (p.depth >= MAX_DEPTH) return tooDeep(p, t);
    p.depth++;
    const operand = parseUnary(p);
    p.depth--;
    return { kind: 'Unary', op: t.text as '-' | '+', operand, start: t.start, end: operand.end };
  }
  const base = parsePrimary(p);
  if (!p.isPunct('^')) return base;
  const caret = p.next();
  if (p.depth >= MAX_DEPTH) return tooDeep(p, caret);
  p.depth++;
  const exponent = parseUnary(p);
  p.depth--;
  return {
    kind: 'Binary',
    op: '^',
    left: base,
    right: exponent,
    start: base.start,
    end: exponent.end,
  };
}

function parsePrimary(p: ParserState): Expr {
  const t = p.tok;
  switch (t.type) {
    case 'number':
      p.next();
      if (Number.isNaN(t.num)) return errorAt(t.start, t.end);
      return t.suffix
        ? {
            kind: 'Number',
            value: t.num!,
            raw: t.text,
            suffix: t.suffix,
            start: t.start,
            end: t.end,
          }
        : { kind: 'Number', value: t.num!, raw: t.text, start: t.start, end: t.end };
    case 'string':
      p.next();
      return {
        kind: 'String',
        value: t.str!,
        raw: t.text,
        terminated: t.terminated !== false,
        start: t.start,
        end: t.end,
      };
    case 'ident':
      return parseNamed(p);
    case 'punct':
      if (t.text === '[') return parseList(p);
      if (t.text === '{') return parseBlock(p);
      if (t.text === '(') return parseParen(p);
      break;
    default:
      break;
  }
  p.expected('a value (number, string, name, list or block)');
  // Consume one offending token on this line so callers always make progress.
  if (
    t.type !== 'eof' &&
    !t.nl &&
    !p.isPunct('}') &&
    !p.isPunct(']') &&
    !p.isPunct(')') &&
    !p.isPunct(',')
  ) {
    p.next();
    return errorAt(t.start, t.end);
  }
  return errorAt(p.lastEnd, p.lastEnd);
}

/** A name-led form: keyword forms, booleans, calls, constructors and dotted references. */
function parseNamed(p: ParserState): Expr {
  const t = p.tok;
  const next = p.peek();
  const sameLine = !next.nl;
  if ((t.text === 'true' || t.text === 'false') && !p.isPunct('.', next)) {
    p.next();
    return { kind: 'Boolean', value: t.text === 'true', start: t.start, end: t.end };
  }
  if (t.text === 'sweep' && p.isPunct('[', next)) {
    p.next();
    const values = parseList(p);
    return {
      kind: 'Sweep',
      keyword: { start: t.start, end: t.end },
      values,
      start: t.start,
      end: values.end,
    };
  }
  if (t.text === 'isoflop' && p.isPunct('[', next)) {
    p.next();
    const budgets = parseList(p);
    const node: Expr = {
      kind: 'Isoflop',
      keyword: { start: t.start, end: t.end },
      budgets,
      start: t.start,
      end: budgets.end,
    };
    if (p.isPunct('{') && !p.tok.nl) {
      node.options = parseBlock(p);
      node.end = node.options.end;
    }
    return node;
  }
  if (sameLine && p.isPunct('(', next)) return parseCall(p);
  if (sameLine && (next.type === 'string' || p.isPunct('{', next))) {
    const head = ident(p);
    const node: Expr = { kind: 'Construct', head, start: head.start, end: head.end };
    if (p.tok.type === 'string') {
      node.arg = parsePrimary(p);
      node.end = node.arg.end;
    }
    if (p.isPunct('{') && !p.tok.nl) {
      node.body = parseBlock(p);
      node.end = node.body.end;
    }
    return node;
  }
  return parseReference(p);
}

/** `a.b.c`; a trailing `.` (mid-typing) yields a final empty segment and an error. */
export function parseReference(p: ParserState): Reference {
  const first = ident(p);
  const path: Identifier[] = [first];
  while (p.isPunct('.') && !p.tok.nl) {
    const dot = p.next();
    if (p.isIdent() && !p.tok.nl) path.push(ident(p));
    else {
      p.expected('a field name after "."');
      path.push({ kind: 'Identifier', name: '', start: dot.end, end: dot.end });
      break;
    }
  }
  return { kind: 'Reference', path, start: first.start, end: path[path.length - 1]!.end };
}

export function parseList(p: ParserState): ListExpr {
  const open = p.next();
  const items: Expr[] = [];
  const closed = parseSequence(p, ']', () => items.push(parseExpr(p)));
  return { kind: 'List', items, closed, start: open.start, end: p.lastEnd };
}

function parseCall(p: ParserState): CallExpr {
  const callee = ident(p);
  p.next(); // (
  const args: Array<Expr | NamedArg> = [];
  const closed = parseSequence(p, ')', () => {
    if (p.isIdent() && p.isPunct('=', p.peek())) {
      args.push(parseNamedArg(p));
      return;
    }
    const value = parseExpr(p);
    if (p.isPunct('~')) args.push(parseRelationTail(p, value, ')'));
    else args.push(value);
  });
  return { kind: 'Call', callee, args, closed, start: callee.start, end: p.lastEnd };
}

export function parseNamedArg(p: ParserState): NamedArg {
  const name = ident(p);
  p.next(); // =
  const value = parseExpr(p);
  return { kind: 'NamedArg', name, value, start: name.start, end: value.end };
}

/** After `y`, parses `~ x1, x2, …` up to (not including) `close`. */
export function parseRelationTail(p: ParserState, y: Expr, close: string): RelationExpr {
  p.next(); // ~
  const x: Expr[] = [parseExpr(p)];
  while (p.isPunct(',') && !p.isPunct(close, p.peek())) {
    p.next();
    x.push(parseExpr(p));
  }
  return { kind: 'Relation', y, x, start: y.start, end: x[x.length - 1]!.end };
}

function parseParen(p: ParserState): Expr {
  const open = p.next();
  const inner = parseExpr(p);
  const value = p.isPunct('~') ? parseRelationTail(p, inner, ')') : inner;
  const closed = closeOrReport(p, ')', open);
  return { kind: 'Paren', inner: value, closed, start: open.start, end: p.lastEnd };
}

/**
 * Comma-separated items up to `close`. Newlines are allowed inside; a missing comma is reported
 * and parsing goes on; a declaration keyword at a line start ends an unclosed sequence.
 */
function parseSequence(p: ParserState, close: string, item: () => void): boolean {
  const open = p.tokens[p.pos - 1]!;
  while (!p.isPunct(close)) {
    if (p.atEof() || p.atDeclarationStart() || p.isPunct('}') || (close !== ']' && p.isPunct(']')))
      break;
    const before = p.pos;
    item();
    if (p.eat(',')) continue;
    if (p.isPunct(close)) break;
    if (p.pos === before) p.next();
    else if (!p.atDeclarationStart() && !p.atEof() && !p.isPunct('}')) {
      p.expected(`',' or '${close}'`, {
        kind: 'insert',
        text: ', ',
        title: "Insert ','",
        offset: p.lastEnd,
      });
    }
  }
  return closeOrReport(p, close, open);
}

function closeOrReport(p: ParserState, close: string, open: Span): boolean {
  if (p.eat(close)) return true;
  p.error(
    DiagnosticCodes.unclosedBracket,
    `Missing '${close}' to close the one opened here.`,
    { start: open.start, end: open.end },
    { kind: 'insert', text: close, title: `Insert '${close}'`, offset: p.lastEnd },
  );
  return false;
}

/** `{ key = value … }` entries; an unclosed block stops at the next declaration. */
export function parseBlock(p: ParserState): Block {
  const open = p.next();
  const entries: Assignment[] = [];
  if (p.depth >= MAX_DEPTH) {
    p.error(
      DiagnosticCodes.unexpectedToken,
      `Blocks nested deeper than ${MAX_DEPTH} levels; flatten them.`,
      open,
    );
    p.skipLine();
    return { kind: 'Block', entries, closed: false, start: open.start, end: p.lastEnd };
  }
  p.depth++;
  while (!p.isPunct('}') && !p.atEof() && !p.atDeclarationStart()) {
    const before = p.pos;
    const entry = parseEntry(p);
    if (entry) entries.push(entry);
    if (p.pos === before) p.next();
  }
  p.depth--;
  const closed = closeOrReport(p, '}', open);
  return { kind: 'Block', entries, closed, start: open.start, end: p.lastEnd };
}

/** One `key = value` or `key { … }`; on garbage, reports and skips the line. */
export function parseEntry(p: ParserState): Assignment | undefined {
  if (!p.isIdent()) {
    const t = p.tok;
    p.error(
      DiagnosticCodes.unexpectedToken,
      `Unexpected '${t.text.slice(0, 20)}': an entry is 'name = value' or 'name { … }'.`,
      t,
      { kind: 'remove', title: 'Remove it' },
    );
    p.skipLine();
    return undefined;
  }
  const key = parseReference(p);
  if (p.isPunct('{') && !p.tok.nl) {
    const value = parseBlock(p);
    return { kind: 'Assignment', key, value, start: key.start, end: value.end };
  }
  const eq = p.eat('=');
  if (!eq) {
    p.expected(`'=' after '${p.text.slice(key.start, key.end)}'`, {
      kind: 'insert',
      text: ' = ',
      title: "Insert '='",
      offset: key.end,
    });
    const value = errorAt(key.end, key.end);
    if (!p.tok.nl && !p.isPunct('}')) p.skipLine();
    return { kind: 'Assignment', key, value, start: key.start, end: key.end };
  }
  if (p.tok.nl || p.isPunct('}') || p.atEof()) {
    p.expected(`a value after '='`);
    return {
      kind: 'Assignment',
      key,
      equals: eq.start,
      value: errorAt(eq.end, eq.end),
      start: key.start,
      end: eq.end,
    };
  }
  const value = parseExpr(p);
  const entry: Assignment = {
    kind: 'Assignment',
    key,
    equals: eq.start,
    value,
    start: key.start,
    end: value.end,
  };
  // Anything left on the line that cannot start a new entry is junk: report once, skip it.
  if (
    !p.tok.nl &&
    !p.isPunct('}') &&
    !p.atEof() &&
    !(
      p.isIdent() &&
      (p.isPunct('=', p.peek()) || p.isPunct('{', p.peek()) || p.isPunct('.', p.peek()))
    )
  ) {
    const t = p.tok;
    p.error(
      DiagnosticCodes.unexpectedToken,
      `Unexpected '${t.text.slice(0, 20)}' after the value of '${p.text.slice(key.start, key.end)}'; put each entry as 'name = value'.`,
      { start: t.start, end: t.end },
    );
    p.skipLine();
  }
  return entry;
}
