/**
 * Small type guards for untrusted JSON (messages and the report's embedded data). They never
 * throw; the composite parsers return `Parsed<T>` with an error that names the bad value.
 */
import { VIEW_NAMES, type Scalar, type ViewName } from './model';

export type Parsed<T> = { ok: true; value: T } | { ok: false; error: string };

/** Trial ids are content hashes; we also accept test-friendly names, but nothing exotic. */
const TRIAL_ID = /^[A-Za-z0-9][A-Za-z0-9_.:-]{0,127}$/;

export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function isTrialId(v: unknown): v is string {
  return typeof v === 'string' && TRIAL_ID.test(v);
}

export function isViewName(v: unknown): v is ViewName {
  return typeof v === 'string' && (VIEW_NAMES as readonly string[]).includes(v);
}

export function isScalar(v: unknown): v is Scalar {
  return (
    v === null ||
    typeof v === 'string' ||
    typeof v === 'boolean' ||
    (typeof v === 'number' && Number.isFinite(v))
  );
}

export function isFiniteNumber(v: unknown): v is number {
  return typeof v === 'number' && Number.isFinite(v);
}

/** A record of scalars; nested values are dropped (labels only need flat values). */
export function scalarRecord(v: unknown, what: string): Parsed<Record<string, Scalar>> {
  if (v === undefined) return { ok: true, value: {} };
  if (!isRecord(v)) return { ok: false, error: `${what} is not an object` };
  const out: Record<string, Scalar> = {};
  for (const [k, x] of Object.entries(v)) if (isScalar(x)) out[k] = x;
  return { ok: true, value: out };
}

/** A record of numbers (final metrics); `null` (JSON's NaN: a diverged loss) becomes NaN; anything else fails. */
export function numberRecord(v: unknown, what: string): Parsed<Record<string, number>> {
  if (!isRecord(v)) return { ok: false, error: `${what} is not an object` };
  const out: Record<string, number> = {};
  for (const [k, x] of Object.entries(v)) {
    if (typeof x !== 'number' && x !== null)
      return { ok: false, error: `${what}.${k} is not a number: ${JSON.stringify(x)}` };
    out[k] = x ?? NaN;
  }
  return { ok: true, value: out };
}

/**
 * A numeric column: numbers, where `null` (JSON's spelling of NaN/Infinity) becomes NaN so a
 * diverged loss draws as a gap instead of failing the whole message.
 */
export function numberColumn(v: unknown, what: string): Parsed<number[]> {
  if (!Array.isArray(v)) return { ok: false, error: `${what} is not an array` };
  const out = new Array<number>(v.length);
  for (let i = 0; i < v.length; i++) {
    const x: unknown = v[i];
    if (typeof x === 'number') out[i] = x;
    else if (x === null) out[i] = NaN;
    else return { ok: false, error: `${what}[${i}] is not a number: ${JSON.stringify(x)}` };
  }
  return { ok: true, value: out };
}

/** An optional finite number field. Returns undefined when absent or null (NaN), an error when malformed. */
export function optionalNumber(v: unknown, what: string): Parsed<number | undefined> {
  if (v === undefined || v === null) return { ok: true, value: undefined };
  return isFiniteNumber(v)
    ? { ok: true, value: v }
    : { ok: false, error: `${what} is not a finite number: ${JSON.stringify(v)}` };
}
