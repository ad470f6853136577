/**
 * Python `re.fullmatch` / `re.match` for target_modules, exclude_modules and rank_pattern keys, run
 * by a Pike VM (Thompson's construction, threads stepped in lockstep over the input): time is
 * O(pattern × name) whatever the pattern, so a file cannot hang the server with `(.|.|.)*z` — a
 * backtracking engine (JavaScript's RegExp) took minutes on that. Thread priority follows Python's
 * backtracking order, so the groups `exec` returns are the ones Python's `re` returns.
 */
import { parsePyRegex, wordChar, type AssertKind, type CharTest, type Node } from './pyregex-parse';

type Inst =
  | { op: 'char'; test: CharTest }
  | { op: 'split'; x: number; y: number }
  | { op: 'jmp'; x: number }
  | { op: 'save'; slot: number }
  | { op: 'assert'; kind: AssertKind }
  | { op: 'match' };

/** Programs larger than this are refused (counted repeats multiply the body). */
const MAX_PROGRAM = 20000;

/** A compiled pattern: `test` says whether it matches, `exec` returns Python's groups (index 0 = whole match). */
export interface PyRegex {
  test(s: string): boolean;
  exec(s: string): (string | undefined)[] | null;
}

class TooLarge extends Error {}

function compile(root: Node): Inst[] {
  const prog: Inst[] = [];
  const emit = (inst: Inst): number => {
    if (prog.length >= MAX_PROGRAM) throw new TooLarge();
    return prog.push(inst) - 1;
  };
  const gen = (n: Node): void => {
    switch (n.k) {
      case 'char':
        emit({ op: 'char', test: n.test });
        return;
      case 'assert':
        emit({ op: 'assert', kind: n.kind });
        return;
      case 'cat':
        n.items.forEach(gen);
        return;
      case 'group':
        if (n.cap !== undefined) emit({ op: 'save', slot: 2 * n.cap });
        gen(n.body);
        if (n.cap !== undefined) emit({ op: 'save', slot: 2 * n.cap + 1 });
        return;
      case 'alt': {
        const jumps: number[] = [];
        n.items.forEach((item, k) => {
          if (k < n.items.length - 1) {
            const split = emit({ op: 'split', x: 0, y: 0 });
            prog[split] = { op: 'split', x: split + 1, y: 0 };
            gen(item);
            jumps.push(emit({ op: 'jmp', x: 0 }));
            (prog[split] as { y: number }).y = prog.length;
          } else gen(item);
        });
        for (const j of jumps) (prog[j] as { x: number }).x = prog.length;
        return;
      }
      case 'rep': {
        for (let k = 0; k < n.min; k++) gen(n.body);
        if (n.max === Infinity) {
          const split = emit({ op: 'split', x: 0, y: 0 });
          gen(n.body);
          emit({ op: 'jmp', x: split });
          prog[split] = n.greedy
            ? { op: 'split', x: split + 1, y: prog.length }
            : { op: 'split', x: prog.length, y: split + 1 };
          return;
        }
        const holes: number[] = [];
        for (let k = n.min; k < n.max; k++) {
          holes.push(emit({ op: 'split', x: 0, y: 0 }));
          gen(n.body);
        }
        for (const h of holes)
          prog[h] = n.greedy
            ? { op: 'split', x: h + 1, y: prog.length }
            : { op: 'split', x: prog.length, y: h + 1 };
        return;
      }
    }
  };
  gen(root);
  emit({ op: 'match' });
  return prog;
}

function holds(kind: AssertKind, cps: readonly number[], pos: number): boolean {
  const n = cps.length;
  switch (kind) {
    case 'bol':
    case 'begin':
      return pos === 0;
    case 'end':
      return pos === n;
    case 'eol': // Python's `$`: the end, or just before a final newline
      return pos === n || (pos === n - 1 && cps[pos] === 10);
    case 'word':
    case 'nonword': {
      const edge = (pos > 0 && wordChar(cps[pos - 1]!)) !== (pos < n && wordChar(cps[pos]!));
      return kind === 'word' ? edge : !edge;
    }
  }
}

interface Thread {
  pc: number;
  caps: (number | undefined)[];
}

/**
 * Runs `prog` anchored at the start of `s`; `toEnd` requires the match to end at the end (fullmatch).
 * Returns the capture offsets (in code points) of the highest-priority match, or null.
 */
function run(
  prog: readonly Inst[],
  slots: number,
  cps: readonly number[],
  toEnd: boolean,
): (number | undefined)[] | null {
  const seen = new Int32Array(prog.length).fill(-1);
  /** Follows jumps, splits, saves and assertions from `start`, appending char/match threads in priority order. */
  const add = (list: Thread[], start: Thread, pos: number): void => {
    const stack: Thread[] = [start];
    while (stack.length > 0) {
      const t = stack.pop()!;
      if (seen[t.pc] === pos) continue;
      seen[t.pc] = pos;
      const inst = prog[t.pc]!;
      if (inst.op === 'jmp') stack.push({ pc: inst.x, caps: t.caps });
      else if (inst.op === 'split')
        stack.push({ pc: inst.y, caps: t.caps }, { pc: inst.x, caps: t.caps });
      else if (inst.op === 'save') {
        const caps = t.caps.slice();
        caps[inst.slot] = pos;
        stack.push({ pc: t.pc + 1, caps });
      } else if (inst.op === 'assert') {
        if (holds(inst.kind, cps, pos)) stack.push({ pc: t.pc + 1, caps: t.caps });
      } else list.push(t);
    }
  };
  let matched: (number | undefined)[] | null = null;
  let current: Thread[] = [];
  add(current, { pc: 0, caps: new Array<number | undefined>(slots).fill(undefined) }, 0);
  for (let pos = 0; current.length > 0; pos++) {
    const next: Thread[] = [];
    for (const t of current) {
      const inst = prog[t.pc]!;
      if (inst.op === 'match') {
        if (toEnd && pos !== cps.length) continue;
        matched = t.caps.slice();
        matched[0] = 0;
        matched[1] = pos;
        break; // lower-priority threads lose to this match
      }
      if (inst.op === 'char' && pos < cps.length && inst.test(cps[pos]!))
        add(next, { pc: t.pc + 1, caps: t.caps }, pos + 1);
    }
    if (pos >= cps.length) break;
    current = next;
  }
  return matched;
}

function build(src: string, toEnd: boolean): PyRegex | string {
  const bad = (why: string): string => `invalid regex ${JSON.stringify(src)}: ${why}`;
  if (src.length > 10000) return bad('longer than 10,000 characters');
  const parsed = parsePyRegex(src);
  if ('error' in parsed) return bad(parsed.error);
  let prog: Inst[];
  try {
    prog = compile(parsed.node);
  } catch (e) {
    if (e instanceof TooLarge)
      return bad(`compiles to more than ${MAX_PROGRAM} steps (lower the repeat counts)`);
    throw e;
  }
  const slots = 2 * (parsed.groups + 1);
  const exec = (s: string): (string | undefined)[] | null => {
    const cps = Array.from(s, (ch) => ch.codePointAt(0)!);
    const caps = run(prog, slots, cps, toEnd);
    if (!caps) return null;
    const out: (string | undefined)[] = [];
    for (let g = 0; g < slots; g += 2) {
      const a = caps[g];
      const b = caps[g + 1];
      out.push(
        a === undefined || b === undefined ? undefined : String.fromCodePoint(...cps.slice(a, b)),
      );
    }
    return out;
  };
  return { test: (s) => exec(s) !== null, exec };
}

/** Python `re.fullmatch(src, s)`, or an error string naming the pattern (bad syntax, or a construct with no linear-time run). */
export function fullmatchRe(src: string): PyRegex | string {
  return build(src, true);
}

/** Python `re.match(src, s)` (anchored at the start only), or an error string naming the pattern. */
export function matchRe(src: string): PyRegex | string {
  return build(src, false);
}
