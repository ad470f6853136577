/**
 * The `.peft` lexer: text → tokens + comments + lexical errors. Never throws; every character of
 * the input ends up in exactly one token, comment or skipped whitespace, so offsets stay exact.
 */
import type { Comment } from './ast';
import { DiagnosticCodes, diagnostic, type Diagnostic } from './diagnostics';

export type TokenType = 'ident' | 'number' | 'string' | 'punct' | 'invalid' | 'eof';

export interface Token {
  type: TokenType;
  start: number;
  end: number;
  /** Source text of the token (for `punct`, the operator itself). */
  text: string;
  /** True when a line break (or the file start) precedes this token. */
  nl: boolean;
  /** number: value after the suffix (NaN when malformed); string: decoded contents. */
  num?: number;
  str?: string;
  suffix?: string;
  /** string: false when the closing quote is missing. */
  terminated?: boolean;
}

export interface LexResult {
  tokens: Token[];
  comments: Comment[];
  errors: Diagnostic[];
}

const SUFFIX: Record<string, number> = { k: 1e3, K: 1e3, M: 1e6, B: 1e9, G: 1e9, T: 1e12 };
const PUNCT2 = new Set(['..']);
const PUNCT1 = new Set(['{', '}', '[', ']', '(', ')', ',', '=', '+', '-', '*', '/', '^', '~', '.']);
/** Lexical errors past this count are dropped: a binary file must not yield a million diagnostics. */
export const MAX_LEX_ERRORS = 100;

const isDigit = (c: number): boolean => c >= 48 && c <= 57;
const isIdentStart = (c: number): boolean =>
  (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
const isIdentPart = (c: number): boolean => isIdentStart(c) || isDigit(c);
const isLetter = (c: number): boolean => (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
const isSpace = (c: number): boolean => c === 32 || c === 9 || c === 12 || c === 0xfeff;

/** Splits `text` into tokens. The last token is always `eof` at `text.length`. */
export function lex(text: string): LexResult {
  const tokens: Token[] = [];
  const comments: Comment[] = [];
  const errors: Diagnostic[] = [];
  const n = text.length;
  let i = 0;
  let nl = true;
  let lineHasCode = false;
  const err = (d: Diagnostic): void => {
    if (errors.length < MAX_LEX_ERRORS) errors.push(d);
  };
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === 10 || c === 13) {
      nl = true;
      lineHasCode = false;
      i++;
      continue;
    }
    if (isSpace(c)) {
      i++;
      continue;
    }
    const start = i;
    if (c === 35 /* # */) {
      while (i < n && text.charCodeAt(i) !== 10 && text.charCodeAt(i) !== 13) i++;
      comments.push({
        kind: 'Comment',
        start,
        end: i,
        text: text.slice(start + 1, i),
        trailing: lineHasCode,
      });
      continue;
    }
    lineHasCode = true;
    if (isIdentStart(c)) {
      // A '-' between letters belongs to the name (`all-linear`); `a - b` and `r-1` stay arithmetic.
      while (
        i < n &&
        (isIdentPart(text.charCodeAt(i)) ||
          (text.charCodeAt(i) === 45 &&
            isLetter(text.charCodeAt(i + 1)) &&
            isLetter(text.charCodeAt(i - 1))))
      )
        i++;
      tokens.push({ type: 'ident', start, end: i, text: text.slice(start, i), nl });
    } else if (isDigit(c)) {
      i = lexNumber(text, start, tokens, nl, err);
    } else if (c === 34 || c === 39) {
      i = lexString(text, start, tokens, nl, err);
    } else {
      const two = text.slice(i, i + 2);
      const one = text[i]!;
      if (PUNCT2.has(two)) {
        i += 2;
        tokens.push({ type: 'punct', start, end: i, text: two, nl });
      } else if (PUNCT1.has(one)) {
        i++;
        tokens.push({ type: 'punct', start, end: i, text: one, nl });
      } else {
        // Group a run of invalid characters into one token and one error.
        while (i < n && !isValidStart(text.charCodeAt(i))) i++;
        const bad = text.slice(start, i);
        tokens.push({ type: 'invalid', start, end: i, text: bad, nl });
        err(
          diagnostic(
            DiagnosticCodes.invalidCharacter,
            'error',
            `Unexpected character ${describe(bad)}; remove it (names use letters, digits and _).`,
            { start, end: i },
            { kind: 'remove', title: 'Remove invalid characters' },
          ),
        );
      }
    }
    nl = false;
  }
  tokens.push({ type: 'eof', start: n, end: n, text: '', nl: true });
  return { tokens, comments, errors };
}

function isValidStart(c: number): boolean {
  return (
    c === 10 ||
    c === 13 ||
    isSpace(c) ||
    c === 35 ||
    isIdentStart(c) ||
    isDigit(c) ||
    c === 34 ||
    c === 39 ||
    PUNCT1.has(String.fromCharCode(c))
  );
}

function describe(bad: string): string {
  const first = bad.codePointAt(0) ?? 0;
  const shown =
    first >= 32 && first < 127
      ? `'${bad.slice(0, 1)}'`
      : `U+${first.toString(16).toUpperCase().padStart(4, '0')}`;
  return bad.length > 1 ? `${shown} (and ${bad.length - 1} more)` : shown;
}

function lexNumber(
  text: string,
  start: number,
  tokens: Token[],
  nl: boolean,
  err: (d: Diagnostic) => void,
): number {
  const n = text.length;
  let i = start;
  while (i < n && isDigit(text.charCodeAt(i))) i++;
  // A '.' belongs to the number only before a digit, so `1..2` lexes as 1, '..', 2.
  if (text.charCodeAt(i) === 46 && isDigit(text.charCodeAt(i + 1))) {
    i++;
    while (i < n && isDigit(text.charCodeAt(i))) i++;
  }
  const e = text.charCodeAt(i);
  if (e === 101 || e === 69) {
    const s = text.charCodeAt(i + 1);
    if (isDigit(s) || ((s === 43 || s === 45) && isDigit(text.charCodeAt(i + 2)))) {
      i += 2;
      while (i < n && isDigit(text.charCodeAt(i))) i++;
    }
  }
  let value = Number(text.slice(start, i));
  let suffix: string | undefined;
  const ch = text[i];
  if (ch === '%') {
    suffix = '%';
    value = value / 100;
    i++;
  } else if (ch !== undefined && ch in SUFFIX && !isIdentPart(text.charCodeAt(i + 1))) {
    suffix = ch;
    value = value * SUFFIX[ch]!;
    i++;
  }
  if (isIdentPart(text.charCodeAt(i)) || (suffix === '%' && isIdentStart(text.charCodeAt(i)))) {
    while (i < text.length && isIdentPart(text.charCodeAt(i))) i++;
    err(
      diagnostic(
        DiagnosticCodes.invalidNumber,
        'error',
        `'${text.slice(start, i)}' is not a number: write digits with an optional exponent (1e-4) and one suffix (%, k, M, B, G, T).`,
        { start, end: i },
      ),
    );
    value = NaN;
    suffix = undefined;
  }
  const written = text.slice(start, i);
  if (!Number.isNaN(value) && !Number.isFinite(value)) {
    err(
      diagnostic(
        DiagnosticCodes.invalidNumber,
        'error',
        `'${written}' is too large for a number (the largest is about 1.8e308).`,
        { start, end: i },
      ),
    );
    value = NaN;
  } else if (/^\d+$/.test(written) && !Number.isSafeInteger(value)) {
    // Digits above 2^53 would be silently rounded (9007199254740993 → …992); say so instead.
    err(
      diagnostic(
        DiagnosticCodes.invalidNumber,
        'error',
        `'${written}' is above 2^53 and cannot be stored exactly; write it with an exponent (e.g. 9e15) if an approximate value is meant.`,
        { start, end: i },
      ),
    );
    value = NaN;
  }
  const tok: Token = { type: 'number', start, end: i, text: written, nl, num: value };
  if (suffix) tok.suffix = suffix;
  tokens.push(tok);
  return i;
}

function lexString(
  text: string,
  start: number,
  tokens: Token[],
  nl: boolean,
  err: (d: Diagnostic) => void,
): number {
  const quote = text.charCodeAt(start);
  const n = text.length;
  let i = start + 1;
  let value = '';
  let terminated = false;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === quote) {
      terminated = true;
      i++;
      break;
    }
    if (c === 10 || c === 13) break;
    if (
      c === 92 /* \ */ &&
      i + 1 < n &&
      text.charCodeAt(i + 1) !== 10 &&
      text.charCodeAt(i + 1) !== 13
    ) {
      const next = text[i + 1]!;
      value += next === 'n' ? '\n' : next === 't' ? '\t' : next;
      i += 2;
      continue;
    }
    value += text[i];
    i++;
  }
  if (!terminated) {
    const q = String.fromCharCode(quote);
    err(
      diagnostic(
        DiagnosticCodes.unterminatedString,
        'error',
        `Unterminated string: add the closing ${q} before the line ends.`,
        { start, end: i },
        { kind: 'insert', text: q, title: `Insert closing ${q}`, offset: i },
      ),
    );
  }
  tokens.push({
    type: 'string',
    start,
    end: i,
    text: text.slice(start, i),
    nl,
    str: value,
    terminated,
  });
  return i;
}
