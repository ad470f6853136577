/**
 * Stable trial ids: a 64-bit FNV-1a hash (as two 32-bit lanes) of canonical JSON. Pure TS, because
 * core/ cannot import node:crypto; collisions are irrelevant at sweep sizes (≤ 10⁵ trials).
 */
import type { PlanValue } from '../types/plan';

/**
 * Canonical JSON: object keys sorted, `undefined` fields dropped, numbers in JS shortest form,
 * -0 written as 0. Two equal configs always give the same string.
 */
export function canonicalJson(value: unknown, cache?: WeakMap<object, string>): string {
  if (value === undefined || value === null) return 'null';
  switch (typeof value) {
    case 'boolean':
      return value ? 'true' : 'false';
    case 'string':
      return JSON.stringify(value);
    case 'number':
      return Number.isFinite(value) ? (Object.is(value, -0) ? '0' : String(value)) : 'null';
    case 'object':
      break;
    default:
      return 'null';
  }
  // Plain loops and string concatenation: this runs once per trial and dominates large sweeps.
  // With `cache`, objects shared between trials (the model, the data) are serialised once; only
  // pass a cache when the objects are not mutated afterwards.
  const hit = cache?.get(value);
  if (hit !== undefined) return hit;
  if (Array.isArray(value)) {
    let out = '[';
    for (let i = 0; i < value.length; i++) out += (i ? ',' : '') + canonicalJson(value[i], cache);
    out += ']';
    cache?.set(value, out);
    return out;
  }
  const obj = value as Record<string, unknown>;
  const keys = Object.keys(obj).sort();
  let out = '{';
  let first = true;
  for (const k of keys) {
    const v = obj[k];
    if (v === undefined) continue;
    out += (first ? '' : ',') + JSON.stringify(k) + ':' + canonicalJson(v, cache);
    first = false;
  }
  out += '}';
  cache?.set(obj, out);
  return out;
}

/** FNV-1a over UTF-16 code units with two different offset bases → 16 hex digits. */
export function hashString(text: string): string {
  let h1 = 0x811c9dc5;
  let h2 = 0x050c5d1f;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 0x01000193);
    h2 = Math.imul(h2 ^ c, 0x01000193) ^ (h1 >>> 15);
  }
  return (h1 >>> 0).toString(16).padStart(8, '0') + (h2 >>> 0).toString(16).padStart(8, '0');
}

/** The stable id of a value (a TrialConfig): 16 hex digits. */
export function stableId(value: PlanValue | object, cache?: WeakMap<object, string>): string {
  return hashString(canonicalJson(value, cache));
}
