/**
 * Early stopping inside the process that trains a trial (a local worker or a SLURM task): at every
 * eval report it records the report in the run's journal (store/pruned.ts) and asks the run's
 * pruner (core/search) for a decision over the journal up to that report; `prune` aborts the
 * trainer, which stops before its next step with the curve so far kept. Deciding here, from the
 * shared store, needs no controller process, so local pools and SLURM arrays prune alike, and a
 * decision replays identically after kill -9 (the journal prefix is the whole input).
 */
import type { Trial } from '../../core/types/plan';
import type { MetricRecord } from '../../core/protocol';
import { decideEarlyStop, prunerValue } from '../../core/search/spec';
import {
  appendJournal,
  journalHistory,
  journalPath,
  readJournal,
  reportIndex,
} from '../../store/pruned';

export interface Pruning {
  /** Aborts when the pruner says prune, or when `outer` aborts (a cancel). */
  signal: AbortSignal;
  /** Records an eval report and decides; call after the record is in metrics.jsonl's buffer. */
  report(rec: Extract<MetricRecord, { kind: 'eval' }>): void;
  /** Records the trial's end in the journal (a completed trial is what the median rule compares). */
  end(status: string, step: number): void;
  /** The step the pruner stopped the trial at, or undefined when it did not. */
  prunedAt(): number | undefined;
}

/** A pruning controller for `trial`, or undefined when its run has no early_stop. */
export function createPruning(
  root: string,
  trial: Trial,
  outer: AbortSignal | undefined,
  log: (line: string) => void = () => undefined,
): Pruning | undefined {
  const spec = trial.earlyStop;
  if (!spec) return undefined;
  const path = journalPath(root, trial.config.experiment, trial.run, spec);
  const own = new AbortController();
  const signal = outer ? AbortSignal.any([outer, own.signal]) : own.signal;
  let stoppedAt: number | undefined;
  let broken = false;
  return {
    signal,
    report(rec) {
      if (broken || stoppedAt !== undefined) return;
      try {
        let lines = readJournal(path);
        let at = reportIndex(lines, trial.id, rec.step);
        if (at < 0) {
          appendJournal(path, {
            trial: trial.id,
            step: rec.step,
            value: prunerValue(spec, rec.metrics),
          });
          lines = readJournal(path);
          at = reportIndex(lines, trial.id, rec.step);
        }
        // The last eval ends the trial anyway: there is nothing left to save by pruning it.
        if (at < 0 || rec.step >= trial.config.steps) return;
        if (decideEarlyStop(spec, journalHistory(lines, at), trial.id) !== 'prune') return;
        stoppedAt = rec.step;
        if (!lines.some((l) => l.trial === trial.id && l.end === 'pruned'))
          appendJournal(path, { trial: trial.id, step: rec.step, end: 'pruned' });
        own.abort();
      } catch (err) {
        // A pruner that cannot decide (bad options, unreadable journal) must not fail the trial.
        broken = true;
        log(
          `early_stop disabled for trial ${trial.id}: ${err instanceof Error ? err.message : String(err)}`,
        );
      }
    },
    end(status, step) {
      if (status !== 'done' || broken) return;
      try {
        appendJournal(path, { trial: trial.id, step, end: 'complete' });
      } catch (err) {
        log(`early_stop journal: ${err instanceof Error ? err.message : String(err)}`);
      }
    },
    prunedAt: () => stoppedAt,
  };
}
