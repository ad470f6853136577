/**
 * The shapes core/search works on. A pruner sees only what a run store records: every trial's
 * reported curve, each report stamped with a global sequence number, so a decision is a pure
 * function of the recorded history and replays identically after a crash (docs/search.md).
 */

/** One intermediate result of a trial: `value` (lower is better) after `step` units of resource. */
export interface Report {
  step: number;
  value: number;
  /** Global order of the report across all trials (metrics line order in the store). */
  seq: number;
}

/** A trial's state as the store knows it; `pruned` trials are stopped by a pruner. */
export type TrialState = 'running' | 'complete' | 'pruned';

/** One trial's reported curve, reports in increasing `step`. */
export interface TrialCurve {
  id: string;
  state: TrialState;
  reports: Report[];
}

export type Decision = 'continue' | 'prune';

/** What a pruner takes: every trial's curve (including the one decided) and the trial's id. */
export type Pruner = (history: readonly TrialCurve[], trialId: string) => Decision;

/** The curve of `trialId` in `history`; throws a clear error naming the id when it is absent. */
export function curveOf(history: readonly TrialCurve[], trialId: string): TrialCurve {
  const t = history.find((c) => c.id === trialId);
  if (!t)
    throw new Error(`pruner: no trial "${trialId}" in the history (${history.length} trials)`);
  return t;
}

/** Throws when `value` is not a finite number greater than `min`, naming the option. */
export function requireNumber(name: string, value: number, min: number, integer = false): void {
  if (!Number.isFinite(value) || value < min || (integer && !Number.isInteger(value))) {
    throw new Error(
      `${name} must be ${integer ? 'an integer' : 'a number'} ≥ ${min}, got ${value}`,
    );
  }
}
