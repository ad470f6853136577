/**
 * Tree-structured Parzen Estimator (Bergstra et al. 2011, "Algorithms for Hyper-Parameter
 * Optimization"), with Optuna's univariate defaults: 10 random startup trials, γ(n) = min(⌈0.1·n⌉, 25)
 * observations in the good group, 24 expected-improvement candidates drawn from l(x), prior weight 1.
 * The state is plain JSON (a run store holds it; `--resume` revives it), and every suggestion draws
 * from a PRNG seeded by (seed, suggestion number), so the same state gives the same next suggestions.
 * Batches for parallel workers use the constant liar: pending trials count as the worst value seen.
 */
import { mulberry32 } from '../random';
import { categoricalParzen, logDensityNumeric, numericParzen, sampleNumeric } from './parzen';
import {
  fromInternal,
  internalBounds,
  sampleUniform,
  toInternal,
  validateSpace,
  type Axis,
  type Params,
} from './space';

export interface TpeOptions {
  startupTrials: number;
  eiCandidates: number;
  priorWeight: number;
  /** Cap of γ(n) = min(⌈gammaFraction·n⌉, gammaCap). */
  gammaFraction: number;
  gammaCap: number;
}

export const DEFAULT_TPE_OPTIONS: Readonly<TpeOptions> = {
  startupTrials: 10,
  eiCandidates: 24,
  priorWeight: 1,
  gammaFraction: 0.1,
  gammaCap: 25,
};

export interface TpeTrial {
  number: number;
  params: Params;
  state: 'pending' | 'done' | 'failed';
  /** The objective (lower is better) once `done`. */
  value?: number;
}

export interface TpeState {
  version: 1;
  seed: number;
  axes: Axis[];
  options: TpeOptions;
  trials: TpeTrial[];
}

/** A new search over `axes`; throws on an invalid space or option (named). */
export function createTpe(
  axes: readonly Axis[],
  seed: number,
  options: Partial<TpeOptions> = {},
): TpeState {
  validateSpace(axes);
  const o = { ...DEFAULT_TPE_OPTIONS, ...options };
  for (const [k, v] of Object.entries(o))
    if (!(typeof v === 'number' && v >= 0 && Number.isFinite(v)))
      throw new Error(`tpe option ${k} must be a finite number ≥ 0, got ${String(v)}`);
  if (o.eiCandidates < 1)
    throw new Error(`tpe option eiCandidates must be ≥ 1, got ${o.eiCandidates}`);
  return {
    version: 1,
    seed: seed >>> 0,
    axes: axes.map((a) => ({ ...a })),
    options: o,
    trials: [],
  };
}

/** One axis's TPE choice: argmax over candidates from l of log l(x) − log g(x). */
function chooseAxis(
  a: Axis,
  below: readonly Params[],
  above: readonly Params[],
  o: TpeOptions,
  rng: () => number,
): string | number {
  if (a.kind === 'categorical') {
    const k = a.choices.length;
    const l = categoricalParzen(
      below.map((p) => toInternal(a, p[a.name]!)),
      k,
      o.priorWeight,
    );
    const g = categoricalParzen(
      above.map((p) => toInternal(a, p[a.name]!)),
      k,
      o.priorWeight,
    );
    let best = 0;
    let bestScore = -Infinity;
    for (let c = 0; c < o.eiCandidates; c++) {
      let u = rng();
      let i = 0;
      while (i < k - 1 && u >= l[i]!) u -= l[i++]!;
      const score = Math.log(l[i]!) - Math.log(g[i]!);
      if (score > bestScore) [best, bestScore] = [i, score];
    }
    return a.choices[best]!;
  }
  const [lo, hi] = internalBounds(a);
  const l = numericParzen(
    below.map((p) => toInternal(a, p[a.name]!)),
    lo,
    hi,
    o.priorWeight,
  );
  const g = numericParzen(
    above.map((p) => toInternal(a, p[a.name]!)),
    lo,
    hi,
    o.priorWeight,
  );
  let best = lo;
  let bestScore = -Infinity;
  for (let c = 0; c < o.eiCandidates; c++) {
    const x = sampleNumeric(l, rng);
    const score = logDensityNumeric(l, x) - logDensityNumeric(g, x);
    if (score > bestScore) [best, bestScore] = [x, score];
  }
  return fromInternal(a, best);
}

/** The next configuration for trial `number` of `state` (pure; does not record it). */
function nextParams(state: TpeState, number: number): Params {
  const rng = mulberry32(
    (Math.imul(state.seed ^ 0x9e3779b9, 0x85ebca6b) + Math.imul(number + 1, 0xc2b2ae35)) >>> 0,
  );
  const done = state.trials.filter((t) => t.state === 'done');
  const o = state.options;
  if (done.length < o.startupTrials)
    return Object.fromEntries(state.axes.map((a) => [a.name, sampleUniform(a, rng)]));
  const worst = Math.max(...done.map((t) => t.value!));
  const pending = state.trials
    .filter((t) => t.state === 'pending')
    .map((t) => ({ ...t, value: worst }));
  // Stable sort by value then number, so ties split the same way on every platform.
  const obs = [...done, ...pending].sort((a, b) => a.value! - b.value! || a.number - b.number);
  const nBelow = Math.min(Math.ceil(o.gammaFraction * obs.length), o.gammaCap);
  const below = obs.slice(0, nBelow).map((t) => t.params);
  const above = obs.slice(nBelow).map((t) => t.params);
  return Object.fromEntries(state.axes.map((a) => [a.name, chooseAxis(a, below, above, o, rng)]));
}

/**
 * Suggests `count` configurations (a batch for parallel workers; each later one sees the earlier
 * ones as pending). Returns the new state (the input is not changed) and the suggested trials.
 */
export function suggest(state: TpeState, count = 1): { state: TpeState; trials: TpeTrial[] } {
  let s: TpeState = { ...state, trials: [...state.trials] };
  const out: TpeTrial[] = [];
  for (let i = 0; i < count; i++) {
    const number = s.trials.length;
    const trial: TpeTrial = { number, params: nextParams(s, number), state: 'pending' };
    s = { ...s, trials: [...s.trials, trial] };
    out.push(trial);
  }
  return { state: s, trials: out };
}

/**
 * Records the result of trial `number`: a finite `value` makes it `done`, anything else (NaN, a
 * crashed trial) `failed`, which TPE then ignores. Returns the new state; throws for an unknown
 * or already-finished trial number.
 */
export function tell(state: TpeState, number: number, value: number): TpeState {
  const t = state.trials[number];
  if (!t) throw new Error(`tpe: no trial number ${number} (${state.trials.length} suggested)`);
  if (t.state !== 'pending') throw new Error(`tpe: trial ${number} is already ${t.state}`);
  const next: TpeTrial = Number.isFinite(value)
    ? { ...t, state: 'done', value }
    : { ...t, state: 'failed' };
  return { ...state, trials: state.trials.map((x) => (x.number === number ? next : x)) };
}
