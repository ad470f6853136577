/**
 * Small readers for evaluated params (PlanValue), shared by formulas and rules. They never throw:
 * a missing or mistyped value yields the fallback, because the analysis has already reported it.
 */
import type { PlanValue } from '../types/plan';
import type { ParamSpec, Params } from './types';

/** A finite number at `key`, else `fallback`. Booleans are not numbers here. */
export function num(p: Params, key: string, fallback: number): number {
  const v = p[key];
  return typeof v === 'number' && Number.isFinite(v) ? v : fallback;
}

/**
 * A number at `key` that must be one when present (the engine's reading of a validated config):
 * absent → `fallback`, or an error naming `what` and the key when there is none; not a finite
 * number → an error naming the value.
 */
export function requireNum(
  p: Readonly<Record<string, unknown>>,
  key: string,
  what: string,
  fallback?: number,
): number {
  const v = p[key];
  if (v === undefined || v === null) {
    if (fallback === undefined) throw new Error(`${what} parameter "${key}" is missing`);
    return fallback;
  }
  if (typeof v !== 'number' || !Number.isFinite(v))
    throw new Error(`${what} parameter "${key}" must be a number, got ${JSON.stringify(v)}`);
  return v;
}

/** A boolean at `key`, else `fallback`. */
export function bool(p: Params, key: string, fallback: boolean): boolean {
  const v = p[key];
  return typeof v === 'boolean' ? v : fallback;
}

/** A string at `key`, else undefined. */
export function str(p: Params, key: string): string | undefined {
  const v = p[key];
  return typeof v === 'string' ? v : undefined;
}

/** A list of numbers at `key` (a single number becomes a one-element list), else undefined. */
export function numList(p: Params, key: string): number[] | undefined {
  const v = p[key];
  if (typeof v === 'number') return [v];
  if (Array.isArray(v)) return v.filter((x): x is number => typeof x === 'number');
  return undefined;
}

/** A list of strings at `key` (a single string becomes a one-element list), else undefined. */
export function strList(v: PlanValue | undefined): string[] | undefined {
  if (typeof v === 'string') return [v];
  if (Array.isArray(v)) return v.filter((x): x is string => typeof x === 'string');
  return undefined;
}

/** A map (object) at `key`, else undefined. */
export function obj(p: Params, key: string): Record<string, PlanValue> | undefined {
  const v = p[key];
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? v : undefined;
}

/** True when the key was written in the file and is not the neutral value `neutral`. */
export function isSetTo(
  p: Params,
  set: ReadonlySet<string>,
  key: string,
  pred: (v: PlanValue | undefined) => boolean,
): boolean {
  return set.has(key) && pred(p[key]);
}

/** `p` with the specs' defaults filled in for unset keys (unknown keys kept as written). */
export function withSpecDefaults(
  specs: readonly ParamSpec[],
  p: Params,
): Record<string, Params[string]> {
  const out: Record<string, Params[string]> = {};
  for (const spec of specs) if (spec.default !== undefined) out[spec.name] = spec.default;
  for (const [k, v] of Object.entries(p)) if (v !== undefined) out[k] = v;
  return out;
}
