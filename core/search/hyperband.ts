/**
 * Hyperband (Li et al. 2017, JMLR 18(185)) over ASHA, as Optuna's HyperbandPruner runs it: brackets
 * s = 0..s_max with s_max = ⌊log_η(R/r)⌋; bracket s is successive halving whose first rung is r·η^s,
 * so bracket 0 prunes most aggressively and bracket s_max never prunes. A trial is assigned to a
 * bracket by a seeded hash of its id, with bracket s drawn in proportion to the paper's number of
 * configurations n_s = ⌈(s_max+1)/(s+1)·η^s⌉ (reversed, so aggressive brackets see more trials),
 * and competes only with trials of its own bracket.
 */
import { mulberry32 } from '../random';
import { ashaDecide } from './asha';
import { curveOf, requireNumber, type Decision, type TrialCurve } from './types';

export interface HyperbandOptions {
  minResource: number;
  maxResource: number;
  reductionFactor?: number;
  /** Seeds the bracket assignment (default 0). */
  seed?: number;
}

/** FNV-1a of a string: a stable 32-bit hash so a trial's bracket survives restarts. */
function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}

/** The bracket budgets n_s for s = 0..s_max, as in Li et al. 2017 (Algorithm 1); throws on bad options. */
export function hyperbandBrackets(o: HyperbandOptions): number[] {
  const eta = o.reductionFactor ?? 3;
  requireNumber('hyperband minResource', o.minResource, Number.MIN_VALUE);
  requireNumber('hyperband reductionFactor', eta, 2);
  if (!(o.maxResource >= o.minResource))
    throw new Error(
      `hyperband maxResource (${o.maxResource}) must be ≥ minResource (${o.minResource})`,
    );
  const sMax = Math.floor(Math.log(o.maxResource / o.minResource) / Math.log(eta) + 1e-9);
  return Array.from({ length: sMax + 1 }, (_, i) => {
    const s = sMax - i;
    return Math.ceil(((sMax + 1) / (s + 1)) * Math.pow(eta, s));
  });
}

/** The bracket (0 = most aggressive) of `trialId` under `o`; the same id and seed give the same bracket. */
export function bracketOf(trialId: string, o: HyperbandOptions): number {
  const budgets = hyperbandBrackets(o);
  const total = budgets.reduce((a, b) => a + b, 0);
  let u = mulberry32((fnv1a(trialId) ^ (o.seed ?? 0)) >>> 0)() * total;
  for (let s = 0; s < budgets.length; s++) {
    u -= budgets[s]!;
    if (u < 0) return s;
  }
  return budgets.length - 1;
}

/**
 * Hyperband's decision for `trialId`: ASHA with first rung r·η^s within the trial's bracket s,
 * against that bracket's trials only. Returns `continue | prune`; throws on bad options or an
 * unknown trial id.
 */
export function hyperbandDecide(
  history: readonly TrialCurve[],
  trialId: string,
  o: HyperbandOptions,
): Decision {
  curveOf(history, trialId);
  const s = bracketOf(trialId, o);
  const peers = history.filter((c) => bracketOf(c.id, o) === s);
  return ashaDecide(
    history,
    trialId,
    {
      minResource: o.minResource,
      maxResource: o.maxResource,
      reductionFactor: o.reductionFactor ?? 3,
      minEarlyStoppingRate: s,
    },
    peers,
  );
}
