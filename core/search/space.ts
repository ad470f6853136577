/**
 * The search space of an adaptive search: a run's axes, each log-scaled, linear or categorical.
 * Numeric axes are searched in their internal coordinate (ln for log axes), as Optuna does.
 */

export type Axis =
  | { name: string; kind: 'log' | 'linear'; low: number; high: number }
  | { name: string; kind: 'categorical'; choices: Array<string | number> };

/** A suggested configuration: axis name → value (a number, or a categorical choice). */
export type Params = Record<string, string | number>;

/** Throws a clear error for an empty axis list, a duplicate name, an empty or inverted range. */
export function validateSpace(axes: readonly Axis[]): void {
  if (axes.length === 0) throw new Error('search space: no axes');
  const seen = new Set<string>();
  for (const a of axes) {
    if (seen.has(a.name)) throw new Error(`search space: axis "${a.name}" appears twice`);
    seen.add(a.name);
    if (a.kind === 'categorical') {
      if (a.choices.length === 0) throw new Error(`search space: axis "${a.name}" has no choices`);
    } else if (!(a.low < a.high) || (a.kind === 'log' && !(a.low > 0))) {
      throw new Error(
        `search space: axis "${a.name}" needs ${a.kind === 'log' ? '0 < low' : 'low'} < high, got [${a.low}, ${a.high}]`,
      );
    }
  }
}

/** The internal bounds of a numeric axis (ln for log axes). */
export function internalBounds(a: Extract<Axis, { kind: 'log' | 'linear' }>): [number, number] {
  return a.kind === 'log' ? [Math.log(a.low), Math.log(a.high)] : [a.low, a.high];
}

/** A numeric axis value → internal coordinate; a categorical value → its choice index (-1 if absent). */
export function toInternal(a: Axis, value: string | number): number {
  if (a.kind === 'categorical') return a.choices.indexOf(value);
  return a.kind === 'log' ? Math.log(Number(value)) : Number(value);
}

/** An internal coordinate → the axis value (clamped to the range); a choice index → the choice. */
export function fromInternal(a: Axis, u: number): string | number {
  if (a.kind === 'categorical') return a.choices[u]!;
  const [lo, hi] = internalBounds(a);
  const v = Math.min(hi, Math.max(lo, u));
  return a.kind === 'log' ? Math.min(a.high, Math.max(a.low, Math.exp(v))) : v;
}

/** A uniform draw from the axis (uniform in the internal coordinate), using `rng`. */
export function sampleUniform(a: Axis, rng: () => number): string | number {
  if (a.kind === 'categorical') return a.choices[Math.floor(rng() * a.choices.length)]!;
  const [lo, hi] = internalBounds(a);
  return fromInternal(a, lo + rng() * (hi - lo));
}
