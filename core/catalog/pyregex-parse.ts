/**
 * A parser for the subset of Python `re` syntax people write in target_modules, exclude_modules and
 * rank_pattern keys: literals and escapes, `.`, classes, groups (capturing, `(?:…)`, `(?P<n>…)`),
 * alternation, greedy and lazy quantifiers, `^ $ \A \Z \b \B`. Constructs a linear-time engine cannot
 * run (backreferences, lookaround, conditionals, atomic groups, possessive quantifiers) are refused
 * with a message instead of being approximated. Never throws: errors come back as `{ error }`.
 */

/** A set of code points: `test` decides membership. */
export type CharTest = (c: number) => boolean;
export type AssertKind = 'bol' | 'eol' | 'begin' | 'end' | 'word' | 'nonword';
export type Node =
  | { k: 'char'; test: CharTest }
  | { k: 'cat'; items: Node[] }
  | { k: 'alt'; items: Node[] }
  | { k: 'group'; cap: number | undefined; body: Node }
  | { k: 'rep'; body: Node; min: number; max: number; greedy: boolean }
  | { k: 'assert'; kind: AssertKind };

/** Deeper group nesting than this is refused (the compiler and parser recurse on it). */
const MAX_DEPTH = 100;
/** Counted repetitions above this (`a{100000}`) are refused: the program grows with the count. */
const MAX_COUNT = 1000;

const isDigit = (c: number): boolean => /\p{Nd}/u.test(String.fromCodePoint(c));
const isWord = (c: number): boolean =>
  c === 95 || /[\p{L}\p{N}\p{Mn}\p{Pc}]/u.test(String.fromCodePoint(c));
const isSpace = (c: number): boolean => /\s/u.test(String.fromCodePoint(c));
export const wordChar = isWord;

const CLASSES: Record<string, CharTest> = {
  d: isDigit,
  D: (c) => !isDigit(c),
  w: isWord,
  W: (c) => !isWord(c),
  s: isSpace,
  S: (c) => !isSpace(c),
};
const CONTROL: Record<string, number> = { n: 10, t: 9, r: 13, f: 12, v: 11, a: 7 };

/** A syntax error inside the parser; caught at its entry and returned as `{ error }`. */
class Fail extends Error {}

/** Parses `src`; capture groups are numbered from 1 as in Python. */
export function parsePyRegex(src: string): { node: Node; groups: number } | { error: string } {
  const cps = Array.from(src, (ch) => ch.codePointAt(0)!);
  let i = 0;
  let groups = 0;
  const at = (): string => (i < cps.length ? String.fromCodePoint(cps[i]!) : '');
  const fail = (msg: string, pos = i): never => {
    throw new Fail(`${msg} at position ${pos}`);
  };
  const linear = (what: string, pos: number): never => {
    throw new Fail(
      `${what} at position ${pos} cannot run in linear time (PEFT Lab matches patterns with a linear-time engine; rewrite without it)`,
    );
  };

  /** An escape after `\`; `inClass` turns \b into backspace and refuses assertions. */
  const escape = (inClass: boolean): { test: CharTest; cp?: number } | { assert: AssertKind } => {
    const start = i - 1;
    const ch = at();
    if (ch === '') fail('bad escape (end of pattern)', start);
    i++;
    const cls = CLASSES[ch];
    if (cls) return { test: cls };
    const ctl = CONTROL[ch];
    if (ctl !== undefined) return { test: (c) => c === ctl, cp: ctl };
    if (/[1-9]/.test(ch)) {
      if (inClass) fail(`bad escape \\${ch}`, start);
      return linear('a backreference', start);
    }
    if (ch === '0') return { test: (c) => c === 0, cp: 0 };
    if (ch === 'x' || ch === 'u' || ch === 'U') {
      const n = ch === 'x' ? 2 : ch === 'u' ? 4 : 8;
      const hex = cps
        .slice(i, i + n)
        .map((c) => String.fromCodePoint(c))
        .join('');
      if (!new RegExp(`^[0-9a-fA-F]{${n}}$`).test(hex))
        fail(`incomplete escape \\${ch}${hex}`, start);
      i += n;
      const v = parseInt(hex, 16);
      return { test: (c) => c === v, cp: v };
    }
    if (!inClass) {
      const asserts: Record<string, AssertKind> = { A: 'begin', Z: 'end', b: 'word', B: 'nonword' };
      const kind = asserts[ch];
      if (kind) return { assert: kind };
    } else if (ch === 'b') return { test: (c) => c === 8, cp: 8 };
    if (/[A-Za-z]/.test(ch)) fail(`bad escape \\${ch}`, start);
    const lit = ch.codePointAt(0)!;
    return { test: (c) => c === lit, cp: lit };
  };

  const charClass = (): Node => {
    const start = i - 1;
    const negate = at() === '^';
    if (negate) i++;
    const parts: CharTest[] = [];
    let first = true;
    for (;;) {
      if (i >= cps.length) fail('unterminated character set', start);
      if (at() === ']' && !first) break;
      first = false;
      let lo: number | undefined;
      if (at() === '\\') {
        i++;
        const e = escape(true);
        if ('assert' in e) return fail('bad escape in set');
        // A class escape (\d) cannot start a range; a single code point can.
        if (e.cp === undefined) {
          parts.push(e.test);
          continue;
        }
        lo = e.cp;
      } else lo = cps[i++]!;
      if (at() === '-' && i + 1 < cps.length && cps[i + 1] !== 93) {
        i++;
        let hi: number;
        if (at() === '\\') {
          i++;
          const e = escape(true);
          if (!('cp' in e) || e.cp === undefined) return fail('bad character range', start);
          hi = e.cp;
        } else hi = cps[i++]!;
        if (hi < lo)
          fail(
            `bad character range ${String.fromCodePoint(lo)}-${String.fromCodePoint(hi)}`,
            start,
          );
        const l = lo;
        parts.push((c) => c >= l && c <= hi);
      } else {
        const l = lo;
        parts.push((c) => c === l);
      }
    }
    i++;
    return {
      k: 'char',
      test: negate ? (c) => !parts.some((p) => p(c)) : (c) => parts.some((p) => p(c)),
    };
  };

  const group = (depth: number): Node => {
    const start = i - 1;
    if (depth > MAX_DEPTH) fail(`groups nested deeper than ${MAX_DEPTH}`, start);
    let cap: number | undefined;
    if (at() === '?') {
      i++;
      const ext = at();
      const two = ext + (i + 1 < cps.length ? String.fromCodePoint(cps[i + 1]!) : '');
      if (ext === ':') i++;
      else if (two === 'P<') {
        const m = /^P<([A-Za-z_]\w*)>/.exec(String.fromCodePoint(...cps.slice(i, i + 200)));
        if (!m) fail('bad group name', start);
        i += m![0].length;
        cap = ++groups;
      } else if (two === 'P=') linear('a named backreference', start);
      else if (ext === '=' || ext === '!' || two === '<=' || two === '<!')
        linear('a lookaround', start);
      else if (ext === '(') linear('a conditional group', start);
      else if (ext === '>') linear('an atomic group', start);
      else if (ext === '#') {
        while (i < cps.length && at() !== ')') i++;
        if (i >= cps.length) fail('missing ), unterminated comment', start);
        i++;
        return { k: 'cat', items: [] };
      } else fail(`unknown or unsupported extension ?${ext}`, start);
    } else cap = ++groups;
    const body = alternation(depth + 1);
    if (at() !== ')') fail('missing ), unterminated subpattern', start);
    i++;
    return { k: 'group', cap, body };
  };

  const atom = (depth: number): Node | undefined => {
    const ch = at();
    if (ch === '' || ch === '|' || ch === ')') return undefined;
    i++;
    if (ch === '(') return group(depth);
    if (ch === '[') return charClass();
    if (ch === '.') return { k: 'char', test: (c) => c !== 10 };
    if (ch === '^') return { k: 'assert', kind: 'bol' };
    if (ch === '$') return { k: 'assert', kind: 'eol' };
    if (ch === '*' || ch === '+' || ch === '?') fail('nothing to repeat', i - 1);
    if (ch === '\\') {
      const e = escape(false);
      return 'assert' in e ? { k: 'assert', kind: e.assert } : { k: 'char', test: e.test };
    }
    const lit = cps[i - 1]!;
    return { k: 'char', test: (c) => c === lit };
  };

  /** `{n}`, `{n,}`, `{,m}`, `{n,m}` at i, or undefined when `{` is a literal (Python's rule). */
  const braces = (): { min: number; max: number } | undefined => {
    const m = /^\{(\d*)(,?)(\d*)\}/.exec(String.fromCodePoint(...cps.slice(i, i + 24)));
    if (!m || (m[1] === '' && m[2] === '')) return undefined;
    const min = m[1] === '' ? 0 : Number(m[1]);
    const max = m[2] === '' ? min : m[3] === '' ? Infinity : Number(m[3]);
    if (min > MAX_COUNT || (max !== Infinity && max > MAX_COUNT))
      fail(`repeat count over ${MAX_COUNT}`);
    if (max < min) fail('min repeat greater than max repeat');
    i += m[0].length;
    return { min, max };
  };

  const sequence = (depth: number): Node => {
    const items: Node[] = [];
    for (;;) {
      const pos = i;
      let node = atom(depth);
      if (!node) break;
      const q = at();
      let range: { min: number; max: number } | undefined;
      if (q === '*') range = { min: 0, max: Infinity };
      else if (q === '+') range = { min: 1, max: Infinity };
      else if (q === '?') range = { min: 0, max: 1 };
      if (range) i++;
      else if (q === '{') range = braces();
      if (range) {
        if (node.k === 'assert') fail('nothing to repeat', pos);
        let greedy = true;
        if (at() === '?') {
          greedy = false;
          i++;
        } else if (at() === '+') linear('a possessive quantifier', i);
        if (
          at() === '*' ||
          at() === '+' ||
          at() === '?' ||
          (at() === '{' && braces() !== undefined)
        )
          fail('multiple repeat');
        node = { k: 'rep', body: node, min: range.min, max: range.max, greedy };
      }
      items.push(node);
    }
    return items.length === 1 ? items[0]! : { k: 'cat', items };
  };

  const alternation = (depth: number): Node => {
    const items = [sequence(depth)];
    while (at() === '|') {
      i++;
      items.push(sequence(depth));
    }
    return items.length === 1 ? items[0]! : { k: 'alt', items };
  };

  try {
    const node = alternation(0);
    if (i < cps.length) fail('unbalanced parenthesis');
    return { node, groups };
  } catch (e) {
    if (e instanceof Fail) return { error: e.message };
    throw e;
  }
}
