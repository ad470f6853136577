/**
 * Stable trial ids: a 64-bit FNV-1a hash (as two 32-bit lanes) of canonical JSON. Pure TS, because
 * core/ cannot import node:crypto; collisions are irrelevant at sweep sizes (≤ 10⁵ trials).
 */
import type { PlanValue } from './types';

/**
 * Canonical JSON: object keys sorted, `undefined` fields dropped, numbers in JS shortest form,
 * -0 written as 0. Two equal configs always give the same string.
 */
export function canonicalJson(value: unknown): string {
  if (value === undefined) return 'null';
  if (value === null || typeof value === 'boolean' || typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number') return Number.isFinite(value) ? JSON.stringify(Object.is(value, -0) ? 0 : value) : 'null';
  if (Array.isArray(value)) return `[${value.map((v) => canonicalJson(v)).join(',')}]`;
  if (typeof value === 'object') {
    const obj = value as Record<string, unknown>;
    const keys = Object.keys(obj).filter((k) => obj[k] !== undefined).sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(obj[k])}`).join(',')}}`;
  }
  return 'null';
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
export function stableId(value: PlanValue | object): string {
  return hashString(canonicalJson(value));
}
