/**
 * A hand-made power-law fit (E + A·r^-alpha) in the fits.json shape, so prediction tests know the
 * exact value: at r = 64, 2 + 4·64^-0.5 = 2.5.
 */
import type { FitsFile, LawFit } from '../../../../core/laws/types';
import type { StoreView } from '../../../../store/view';

export function powerFit(law = 'rank_law', group?: string): LawFit {
  const fit: LawFit = {
    law,
    form: 'power',
    expression: 'E + A*x^-alpha',
    variables: ['r'],
    y: 'eval_loss',
    ok: true,
    params: [
      { name: 'E', value: 2, lo: 1.9, hi: 2.1, sd: 0.05, atBound: false, doc: '' },
      { name: 'A', value: 4, lo: 3.5, hi: 4.5, sd: 0.2, atBound: false, doc: '' },
      { name: 'alpha', value: 0.5, lo: 0.45, hi: 0.55, sd: 0.02, atBound: false, doc: '' },
    ],
    constants: {},
    level: 0.9,
    points: [2, 4, 8, 16].map((r) => ({ x: [r], y: 2 + 4 / Math.sqrt(r), weight: 1 })),
    bootstrap: {
      seed: 1,
      samples: [
        [1.9, 3.8, 0.48],
        [2.1, 4.2, 0.52],
        [2, 4, 0.5],
      ],
    },
    predictions: [],
    diagnostics: [],
  };
  if (group !== undefined) {
    fit.group = group;
    fit.by = 'adapter';
  }
  return fit;
}

export function fitsFile(fits: LawFit[], experiment = 'experiment'): FitsFile {
  return { version: 1, experiment, created: '2026-01-01T00:00:00Z', fits };
}

export const storeWith = (fits: LawFit[], flopsPerSecond?: number): StoreView =>
  flopsPerSecond === undefined
    ? { fits: fitsFile(fits), finishedTrials: 4 }
    : { fits: fitsFile(fits), finishedTrials: 4, flopsPerSecond };
