/**
 * The `.peft` parser: hand-written recursive descent over the lexer's tokens.
 *
 * `parse(text)` never throws and returns a tree for any input. Recovery works at two levels:
 * inside a block, a bad entry skips to the next line (or `}`); at the top level, junk skips to
 * the next declaration keyword, and an unclosed block ends where the next declaration begins,
 * so one typo never hides the rest of the file.
 */
import type { BlockDecl, Declaration, LawDecl, NamedArg, PeftFile, PredictDecl, Span } from './ast';
import { DiagnosticCodes, type Diagnostic } from './diagnostics';
import { lex, type Token } from './lexer';
import {
  ident,
  parseBlock,
  parseExpr,
  parseNamedArg,
  parseReference,
  parseRelationTail,
} from './parse-expr';
import { DECL_KEYWORDS, ParserState } from './parser-state';
import { closestName } from './suggest';

export interface ParseResult {
  ast: PeftFile;
  /** Lexical and syntax errors, in source order. */
  errors: Diagnostic[];
}

/**
 * Parses `.peft` source text. Takes any string (binary junk included); returns the tree with
 * exact offsets and every lexical/syntax error as a Diagnostic. Never throws.
 */
export function parse(text: string): ParseResult {
  const source = typeof text === 'string' ? text : '';
  const { tokens, comments, errors: lexErrors } = lex(source);
  const p = new ParserState(tokens, source);
  const declarations: Declaration[] = [];
  while (!p.atEof()) {
    const before = p.pos;
    if (isTopLevelStart(p, p.tok)) declarations.push(parseDeclaration(p));
    else reportJunk(p);
    if (p.pos === before) p.next();
  }
  const errors = [...lexErrors, ...p.errors].sort((a, b) => a.range.start - b.range.start);
  return { ast: { kind: 'File', declarations, comments, start: 0, end: source.length }, errors };
}

function isTopLevelStart(p: ParserState, t: Token): boolean {
  return (
    t.type === 'ident' &&
    DECL_KEYWORDS.has(t.text) &&
    (t.nl || p.peek().type === 'ident' || p.peek().nl || p.peek().type === 'eof')
  );
}

function reportJunk(p: ParserState): void {
  const t = p.tok;
  if (t.type === 'ident') {
    const guess = closestName(t.text, [...DECL_KEYWORDS]);
    p.error(
      DiagnosticCodes.unknownDeclaration,
      `Unknown declaration '${t.text}': a file holds data, model, adapter, run, law and predict blocks${guess ? ` (did you mean '${guess}'?)` : ''}.`,
      t,
      guess ? { kind: 'replace', text: guess, title: `Change to '${guess}'` } : undefined,
    );
  } else if (t.type !== 'invalid') {
    p.error(
      DiagnosticCodes.unexpectedToken,
      `Unexpected '${t.text.slice(0, 20)}' at the top level; start a declaration such as 'model NAME = …'.`,
      t,
    );
  }
  // Skip to the next line that starts a declaration.
  p.skipBalanced();
  while (!p.atEof() && !(p.tok.nl && isTopLevelStart(p, p.tok))) p.skipBalanced();
}

function parseDeclaration(p: ParserState): Declaration {
  const kw = p.next();
  const keywordSpan: Span = { start: kw.start, end: kw.end };
  let decl: Declaration;
  if (kw.text === 'law') decl = parseLaw(p, keywordSpan);
  else if (kw.text === 'predict') decl = parsePredict(p, keywordSpan);
  else decl = parseBlockDecl(p, kw.text as BlockDecl['keyword'], keywordSpan);
  // The rest of the line must be empty or another declaration.
  if (!p.atEof() && !p.tok.nl && !isTopLevelStart(p, p.tok)) {
    const t = p.tok;
    p.error(
      DiagnosticCodes.unexpectedToken,
      `Unexpected '${t.text.slice(0, 20)}' after the ${kw.text} declaration; start a new line.`,
      t,
      { kind: 'remove', title: 'Remove it' },
    );
    p.skipLine();
  }
  return decl;
}

function parseName(p: ParserState, what: string): BlockDecl['name'] {
  if (p.isIdent() && !p.tok.nl) return ident(p);
  p.expected(`a name for the ${what}`);
  return undefined;
}

function parseBlockDecl(
  p: ParserState,
  keyword: BlockDecl['keyword'],
  keywordSpan: Span,
): BlockDecl {
  const decl: BlockDecl = {
    kind: 'BlockDecl',
    keyword,
    keywordSpan,
    start: keywordSpan.start,
    end: keywordSpan.end,
  };
  const name = parseName(p, keyword);
  if (name) decl.name = name;
  if (keyword === 'run') {
    p.eat('=');
    if (p.isPunct('{')) decl.body = parseBlock(p);
    else
      p.expected(`'{' to open the run's entries`, {
        kind: 'insert',
        text: ' {\n}',
        title: "Insert '{ }'",
        offset: p.lastEnd,
      });
  } else if (p.eat('=')) {
    if (p.tok.nl || p.atEof()) p.expected(`a value after '=' (e.g. ${example(keyword)})`);
    else decl.value = parseExpr(p);
  } else if (!p.tok.nl && !p.atEof()) {
    p.expected(`'=' after the ${keyword} name`, {
      kind: 'insert',
      text: ' =',
      title: "Insert '='",
      offset: p.lastEnd,
    });
  } else {
    p.expected(`'= ${example(keyword)}'`);
  }
  decl.end = Math.max(decl.end, p.lastEnd);
  return decl;
}

function example(keyword: string): string {
  return keyword === 'data'
    ? 'corpus "sotu"'
    : keyword === 'model'
      ? 'transformer { … }'
      : 'lora { … }';
}

/** `law NAME = FORM(y ~ x…)` or `= fit "EXPR" (y ~ x…)`, then `by KEY`, `from SOURCE`, `{ options }`. */
function parseLaw(p: ParserState, keywordSpan: Span): LawDecl {
  const decl: LawDecl = {
    kind: 'LawDecl',
    keyword: 'law',
    keywordSpan,
    start: keywordSpan.start,
    end: keywordSpan.end,
  };
  const name = parseName(p, 'law');
  if (name) decl.name = name;
  if (!p.eat('=')) p.expected(`'=' and a law form, e.g. 'power(run.eval_loss ~ r)'`);
  if (p.isIdent() && !p.tok.nl) {
    decl.form = ident(p);
    if (decl.form.name === 'fit') {
      if (p.tok.type === 'string') {
        const t = p.next();
        decl.expression = {
          kind: 'String',
          value: t.str!,
          raw: t.text,
          terminated: t.terminated !== false,
          start: t.start,
          end: t.end,
        };
      } else p.expected('the law\'s math as a string, e.g. fit "E + A*N^-a"');
    }
    if (p.isPunct('(')) {
      const open = p.next();
      const y = parseExpr(p);
      if (p.isPunct('~')) decl.relation = parseRelationTail(p, y, ')');
      else p.expected(`'~' between the response and the inputs (e.g. 'run.eval_loss ~ r')`);
      if (!p.eat(')')) {
        p.error(
          DiagnosticCodes.unclosedBracket,
          `Missing ')' to close the one opened here.`,
          open,
          { kind: 'insert', text: ')', title: "Insert ')'", offset: p.lastEnd },
        );
      }
    } else p.expected(`'(' with the law's variables, e.g. '(run.eval_loss ~ r)'`);
  } else if (!p.tok.nl) p.expected('a law form (power, chinchilla, …) or fit "…"');
  for (;;) {
    if (p.isIdent('by') && p.peek().type === 'ident') {
      p.next();
      decl.by = parseReference(p);
    } else if (p.isIdent('from') && !isTopLevelStart(p, p.peek())) {
      p.next();
      decl.from = parseExpr(p);
    } else if (p.isPunct('{')) {
      decl.options = parseBlock(p);
    } else break;
  }
  decl.end = Math.max(decl.end, p.lastEnd);
  return decl;
}

/** `predict LAW at x = v, y = w`: each point axis is a value or a list (zipped when several). */
function parsePredict(p: ParserState, keywordSpan: Span): PredictDecl {
  const decl: PredictDecl = {
    kind: 'PredictDecl',
    keyword: 'predict',
    keywordSpan,
    points: [],
    start: keywordSpan.start,
    end: keywordSpan.end,
  };
  if (p.isIdent() && !p.tok.nl) decl.law = parseReference(p);
  else p.expected('the name of a law to predict from');
  if (p.isIdent('at')) {
    p.next();
    const points: NamedArg[] = [];
    while (p.isIdent() && p.isPunct('=', p.peek()) && !(points.length > 0 && p.tok.nl)) {
      points.push(parseNamedArg(p));
      if (!p.eat(',')) break;
    }
    if (points.length === 0) p.expected(`a point such as 'r = [64, 128]' after 'at'`);
    decl.points = points;
  } else if (!p.tok.nl && !p.atEof())
    p.expected(`'at' and the points to predict, e.g. 'at r = [64, 128]'`);
  else p.expected(`'at' and the points to predict, e.g. 'at r = [64, 128]'`);
  decl.end = Math.max(decl.end, p.lastEnd);
  return decl;
}
