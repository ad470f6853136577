/**
 * JSON has no NaN: `JSON.stringify` writes the NaN of a missing interval (no bootstrap) or an
 * undefined R² as null. `reviveFit` turns those nulls back into NaN so readers of fits.json get
 * the numbers the types promise.
 */
import type { LawFit } from './types';

const n = (v: unknown): number => (typeof v === 'number' ? v : NaN);

/** Restores NaN for null numeric fields of a LawFit read from JSON (in place; returns it). */
export function reviveFit(fit: LawFit): LawFit {
  for (const p of fit.params ?? []) {
    p.value = n(p.value);
    p.lo = n(p.lo);
    p.hi = n(p.hi);
    p.sd = n(p.sd);
  }
  for (const p of fit.predictions ?? []) {
    p.value = n(p.value);
    p.lo = n(p.lo);
    p.hi = n(p.hi);
  }
  for (const c of fit.curve ?? []) {
    c.value = n(c.value);
    c.lo = n(c.lo);
    c.hi = n(c.hi);
  }
  if (fit.quality) {
    fit.quality.r2 = n(fit.quality.r2);
    fit.quality.rmseLog = n(fit.quality.rmseLog);
    fit.quality.aic = n(fit.quality.aic);
  }
  if (fit.convergence) fit.convergence.gradNorm = n(fit.convergence.gradNorm);
  return fit;
}
