/**
 * A trial's evaluated adapter values as plain params with their canonical JSON, kept per values
 * map across analyses: the run cache hands a reused run's maps back unchanged, so the rules check
 * and the estimate key serialise each trial once, not on every keystroke. Only maps without
 * `{ … }` values qualify: turning those into objects evaluates them in a scope, which may report.
 */
import type { Params } from '../catalog';
import { canonicalJson } from './hash';
import type { PlanValue } from '../types/plan';
import { isConstruct, toPlan, type Value } from './values';

const kept = new WeakMap<Map<string, Value>, { params: Params; json: string }>();

/** The params (written names, plain values) and their JSON; undefined when a value is a `{ … }` map. */
export function plainValues(
  values: Map<string, Value>,
): { params: Params; json: string } | undefined {
  const hit = kept.get(values);
  if (hit) return hit;
  const params: Record<string, PlanValue> = {};
  for (const [k, v] of values) {
    if (v === undefined) continue;
    if (isConstruct(v) && v.head === '') return undefined;
    params[k] = toPlan(v);
  }
  const out = { params, json: canonicalJson(params) };
  kept.set(values, out);
  return out;
}
