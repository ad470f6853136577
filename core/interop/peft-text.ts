/** Writes `.peft` source for plain values (the importers' output). Strings are always quoted. */
import type { PlanValue } from '../types/plan';

const IDENT = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** A plan value as `.peft` text; map keys that are not identifiers cannot be written (returned in `skipped`). */
export function peftValue(v: PlanValue, skipped: string[] = []): string {
  if (v === null) return 'null';
  if (typeof v === 'string') return JSON.stringify(v);
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (Array.isArray(v)) return `[${v.map((x) => peftValue(x, skipped)).join(', ')}]`;
  const parts: string[] = [];
  for (const [k, x] of Object.entries(v)) {
    if (IDENT.test(k)) parts.push(`${k} = ${peftValue(x, skipped)}`);
    else skipped.push(k);
  }
  return `{ ${parts.join('  ')} }`;
}

/** `name = value` lines of a block body, two-space indented. */
export function peftEntries(params: Record<string, PlanValue>, skipped: string[] = []): string {
  return Object.entries(params)
    .map(([k, v]) => `  ${k} = ${peftValue(v, skipped)}\n`)
    .join('');
}
