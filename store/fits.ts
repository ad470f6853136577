/**
 * Fits and the run store: read finished trials' final metrics, fit the plan's laws, and save/load
 * `.peft/runs/<experiment>/fits.json` (written by atomic rename, so readers — the language server,
 * the webviews — never see half a file). Used by `peft fit`, by `peft run` after a sweep, and by
 * the editor. Trial files are read with store/'s readers (format: docs/run-store.md).
 */
import { join } from 'node:path';
import { fitPlanLaws, reviveFit, type FitPlanOptions, type TrialResults } from '../core/laws';
import type { FitsFile, LawFit } from '../core/laws/types';
import type { ExperimentPlan } from '../core/types/plan';
import type { MetricRecord } from '../core/protocol';
import { confinedResolver, userReadRoots } from './read-confined';
import { validFits } from './validate';
import {
  experimentDir,
  readJson,
  readMetrics as readStoreMetrics,
  readTrialStatus,
  writeAtomic,
} from './';

export function fitsPath(root: string, experiment: string): string {
  return join(experimentDir(root, experiment), 'fits.json');
}

/**
 * Final metrics of every `done` trial of `plan` found in the store (trials not run, running,
 * failed, diverged or with unreadable status are absent: laws fit what has finished well). With
 * `pruned`, trials an early_stop pruner stopped are read too (their metrics at the pruned step)
 * and their ids added to the set, for laws with `include_pruned = true`.
 */
export function readTrialResults(
  root: string,
  plan: ExperimentPlan,
  pruned?: Set<string>,
): TrialResults {
  const results: TrialResults = {};
  for (const run of plan.runs) {
    for (const t of run.trials) {
      let s;
      try {
        s = readTrialStatus(root, plan.experiment, t.id);
      } catch {
        continue; // an id that is not a store id (hand-written plan): no result
      }
      if (s?.state === 'pruned' && pruned && s.final) pruned.add(t.id);
      else if (s?.state !== 'done' || !s.final) continue;
      const final: Record<string, number> = {};
      for (const [k, v] of Object.entries(s.final)) if (typeof v === 'number') final[k] = v;
      results[t.id] = final;
    }
  }
  return results;
}

/** A trial's metrics.jsonl records (torn lines skipped); undefined when it has none or the id is not a store id. */
export function readMetrics(
  root: string,
  experiment: string,
  trialId: string,
): MetricRecord[] | undefined {
  try {
    const records = readStoreMetrics(root, experiment, trialId);
    return records.length ? records : undefined;
  } catch {
    return undefined;
  }
}

/** Writes fits.json atomically (temp file + fsync + rename; creates folders). Throws on I/O errors. */
export function saveFits(
  root: string,
  experiment: string,
  fits: LawFit[],
  now: Date = new Date(),
): FitsFile {
  const file: FitsFile = { version: 1, experiment, created: now.toISOString(), fits };
  writeAtomic(fitsPath(root, experiment), JSON.stringify(file));
  return file;
}

/** The saved fits of `experiment` (NaN restored), or undefined when there are none or the file is not a FitsFile. */
/** fits.json checked fit by fit (store/validate.ts): damaged fits are skipped and counted in `skipped`. */
export function loadFits(
  root: string,
  experiment: string,
): (FitsFile & { skipped: number }) | undefined {
  const f = validFits(readJson(fitsPath(root, experiment)));
  f?.fits.forEach(reviveFit);
  return f;
}

/**
 * Reads results, fits every law of `plan` (CSV paths relative to `root`), saves fits.json, and
 * returns the file written. Bad data gives failed fits with diagnostics, not exceptions.
 */
export function fitAndSave(
  root: string,
  plan: ExperimentPlan,
  options: Omit<FitPlanOptions, 'readCsv' | 'readMetrics'> = {},
  now?: Date,
): FitsFile {
  // Confined like every path a .peft file names (store/read-confined.ts); a refusal becomes a bad-csv diagnostic.
  const readCsv = confinedResolver(root, { roots: [root, process.cwd(), ...userReadRoots()] });
  const pruned = new Set<string>();
  const fits = fitPlanLaws(plan, readTrialResults(root, plan, pruned), {
    ...options,
    pruned,
    readCsv,
    readMetrics: (id) => readMetrics(root, plan.experiment, id),
  });
  return saveFits(root, plan.experiment, fits, now);
}
