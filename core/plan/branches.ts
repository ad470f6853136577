/**
 * WSD branching (MiniCPM, Hu et al. 2024 §4.2): trials of one run that differ only in their `wsd`
 * schedule's decay (start, length, floor) or their length share the stable phase. One trial, the
 * leader, runs its whole schedule and keeps a checkpoint where each other trial's learning rate
 * first differs from its own; each of those trials then starts from that checkpoint
 * (`Trial.branchFrom`) instead of step 0. Trials stay trials: same ids, same results as
 * independent runs with the same seed, fewer steps trained.
 */
import { checkpointSupport, engineOf } from '../catalog';
import { canonicalJson } from './hash';
import { createSchedule } from './lr-schedule';
import type { Trial } from '../types/plan';

/** Branching compares schedules step by step; beyond this many steps in one run it is skipped (the language server analyses on every edit). */
const MAX_COMPARED_STEPS = 2_000_000;

/** What a branchable trial shares with its group: everything but the schedule's parameters and the length. */
function groupKey(t: Trial): string | undefined {
  const c = t.config;
  if (c.schedule.name.toLowerCase() !== 'wsd') return undefined;
  if (!checkpointSupport(c.adapter.method, engineOf(c.backend)).runs) return undefined;
  return canonicalJson({ ...c, schedule: { name: c.schedule.name }, steps: 0 });
}

function rates(t: Trial): Float64Array | undefined {
  const lr = t.config.optimizer.params['lr'];
  try {
    const f = createSchedule(t.config.schedule, typeof lr === 'number' ? lr : 1e-3, t.config.steps);
    return Float64Array.from({ length: t.config.steps }, (_, k) => f(k));
  } catch {
    return undefined; // a bad schedule is reported by the checks; it just does not branch
  }
}

/** The first step at which the two rate curves differ (or the shorter one's length). */
function sharedPrefix(a: Float64Array, b: Float64Array): number {
  const n = Math.min(a.length, b.length);
  for (let k = 0; k < n; k++) if (a[k] !== b[k]) return k;
  return n;
}

/** The step the schedule leaves its peak for good (where the decay starts); the length when it never does. */
function decayStart(r: Float64Array): number {
  let peak = -Infinity;
  for (const x of r) peak = Math.max(peak, x);
  let k = r.length;
  while (k > 0 && r[k - 1]! < peak) k--;
  return k;
}

/**
 * Sets `branchFrom` on the trials that can start from another's checkpoint and the pinned
 * checkpoint steps (`checkpoint.at`) on their leaders. Returns the training steps saved.
 */
export function assignBranches(trials: Trial[]): number {
  const groups = new Map<string, Trial[]>();
  let compared = 0;
  for (const t of trials) {
    const key = groupKey(t);
    if (key === undefined) continue;
    compared += t.config.steps;
    const g = groups.get(key);
    if (g) g.push(t);
    else groups.set(key, [t]);
  }
  if (compared > MAX_COMPARED_STEPS) return 0;
  let saved = 0;
  for (const group of groups.values()) {
    if (group.length < 2) continue;
    const curves = new Map<Trial, Float64Array>();
    for (const t of group) {
      const r = rates(t);
      if (r) curves.set(t, r);
    }
    // The leader decays last (longest stable phase); ties go to the longer, then the earlier trial.
    const ranked = [...curves.keys()].sort(
      (a, b) =>
        decayStart(curves.get(b)!) - decayStart(curves.get(a)!) ||
        b.config.steps - a.config.steps ||
        a.index - b.index,
    );
    const leader = ranked[0];
    if (!leader) continue;
    const at = new Set<number>();
    for (const t of ranked.slice(1)) {
      const step = sharedPrefix(curves.get(leader)!, curves.get(t)!);
      // Step 0 shares nothing; at its own last step the trial would only evaluate.
      if (step <= 0 || step >= t.config.steps) continue;
      t.branchFrom = { trial: leader.id, step };
      at.add(step);
      saved += step;
    }
    if (at.size) {
      const ck = leader.checkpoint ?? { every: 0, keep: 0 };
      leader.checkpoint = { ...ck, at: [...at].sort((a, b) => a - b) };
    }
  }
  return saved;
}

/** Training FLOPs a branched trial does not spend (its shared steps, trained once by its leader). */
export function branchSavedFlops(t: Trial): number {
  return t.branchFrom ? t.branchFrom.step * t.estimates.flopsPerStep : 0;
}
