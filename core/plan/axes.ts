/**
 * Sweep constructors written as calls: `log(a .. b, n)`, `lin(a .. b, n)`, `zip(k = […], …)`,
 * `random(DIST, n = 8, seed = 1)` with DIST one of `uniform(a .. b)`, `loguniform(a .. b)`,
 * `int_uniform(a .. b)`, `choice([…])`. Values are rounded to 12 significant digits so the same
 * file always yields bit-identical values (and therefore the same trial ids).
 */
import type { CallExpr, Expr, NamedArg } from '../dsl/ast';
import { DiagnosticCodes } from '../dsl/diagnostics';
import { closestName } from '../dsl/suggest';
import type { Evaluator, Scope } from './evaluate';
import { isAxis, type AxisValue, type Value } from './values';

export const SWEEP_FUNCTIONS = ['log', 'lin', 'zip', 'random'] as const;
export const DISTRIBUTIONS = ['uniform', 'loguniform', 'int_uniform', 'choice'] as const;

const round = (x: number): number => Number(x.toPrecision(12));
import { mulberry32 } from '../random';

/** Mulberry32: a tiny seeded PRNG so random samples are reproducible on every platform. */
export { mulberry32 };

const positional = (c: CallExpr): Expr[] => c.args.filter((a): a is Expr => a.kind !== 'NamedArg');
const named = (c: CallExpr): NamedArg[] =>
  c.args.filter((a): a is NamedArg => a.kind === 'NamedArg');

function range(
  ev: Evaluator,
  e: Expr | undefined,
  scope: Scope,
  call: CallExpr,
): [number, number] | undefined {
  if (!e || e.kind !== 'Range') {
    ev.error(
      DiagnosticCodes.invalidSweep,
      `${call.callee.name}(…) needs a range first, e.g. ${call.callee.name}(1e-4 .. 1e-2${call.callee.name === 'log' || call.callee.name === 'lin' ? ', 5' : ''}).`,
      e ?? call,
    );
    return undefined;
  }
  const a = ev.eval(e.from, scope);
  const b = ev.eval(e.to, scope);
  if (typeof a !== 'number' || typeof b !== 'number') {
    ev.error(DiagnosticCodes.typeMismatch, 'Both ends of a range must be numbers.', e);
    return undefined;
  }
  return [a, b];
}

/**
 * The most values one axis may hold. Values are generated before the trial limit is checked, so a
 * count like `log(1e-4 .. 1e-2, 2B)` must be refused here, not allocated.
 */
export const MAX_AXIS_VALUES = 100_000;

function count(
  ev: Evaluator,
  e: Expr | undefined,
  scope: Scope,
  call: CallExpr,
  what: string,
): number | undefined {
  const n = e ? ev.eval(e, scope) : undefined;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 1) {
    ev.error(
      DiagnosticCodes.invalidSweep,
      `${call.callee.name}(…) needs ${what} as a whole number ≥ 1${n === undefined ? '' : `, not ${JSON.stringify(n)}`}.`,
      e ?? call,
    );
    return undefined;
  }
  if (n > MAX_AXIS_VALUES) {
    ev.error(
      DiagnosticCodes.tooManyTrials,
      `${call.callee.name}(…) asks for ${n.toLocaleString('en')} values; one axis holds at most ${MAX_AXIS_VALUES.toLocaleString('en')}. Use a smaller count.`,
      e ?? call,
    );
    return undefined;
  }
  return n;
}

/** Evaluates a call; unknown functions are reported with a did-you-mean. */
export function evalCall(ev: Evaluator, c: CallExpr, scope: Scope): Value {
  const fn = c.callee.name;
  const axis = (form: AxisValue['form'], values: Value[]): AxisValue => ({
    $kind: 'axis',
    form,
    values,
    node: c,
  });
  const args = positional(c);
  if (fn === 'log' || fn === 'lin') {
    const r = range(ev, args[0], scope, c);
    const n = count(ev, args[1], scope, c, 'a point count as its second argument');
    if (!r || n === undefined) return undefined;
    const [a, b] = r;
    if (fn === 'log' && (a <= 0 || b <= 0)) {
      ev.error(
        DiagnosticCodes.outOfRange,
        `log(…) needs positive ends, got ${a} .. ${b}; use lin(…) for ranges through 0.`,
        args[0]!,
      );
      return undefined;
    }
    const values = Array.from({ length: n }, (_, i) => {
      const t = n === 1 ? 0 : i / (n - 1);
      return round(fn === 'log' ? a * (b / a) ** t : a + (b - a) * t);
    });
    return axis(fn, values);
  }
  if (fn === 'zip') {
    const zipped: Record<string, Value[]> = {};
    let length = -1;
    for (const a of named(c)) {
      const v = ev.eval(a.value, scope);
      const list = isAxis(v) ? v.values : Array.isArray(v) ? (v as Value[]) : undefined;
      if (!list) {
        ev.error(
          DiagnosticCodes.invalidSweep,
          `zip(…) pairs lists: write ${a.name.name} = [ … ].`,
          a.value,
        );
        continue;
      }
      if (length >= 0 && list.length !== length) {
        ev.error(
          DiagnosticCodes.zipLengthMismatch,
          `zip(…) pairs values by position, but '${a.name.name}' has ${list.length} values and the first list has ${length}; make them equal.`,
          a.value,
        );
        return undefined;
      }
      length = list.length;
      zipped[a.name.name] = list;
    }
    if (args.length > 0)
      ev.error(
        DiagnosticCodes.invalidSweep,
        'zip(…) takes named lists only: zip(r = [4, 8], lora_alpha = [8, 16]).',
        args[0]!,
      );
    if (length < 1) return undefined;
    return {
      ...axis(
        'zip',
        Array.from({ length }, (_, i) => i),
      ),
      zipped,
    };
  }
  if (fn === 'random') return evalRandom(ev, c, scope, axis);
  const guess = closestName(fn, [...SWEEP_FUNCTIONS]);
  ev.error(
    DiagnosticCodes.unknownFunction,
    `Unknown function '${fn}'; values can use ${SWEEP_FUNCTIONS.join(', ')}${guess ? ` (did you mean '${guess}'?)` : ''}.`,
    c.callee,
    guess ? { kind: 'replace', text: guess, title: `Change to '${guess}'` } : undefined,
  );
  return undefined;
}

function evalRandom(
  ev: Evaluator,
  c: CallExpr,
  scope: Scope,
  axis: (f: AxisValue['form'], v: Value[]) => AxisValue,
): Value {
  const dist = positional(c)[0];
  const opts = new Map(named(c).map((a) => [a.name.name, a.value] as const));
  const n = count(ev, opts.get('n'), scope, c, 'a sample count n = …');
  const seedValue = opts.has('seed') ? ev.eval(opts.get('seed')!, scope) : 0;
  const seed = typeof seedValue === 'number' ? seedValue : 0;
  if (
    !dist ||
    dist.kind !== 'Call' ||
    !(DISTRIBUTIONS as readonly string[]).includes(dist.callee.name)
  ) {
    const name = dist?.kind === 'Call' ? dist.callee.name : '';
    const guess = name ? closestName(name, [...DISTRIBUTIONS]) : undefined;
    ev.error(
      DiagnosticCodes.invalidSweep,
      `random(…) needs a distribution first: ${DISTRIBUTIONS.join(', ')}${guess ? ` (did you mean '${guess}'?)` : ''}.`,
      dist?.kind === 'Call' ? dist.callee : (dist ?? c),
      guess ? { kind: 'replace', text: guess } : undefined,
    );
    return undefined;
  }
  if (n === undefined) return undefined;
  const rand = mulberry32(seed * 2654435761 + 1);
  if (dist.callee.name === 'choice') {
    const list = ev.eval(positional(dist)[0] ?? dist, scope);
    if (!Array.isArray(list) || list.length === 0) {
      ev.error(
        DiagnosticCodes.invalidSweep,
        'choice(…) needs a non-empty list, e.g. choice([4, 8, 16]).',
        dist,
      );
      return undefined;
    }
    return axis(
      'random',
      Array.from({ length: n }, () => list[Math.floor(rand() * list.length)] as Value),
    );
  }
  const r = range(ev, positional(dist)[0], scope, dist);
  if (!r) return undefined;
  const [a, b] = r;
  if (dist.callee.name === 'loguniform' && (a <= 0 || b <= 0)) {
    ev.error(DiagnosticCodes.outOfRange, `loguniform needs positive ends, got ${a} .. ${b}.`, dist);
    return undefined;
  }
  const draw = (): number => {
    const u = rand();
    if (dist.callee.name === 'loguniform') return Number((a * (b / a) ** u).toPrecision(6));
    if (dist.callee.name === 'int_uniform') return Math.floor(a + u * (b - a + 1));
    return Number((a + (b - a) * u).toPrecision(6));
  };
  return axis('random', Array.from({ length: n }, draw));
}
