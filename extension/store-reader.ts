/**
 * The run store as the Runs view and the chart panels see it, through store/'s readers
 * (the one reader of the public format, docs/run-store.md). `root` is the folder holding the
 * `.peft` file; the store is `<root>/.peft/runs/<experiment>/<trial-id>/`.
 */
import type { Trial } from '../core/types/plan';
import type { TrialStatus } from '../core/protocol';
import { fitsPath } from '../store/fits';
import {
  damageNote,
  listExperiments,
  readExperiment as readStoreExperiment,
  readExperimentWithMetrics,
  readJson,
  readTrialDamage,
  trialDir,
} from '../store';
import type { StoredTrial } from '../webview/report-snapshot';

export interface StoreTrial {
  experiment: string;
  dir: string;
  trial: Trial;
  status: TrialStatus;
  /** What the readers skipped as damaged (a damaged status.json reads as queued); metrics.jsonl is not read here. */
  damage?: string;
}

/** Every trial with a trial.json, across the experiments of one store root. */
export function readStoreTrials(root: string): StoreTrial[] {
  const out: StoreTrial[] = [];
  for (const experiment of listExperiments(root)) {
    for (const entry of readStoreExperiment(root, experiment)) {
      if (!entry.trial) continue;
      // Cheap enough for a view that refreshes often: status.json is checked, metrics.jsonl is not read.
      const damage = entry.status
        ? undefined
        : damageNote(readTrialDamage(root, experiment, entry.id, { metrics: false }));
      out.push({
        experiment,
        dir: trialDir(root, experiment, entry.id),
        trial: entry.trial,
        status: entry.status ?? { state: 'queued', updated: '' },
        ...(damage ? { damage } : {}),
      });
    }
  }
  return out.sort(
    (a, b) => a.trial.run.localeCompare(b.trial.run) || a.trial.index - b.trial.index,
  );
}

/** One experiment's trials with their metrics, and fits.json, for the webview's snapshot builder. */
export function readExperiment(
  root: string,
  experiment: string,
): { trials: StoredTrial[]; fits: unknown } {
  return {
    trials: readExperimentWithMetrics(root, experiment),
    fits: readJson(fitsPath(root, experiment)),
  };
}
