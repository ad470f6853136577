/**
 * Where a tfjs trial starts (docs/checkpoints.md): from its own newest valid checkpoint (a trial
 * interrupted by kill -9, a lost node or a cancel), else from its WSD leader's checkpoint at the
 * branch point, else from step 0. Damaged checkpoints are skipped with a counted warning and the
 * previous one is used. The metrics file is reopened to match the starting step, so no step is
 * recorded twice.
 */
import type { Trial, TrialCheckpointing, BranchPoint } from '../../core/types/plan';
import {
  copyMetricsPrefix,
  latestCheckpoint,
  pruneCheckpoints,
  reopenMetricsAt,
  trialDir,
  writeCheckpoint,
  type Checkpoint,
  type MetricsWriter,
} from '../../store';

export interface StartingPoint {
  resume?: Checkpoint;
  /** The metrics writer matching the start (absent: a fresh file from step 0). */
  metrics?: MetricsWriter;
  resumedFrom?: number;
  branchedFrom?: BranchPoint;
  /** Checkpoints skipped as damaged on the way. */
  skipped: number;
}

/** Finds the trial's starting checkpoint and opens its metrics accordingly. */
export function startingPoint(
  root: string,
  trial: Trial,
  log?: (line: string) => void,
): StartingPoint {
  const exp = trial.config.experiment;
  const dir = trialDir(root, exp, trial.id);
  const warn = (lines: string[]): number => {
    for (const l of lines) log?.(`warning: ${l}`);
    return lines.length;
  };
  // A checkpoint at the last step would leave nothing to train (and the final eval undone).
  const own = latestCheckpoint(dir, trial.id, { maxStep: trial.config.steps - 1 });
  let skipped = warn(own.warnings);
  if (own.checkpoint) {
    const step = own.checkpoint.step;
    return {
      resume: own.checkpoint,
      metrics: reopenMetricsAt(root, exp, trial.id, step),
      resumedFrom: step,
      branchedFrom:
        trial.branchFrom && step >= trial.branchFrom.step ? trial.branchFrom : undefined,
      skipped,
    };
  }
  const b = trial.branchFrom;
  if (b) {
    const lead = latestCheckpoint(trialDir(root, exp, b.trial), b.trial, { step: b.step });
    skipped += warn(lead.warnings);
    if (lead.checkpoint)
      return {
        resume: lead.checkpoint,
        metrics: copyMetricsPrefix(root, exp, b.trial, trial.id, b.step),
        branchedFrom: b,
        skipped,
      };
    log?.(
      `trial ${trial.id}: no checkpoint of trial ${b.trial} at step ${b.step}; training from step 0`,
    );
  }
  return { skipped };
}

/**
 * Saves one checkpoint: the metrics buffered so far first (so the curve on disk reaches the
 * checkpoint's step), then the file, then the older ones beyond `keep` are deleted. A checkpoint
 * that cannot be written (too large, disk full) is reported and training goes on.
 */
export function saveCheckpoint(
  dir: string,
  c: Checkpoint,
  metrics: MetricsWriter,
  plan: TrialCheckpointing | undefined,
  log?: (line: string) => void,
): void {
  try {
    metrics.flush();
    writeCheckpoint(dir, c);
    pruneCheckpoints(dir, plan?.keep ?? 1, plan?.at ?? []);
  } catch (err) {
    log?.(
      `warning: checkpoint at step ${c.step} not saved: ${err instanceof Error ? err.message : String(err)}`,
    );
  }
}
