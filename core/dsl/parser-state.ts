/**
 * The cursor shared by the declaration and expression parsers: token access, expectations that
 * report instead of throwing, and the recovery helpers that skip to a line or block boundary.
 */
import type { Span } from './ast';
import {
  DiagnosticCodes,
  diagnostic,
  type Diagnostic,
  type DiagnosticCode,
  type QuickFix,
} from './diagnostics';
import type { Token } from './lexer';

/** Parse errors past this count are dropped (the first ones are the useful ones). */
export const MAX_PARSE_ERRORS = 200;
/** Nesting deeper than this is reported and cut, so `[[[[…` a million deep cannot blow the stack. */
export const MAX_DEPTH = 64;
/**
 * Binary operators in one top-level value. A chain `1 + 1 + …` builds a tree as deep as it is long,
 * and every walker after the parser (evaluator, type check, formatter) recurses on it: 5,000 terms
 * overflowed the stack. No hand-written value comes near this.
 */
export const MAX_OPERATORS = 1000;

export const DECL_KEYWORDS = new Set(['data', 'model', 'adapter', 'run', 'law', 'predict']);

export class ParserState {
  pos = 0;
  depth = 0;
  /** Binary operators parsed in the current top-level value (reset when one starts). */
  ops = 0;
  readonly errors: Diagnostic[] = [];
  constructor(
    readonly tokens: Token[],
    readonly text: string,
  ) {}

  get tok(): Token {
    return this.tokens[this.pos]!;
  }
  peek(k = 1): Token {
    return this.tokens[Math.min(this.pos + k, this.tokens.length - 1)]!;
  }
  /** End offset of the previously consumed token (where a partial node ends). */
  get lastEnd(): number {
    return this.pos > 0 ? this.tokens[this.pos - 1]!.end : 0;
  }
  atEof(): boolean {
    return this.tok.type === 'eof';
  }
  next(): Token {
    const t = this.tok;
    if (t.type !== 'eof') this.pos++;
    return t;
  }
  isPunct(text: string, t: Token = this.tok): boolean {
    return t.type === 'punct' && t.text === text;
  }
  isIdent(name?: string, t: Token = this.tok): boolean {
    return t.type === 'ident' && (name === undefined || t.text === name);
  }
  eat(text: string): Token | undefined {
    return this.isPunct(text) ? this.next() : undefined;
  }

  error(code: DiagnosticCode, message: string, range: Span, data?: QuickFix): void {
    if (this.errors.length < MAX_PARSE_ERRORS)
      this.errors.push(diagnostic(code, 'error', message, range, data));
  }
  /** Reports "expected X" at the current token (or just after the last one at a line break/eof). */
  expected(what: string, data?: QuickFix): void {
    const t = this.tok;
    const range =
      t.type === 'eof' || t.nl
        ? { start: this.lastEnd, end: this.lastEnd }
        : { start: t.start, end: t.end };
    const found =
      t.type === 'eof'
        ? 'the end of the file'
        : t.nl
          ? 'the end of the line'
          : `'${t.text.slice(0, 20)}'`;
    this.error(DiagnosticCodes.expectedToken, `Expected ${what} but found ${found}.`, range, data);
  }

  /**
   * A top-level declaration starts here: a declaration keyword at the start of a line followed by
   * a name (`model tiny`, `run ranks`, `predict law`). Inside blocks, entries are `key = …` or
   * `key { … }`, never two names in a row, so this is how an unclosed block knows to stop.
   */
  atDeclarationStart(t: Token = this.tok, k = 0): boolean {
    return (
      t.type === 'ident' && t.nl && DECL_KEYWORDS.has(t.text) && this.peek(k + 1).type === 'ident'
    );
  }

  /** Skips to the next line start (or a `}` / eof / declaration) without crossing a closing brace. */
  skipLine(): void {
    const start = this.pos;
    while (this.tok.type !== 'eof') {
      if (this.pos > start && this.tok.nl) return;
      if (this.isPunct('}')) return;
      this.skipBalanced();
    }
  }

  /** Skips one token; an opening bracket skips to its partner (or to a declaration start). */
  skipBalanced(): void {
    const open = this.tok;
    this.next();
    const close =
      open.type === 'punct'
        ? ({ '{': '}', '[': ']', '(': ')' } as Record<string, string>)[open.text]
        : undefined;
    if (!close) return;
    let depth = 1;
    while (this.tok.type !== 'eof' && depth > 0) {
      if (this.atDeclarationStart()) return;
      const t = this.next();
      if (t.type !== 'punct') continue;
      if (t.text === open.text) depth++;
      else if (t.text === close) depth--;
    }
  }
}
