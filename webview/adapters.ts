/**
 * Maps the run store's types (core/plan Trial, core/protocol MetricRecord, TrialStatus, RunEvent)
 * to the webview's view model and messages. Used by the hosts (report command, extension); pure.
 */
import type { MetricRecord, PlannedTrialSummary, RunEvent, TrialStatus } from '../core/protocol';
import type { PlanValue, Trial } from '../core/types/plan';
import type { Scalar, SeriesDelta, TrialView } from './model';
import { emptyEval, emptyTrain } from './series-store';

function scalar(v: PlanValue | undefined): Scalar {
  if (v === undefined) return null;
  if (v === null || typeof v === 'string' || typeof v === 'boolean') return v;
  if (typeof v === 'number') return Number.isFinite(v) ? v : null;
  return JSON.stringify(v);
}

function scalars(record: Record<string, PlanValue>): Record<string, Scalar> {
  return Object.fromEntries(Object.entries(record).map(([k, v]) => [k, scalar(v)]));
}

/** "lora rank=8 lr=0.0001": the method, then the swept axes. */
export function trialLabel(method: string | undefined, axes: Record<string, Scalar>): string {
  const parts = Object.entries(axes).map(([k, v]) => `${k}=${v === null ? '—' : String(v)}`);
  return [method, ...parts].filter(Boolean).join(' ') || 'trial';
}

/** A planned trial (with its status when known) as shown in labels, tooltips and the table. */
export function trialView(trial: Trial, status?: TrialStatus): TrialView {
  const c = trial.config;
  const axes = scalars(trial.axes);
  const config: Record<string, Scalar> = {
    method: c.adapter.method,
    ...Object.fromEntries(
      Object.entries(c.adapter.params).map(([k, v]) => [`adapter.${k}`, scalar(v)]),
    ),
    model: c.model.name,
    data: c.data.name,
    optimizer: c.optimizer.name,
    schedule: c.schedule.name,
    batch: c.batch,
    steps: c.steps,
    seed: c.seed,
  };
  const view: TrialView = {
    id: trial.id,
    run: trial.run,
    index: trial.index,
    label: trialLabel(c.adapter.method, axes),
    axes,
    config,
    state: status?.state ?? 'queued',
    trainableParams: trial.estimates.trainableParams,
    trainFlops: trial.estimates.trainFlops,
    tokens: trial.estimates.tokens,
  };
  applyStatus(view, status);
  return view;
}

/** A trial known only from a `plan` event (the extension's view before trial.json is read). */
export function plannedTrialView(t: PlannedTrialSummary): TrialView {
  const axes = scalars(t.axes as Record<string, PlanValue>);
  return {
    id: t.id,
    run: t.run,
    index: 0,
    label: trialLabel(undefined, axes) || t.id,
    axes,
    config: {},
    state: t.cached ? (t.state ?? 'done') : 'queued',
  };
}

export function applyStatus(view: TrialView, status: TrialStatus | undefined): TrialView {
  if (!status) return view;
  view.state = status.state;
  if ((status.state === 'pruned' || status.state === 'diverged') && status.step !== undefined)
    view.stoppedAt = status.step;
  if (status.final) view.final = { ...status.final };
  if (status.wallSeconds !== undefined) view.wallSeconds = status.wallSeconds;
  if (status.backend !== undefined) view.backend = status.backend;
  if (status.error !== undefined) view.error = status.error;
  return view;
}

/** A trial's metrics.jsonl records as one delta; eval values are `metrics[metric]`. */
export function seriesFromRecords(
  id: string,
  records: readonly MetricRecord[],
  metric = 'eval_loss',
): SeriesDelta {
  const train = emptyTrain();
  const ev = emptyEval();
  for (const r of records) {
    if (r.kind === 'train') {
      train.step.push(r.step);
      train.loss.push(r.loss);
      train.tokens.push(r.tokens);
      train.flops.push(r.flops);
      train.wall.push(r.wall);
    } else {
      const value = r.metrics[metric];
      if (value === undefined) continue;
      ev.step.push(r.step);
      ev.tokens.push(r.tokens);
      ev.flops.push(r.flops);
      ev.wall.push(r.wall);
      ev.value.push(value);
    }
  }
  return ev.step.length ? { id, train, eval: ev } : { id, train };
}

/** A `metric` or `eval` run event as a metrics record (other events: undefined). */
export function recordFromEvent(event: RunEvent): { id: string; record: MetricRecord } | undefined {
  if (event.type === 'metric') {
    const { type: _t, id, ...rest } = event;
    return { id, record: { kind: 'train', ...rest } };
  }
  if (event.type === 'eval') {
    const { type: _t, id, ...rest } = event;
    return { id, record: { kind: 'eval', ...rest } };
  }
  return undefined;
}
