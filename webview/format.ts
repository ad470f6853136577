/** Number formatting for labels, tooltips and table cells. */

const SUFFIXES: Array<[number, string]> = [
  [1e15, 'P'],
  [1e12, 'T'],
  [1e9, 'G'],
  [1e6, 'M'],
  [1e3, 'k'],
];

/** 1234567 → "1.23M"; small numbers keep 4 significant digits; NaN → "NaN". */
export function formatNumber(n: number): string {
  if (!Number.isFinite(n)) return String(n);
  const abs = Math.abs(n);
  for (const [scale, suffix] of SUFFIXES) if (abs >= scale) return `${trim((n / scale).toPrecision(3))}${suffix}`;
  if (abs !== 0 && abs < 1e-3) return n.toExponential(2);
  return trim(n.toPrecision(4));
}

function trim(s: string): string {
  return s.includes('.') && !s.includes('e') ? s.replace(/0+$/, '').replace(/\.$/, '') : s;
}

/** Seconds → "42 s", "3.5 min", "1.2 h". */
export function formatSeconds(s: number): string {
  if (!Number.isFinite(s)) return String(s);
  if (s < 120) return `${trim(s.toPrecision(3))} s`;
  if (s < 7200) return `${trim((s / 60).toPrecision(3))} min`;
  return `${trim((s / 3600).toPrecision(3))} h`;
}

/** A scalar for a cell: numbers formatted, null as an em dash. */
export function formatScalar(v: string | number | boolean | null | undefined): string {
  if (v === null || v === undefined) return '—';
  return typeof v === 'number' ? formatNumber(v) : String(v);
}
