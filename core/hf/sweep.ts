/** The sweep cost preview (USERS-AND-ANCHORS §3.6): trials, total FLOPs, GPU-hours at a stated MFU. */
import type { Trial } from '../types/plan';

export interface SweepCost {
  trials: number;
  totalFlops: number;
  /** Largest single trial. */
  maxTrialFlops: number;
  tokens: number;
  /** totalFlops / (mfu · peakFlops) / 3600. */
  gpuHours: number;
  mfu: number;
  peakFlops: number;
}

/** H100 SXM dense BF16 peak, FLOP/s (the default device for the preview). */
export const H100_BF16_PEAK = 989e12;

/**
 * Sums the static estimates of `trials`. `mfu` in (0, 1] (default 0.4) and `peakFlops` (default
 * H100 BF16 989 TFLOP/s) turn FLOPs into GPU-hours. Throws when mfu or peakFlops is out of range.
 */
export function sweepCost(
  trials: readonly Trial[],
  mfu = 0.4,
  peakFlops = H100_BF16_PEAK,
): SweepCost {
  if (!(mfu > 0 && mfu <= 1)) throw new Error(`sweepCost: mfu must be in (0, 1], got ${mfu}`);
  if (!(peakFlops > 0)) throw new Error(`sweepCost: peakFlops must be > 0, got ${peakFlops}`);
  const totalFlops = trials.reduce((a, t) => a + t.estimates.trainFlops, 0);
  return {
    trials: trials.length,
    totalFlops,
    maxTrialFlops: trials.reduce((a, t) => Math.max(a, t.estimates.trainFlops), 0),
    tokens: trials.reduce((a, t) => a + t.estimates.tokens, 0),
    gpuHours: totalFlops / (mfu * peakFlops) / 3600,
    mfu,
    peakFlops,
  };
}
