/**
 * The one way numbers and durations are shown to people (hovers, inlay hints, CLI tables,
 * progress, charts): three significant digits, trailing zeros dropped, and the suffixes ML papers
 * use for counts (k, M, B for 10⁹ as in "7B parameters", T, P, E). Bytes are binary (KiB, MiB).
 * test/unit/catalog/format.test.ts holds the table every caller relies on.
 */

const COUNT_SUFFIXES: ReadonlyArray<readonly [number, string]> = [
  [1e18, 'E'],
  [1e15, 'P'],
  [1e12, 'T'],
  [1e9, 'B'],
  [1e6, 'M'],
  [1e3, 'k'],
];

/** "2.50" → "2.5", "3.00" → "3"; exponent forms are left alone. */
function trim(s: string): string {
  return s.includes('.') && !s.includes('e') ? s.replace(/0+$/, '').replace(/\.$/, '') : s;
}

/** 1234 → "1.23k", 1.5e9 → "1.5B", 0.000012 → "1.2e-5", NaN → "NaN". */
export function formatCount(n: number): string {
  if (!Number.isFinite(n)) return String(n);
  // Round first so 999,999 shows as "1M", not "1000k".
  const r = Number(n.toPrecision(3));
  const abs = Math.abs(r);
  if (abs >= 1e21) return r.toExponential(2).replace(/\.?0+e/, 'e');
  for (const [scale, suffix] of COUNT_SUFFIXES)
    if (abs >= scale) return `${trim((r / scale).toPrecision(3))}${suffix}`;
  if (abs !== 0 && abs < 1e-3) return trim(n.toExponential(1)).replace(/\.?0+e/, 'e');
  return trim(r.toPrecision(3));
}

/** 1536 → "1.5 KiB", 512 → "512 B". */
export function formatBytes(n: number): string {
  if (!Number.isFinite(n)) return String(n);
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'];
  let v = n;
  let i = 0;
  while (Math.abs(v) >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return i === 0 ? `${Math.round(v)} B` : `${trim(v.toPrecision(3))} ${units[i]}`;
}

/** Seconds → "42 s", "3.5 min", "1.2 h", "2.5 d". */
export function formatSeconds(s: number): string {
  if (!Number.isFinite(s)) return String(s);
  if (Math.abs(s) < 90) return `${trim(s.toPrecision(2))} s`;
  if (Math.abs(s) < 5400) return `${trim((s / 60).toPrecision(2))} min`;
  if (Math.abs(s) < 172_800) return `${trim((s / 3600).toPrecision(2))} h`;
  return `${trim((s / 86_400).toPrecision(2))} d`;
}

/**
 * A fitted value (law parameters, intervals, predictions in `peft fit` and `peft summary`): four
 * significant digits, exponent form outside [1e-3, 1e5) (1234567 → "1.235e+6"), '—' for NaN.
 */
export function formatFitted(v: number): string {
  if (!Number.isFinite(v)) return '—';
  // Round first so 99,999 shows as "1.000e+5", not "100000".
  const r = Number(v.toPrecision(4));
  return Math.abs(r) >= 1e5 || (Math.abs(r) < 1e-3 && r !== 0) ? r.toExponential(3) : String(r);
}
