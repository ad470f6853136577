/**
 * Fits and the run store: read finished trials' final metrics, fit the plan's laws, and save/load
 * `.peft/runs/<experiment>/fits.json` (written by atomic rename, so readers — the language server,
 * the webviews — never see half a file). Used by `peft fit`, by `peft run` after a sweep, and by
 * the editor. Layout (core/protocol.ts): `.peft/runs/<experiment>/<trial-id>/status.json` holds a
 * TrialStatus whose `final` has the metrics of a `done` trial.
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, isAbsolute, join } from 'node:path';
import { fitPlanLaws, reviveFit, type FitPlanOptions, type TrialResults } from '../../core/laws';
import type { FitsFile, LawFit } from '../../core/laws/types';
import type { ExperimentPlan } from '../../core/plan/types';
import type { MetricRecord, TrialStatus } from '../../core/protocol';

/** `<root>/.peft/runs/<experiment>`: `root` is the folder holding the `.peft` file's store. */
export function experimentDir(root: string, experiment: string): string {
  return join(root, '.peft', 'runs', experiment);
}

export function fitsPath(root: string, experiment: string): string {
  return join(experimentDir(root, experiment), 'fits.json');
}

function readJson(path: string): unknown {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as unknown;
  } catch {
    return undefined;
  }
}

function isStatus(v: unknown): v is TrialStatus {
  return typeof v === 'object' && v !== null && typeof (v as { state?: unknown }).state === 'string';
}

/**
 * Final metrics of every `done` trial of `plan` found in the store (trials not run, running,
 * failed or with unreadable status are absent: laws fit what has finished).
 */
export function readTrialResults(root: string, plan: ExperimentPlan): TrialResults {
  const results: TrialResults = {};
  for (const run of plan.runs) {
    for (const t of run.trials) {
      const s = readJson(join(experimentDir(root, plan.experiment), t.id, 'status.json'));
      if (!isStatus(s) || s.state !== 'done' || !s.final) continue;
      const final: Record<string, number> = {};
      for (const [k, v] of Object.entries(s.final)) if (typeof v === 'number') final[k] = v;
      results[t.id] = final;
    }
  }
  return results;
}

/** A trial's metrics.jsonl records (unparsable lines — a torn last line — skipped), or undefined when absent. */
export function readMetrics(root: string, experiment: string, trialId: string): MetricRecord[] | undefined {
  let text: string;
  try {
    text = readFileSync(join(experimentDir(root, experiment), trialId, 'metrics.jsonl'), 'utf8');
  } catch {
    return undefined;
  }
  const out: MetricRecord[] = [];
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    try {
      const r = JSON.parse(line) as MetricRecord;
      if ((r.kind === 'train' || r.kind === 'eval') && typeof r.step === 'number') out.push(r);
    } catch {
      // A line being written when we read: the next fit sees it whole.
    }
  }
  return out;
}

/** Writes fits.json atomically (temp file + rename); creates the folders. Throws on I/O errors. */
export function saveFits(root: string, experiment: string, fits: LawFit[], now: Date = new Date()): FitsFile {
  const file: FitsFile = { version: 1, experiment, created: now.toISOString(), fits };
  const path = fitsPath(root, experiment);
  mkdirSync(dirname(path), { recursive: true });
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, JSON.stringify(file));
  renameSync(tmp, path);
  return file;
}

/** The saved fits of `experiment`, or undefined when there are none or the file is not a FitsFile. */
export function loadFits(root: string, experiment: string): FitsFile | undefined {
  const v = readJson(fitsPath(root, experiment));
  if (typeof v !== 'object' || v === null) return undefined;
  const f = v as Partial<FitsFile>;
  if (f.version !== 1 || !Array.isArray(f.fits) || typeof f.experiment !== 'string') return undefined;
  f.fits.forEach(reviveFit);
  return f as FitsFile;
}

/**
 * Reads results, fits every law of `plan` (CSV paths relative to `root`), saves fits.json, and
 * returns the file written. Bad data gives failed fits with diagnostics, not exceptions.
 */
export function fitAndSave(root: string, plan: ExperimentPlan, options: Omit<FitPlanOptions, 'readCsv' | 'readMetrics'> = {}, now?: Date): FitsFile {
  const readCsv = (path: string): string | undefined => {
    try {
      return readFileSync(isAbsolute(path) ? path : join(root, path), 'utf8');
    } catch {
      return undefined;
    }
  };
  const fits = fitPlanLaws(plan, readTrialResults(root, plan), { ...options, readCsv, readMetrics: (id) => readMetrics(root, plan.experiment, id) });
  return saveFits(root, plan.experiment, fits, now);
}
