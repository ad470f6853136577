/**
 * The batches law-guided design chooses among. Scoring single trials per FLOP fails both ways: a
 * cheap trial's small, noisy gain looks huge per FLOP, and a lone far trial is missing from a third
 * of the bootstrap's resamples, so its value shows only next to others. So the design scores whole
 * batches that mix the two things a prediction beyond the data needs: trials near the target (the
 * extrapolation) and spread (the law's other parameters). Candidates are ranked by their distance
 * to the target in log space (linear where a value is not positive).
 */
import type { DesignCandidate } from './design';

function distance(x: readonly number[], target: readonly number[]): number {
  return Math.sqrt(
    x.reduce((s, v, j) => {
      const t = target[j]!;
      const d = v > 0 && t > 0 ? Math.log(v / t) : (v - t) / Math.max(Math.abs(t), 1);
      return s + d * d;
    }, 0),
  );
}

/**
 * Candidate batches as lists of indices into `candidates`, nearest-to-target first: the k nearest
 * for every k (k = all is one pass of the grid), the nearest twice (replication), and the nearest
 * with the farthest, with the farthest and the middle one, and the two nearest with the farthest
 * (the support of a c-optimal design for a three-parameter law). Duplicates are removed.
 */
export function candidatePlans(
  candidates: readonly DesignCandidate[],
  target: readonly number[],
): number[][] {
  const order = candidates
    .map((c, i) => ({ i, d: distance(c.x, target) }))
    .sort((a, b) => a.d - b.d || candidates[a.i]!.cost - candidates[b.i]!.cost)
    .map((e) => e.i);
  const n = order.length;
  const near = order[0]!;
  const far = order[n - 1]!;
  const mid = order[Math.floor((n - 1) / 2)]!;
  const plans: number[][] = order.map((_, k) => order.slice(0, k + 1));
  plans.push([near, near], [near, far], [near, mid, far]);
  if (n > 2) plans.push([near, order[1]!, far]);
  const seen = new Set<string>();
  return plans.filter((p) => {
    const key = [...p].sort((a, b) => a - b).join(',');
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
