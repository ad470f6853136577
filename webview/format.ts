/** Number formatting for labels, tooltips and table cells. */

import { formatCount, formatSeconds } from '../core/format';

/** Labels, ticks and cells use core/format.ts like every other surface (1e9 is "1B" everywhere). */
export const formatNumber = formatCount;
export { formatSeconds };

/** A scalar for a cell: numbers formatted, null as an em dash. */
export function formatScalar(v: string | number | boolean | null | undefined): string {
  if (v === null || v === undefined) return '—';
  return typeof v === 'number' ? formatNumber(v) : String(v);
}
