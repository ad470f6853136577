/**
 * Reads a run store (`.peft/runs/<experiment>/<trial-id>/`, docs/run-store.md) for the Runs view and
 * the chart panels. Read-only and tolerant: a trial folder with a missing or torn file is shown
 * with what is readable, never an exception.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Trial } from '../core/plan/types';
import type { MetricRecord, TrialStatus } from '../core/protocol';
import { isTrial, parseMetricsJsonl } from '../webview/report-snapshot';
import type { StoredTrial } from '../webview/report-snapshot';

export interface StoreTrial {
  experiment: string;
  dir: string;
  trial: Trial;
  status: TrialStatus;
}

function readJson(file: string): unknown {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch {
    return undefined;
  }
}

function subdirs(dir: string): string[] {
  try {
    return fs.readdirSync(dir, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name);
  } catch {
    return [];
  }
}

/** Every readable trial under a store root (`.peft/runs`), across experiments. */
export function readStoreTrials(root: string): StoreTrial[] {
  const out: StoreTrial[] = [];
  for (const experiment of subdirs(root)) {
    for (const id of subdirs(path.join(root, experiment))) {
      const dir = path.join(root, experiment, id);
      const trial = readJson(path.join(dir, 'trial.json'));
      if (!isTrial(trial)) continue;
      const status = readJson(path.join(dir, 'status.json')) as TrialStatus | undefined;
      out.push({ experiment, dir, trial, status: status?.state ? status : { state: 'queued', updated: '' } });
    }
  }
  return out.sort((a, b) => a.trial.run.localeCompare(b.trial.run) || a.trial.index - b.trial.index);
}

/** One experiment's trials with their metrics, in the shape the webview's snapshot builder takes. */
export function readExperiment(experimentDir: string): { trials: StoredTrial[]; fits: unknown } {
  const trials: StoredTrial[] = [];
  for (const id of subdirs(experimentDir)) {
    const dir = path.join(experimentDir, id);
    let records: MetricRecord[] = [];
    try {
      records = parseMetricsJsonl(fs.readFileSync(path.join(dir, 'metrics.jsonl'), 'utf8'));
    } catch {
      // No metrics yet: the trial is queued or just started.
    }
    trials.push({ id, trial: readJson(path.join(dir, 'trial.json')), status: readJson(path.join(dir, 'status.json')), records });
  }
  return { trials, fits: readJson(path.join(experimentDir, 'fits.json')) };
}
