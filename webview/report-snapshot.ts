/**
 * Builds the report's `init` message from what the run store holds. Pure: the CLI command does
 * the reading and passes the parsed files in; anything malformed is skipped, not fatal, because a
 * report of a half-finished or crashed sweep is still worth sharing.
 */
import type { MetricRecord, TrialStatus } from '../core/protocol';
import type { Trial } from '../core/types/plan';
import type { FitsFile } from '../core/laws/types';
import type { FitView, TrialView } from './model';
import type { HostMessage } from './protocol';
import { WEBVIEW_PROTOCOL_VERSION } from './protocol';
import { applyStatus, seriesFromRecords, trialView } from './adapters';
import { fitView } from './fit-adapter';
import { isRecord, isTrialId } from './guards';

export interface StoredTrial {
  /** The trial folder's name (its id). */
  id: string;
  /** trial.json, parsed (unknown shape until checked). */
  trial: unknown;
  status?: unknown;
  records: MetricRecord[];
}

/** True when `v` looks like a core/plan Trial (enough for trialView to read it). */
export function isTrial(v: unknown): v is Trial {
  return (
    isRecord(v) &&
    isTrialId(v.id) &&
    typeof v.run === 'string' &&
    isRecord(v.axes) &&
    isRecord(v.config) &&
    isRecord(v.estimates) &&
    isRecord(v.config.adapter) &&
    isRecord(v.config.model) &&
    isRecord(v.config.data) &&
    isRecord(v.config.optimizer) &&
    isRecord(v.config.schedule)
  );
}

function isStatus(v: unknown): v is TrialStatus {
  return isRecord(v) && typeof v.state === 'string';
}

/** Parses one metrics.jsonl text: one record per line; torn or malformed lines are skipped. */
export function parseMetricsJsonl(text: string): MetricRecord[] {
  const out: MetricRecord[] = [];
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    let r: unknown;
    try {
      r = JSON.parse(line);
    } catch {
      continue;
    }
    if (!isRecord(r) || typeof r.step !== 'number') continue;
    if (r.kind === 'train' && typeof r.loss === 'number') out.push(r as unknown as MetricRecord);
    else if (r.kind === 'eval' && isRecord(r.metrics)) out.push(r as unknown as MetricRecord);
  }
  return out;
}

/** Fits from fits.json; a file of another shape yields no fits. */
export function fitViews(fits: unknown): FitView[] {
  if (!isRecord(fits) || !Array.isArray(fits.fits)) return [];
  return (fits as unknown as FitsFile).fits
    .filter((f) => isRecord(f) && typeof f.law === 'string' && Array.isArray(f.points))
    .map(fitView);
}

export interface ReportInput {
  experiment: string;
  trials: StoredTrial[];
  fits?: unknown;
  generated: string;
  metric?: string;
}

/** The `init` message of a report: every readable trial, its points, and the fits. */
export function reportMessage(input: ReportInput): HostMessage {
  const metric = input.metric ?? 'eval_loss';
  const trials: TrialView[] = [];
  const series = [];
  for (const t of input.trials) {
    if (!isTrialId(t.id)) continue;
    const status = isStatus(t.status) ? t.status : undefined;
    const view = isTrial(t.trial)
      ? trialView(t.trial, status)
      : applyStatus(
          {
            id: t.id,
            run: 'unknown',
            index: trials.length,
            label: t.id,
            axes: {},
            config: {},
            state: 'queued',
          },
          status,
        );
    trials.push(view);
    if (t.records.length) series.push(seriesFromRecords(view.id, t.records, metric));
  }
  trials.sort((a, b) => a.run.localeCompare(b.run) || a.index - b.index);
  return {
    type: 'init',
    v: WEBVIEW_PROTOCOL_VERSION,
    view: 'report',
    snapshot: {
      experiment: input.experiment,
      metric,
      trials,
      series,
      fits: fitViews(input.fits),
      generated: input.generated,
    },
  };
}
