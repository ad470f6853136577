/**
 * Exponential moving average with TensorBoard's debiasing, so the first points of a curve are not
 * pulled towards zero: s_n = w·s_{n−1} + (1−w)·y_n, shown as s_n / (1 − w^n), where n counts the
 * finite values seen. Non-finite values (a diverged loss) pass through and leave the state alone.
 * Incremental, so streaming appends cost O(new points).
 */
export interface EmaState {
  /** Biased accumulator s_n. */
  last: number;
  /** Finite values seen so far. */
  count: number;
}

export function emaStart(): EmaState {
  return { last: 0, count: 0 };
}

/**
 * Feeds one value. Takes the state (mutated), the weight w in [0, 1) (0 = no smoothing) and the
 * value; returns the smoothed value. Throws a RangeError when w is outside [0, 1).
 */
export function emaStep(state: EmaState, weight: number, y: number): number {
  if (!(weight >= 0 && weight < 1))
    throw new RangeError(`EMA weight must be in [0, 1), got ${weight}`);
  if (!Number.isFinite(y)) return y;
  if (weight === 0) return y;
  state.last = state.last * weight + (1 - weight) * y;
  state.count += 1;
  return state.last / (1 - Math.pow(weight, state.count));
}

/** Smooths a whole array (a fresh array; the input is not changed). */
export function emaSmooth(values: readonly number[], weight: number): number[] {
  const state = emaStart();
  return values.map((y) => emaStep(state, weight, y));
}
