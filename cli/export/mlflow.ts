/**
 * MLflow file-store layout (what `mlflow ui --backend-store-uri ./mlruns` reads):
 *   mlruns/<exp-id>/meta.yaml
 *   mlruns/<exp-id>/<run-id>/meta.yaml, metrics/<key> ("<ms> <value> <step>" lines),
 *   params/<key> (the value), tags/<key> (mlflow.runName …), artifacts/
 * Run ids are the trial ids (they match MLflow's `^[a-zA-Z0-9][\w\-]{0,255}$`); status follows
 * MLflow's RunStatus (RUNNING 1, SCHEDULED 2, FINISHED 3, FAILED 4, KILLED 5).
 */
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { MetricRecord, TrialStatus } from '../../core/protocol';
import type { PlanValue, Trial } from '../../core/types/plan';
import { emitYaml } from '../../core/interop/yaml';

export interface MlflowTrial {
  trial: Trial;
  status?: TrialStatus;
  records: readonly MetricRecord[];
}

const RUN_STATUS: Record<string, number> = {
  running: 1,
  queued: 2,
  pending: 2,
  done: 3,
  failed: 4,
  diverged: 4,
  cancelled: 5,
  // MLflow has no "pruned": a trial stopped on purpose reads as KILLED, like a cancel.
  pruned: 5,
};

/** Flattens a trial's config into MLflow params (`adapter.r`, `model.width`, `batch` …). */
export function trialParams(t: Trial): Record<string, string> {
  const out: Record<string, string> = {};
  const put = (k: string, v: PlanValue | undefined) => {
    if (v === undefined) return;
    out[k] = typeof v === 'string' ? v : JSON.stringify(v);
  };
  const c = t.config;
  put('model.family', c.model.family);
  for (const [k, v] of Object.entries(c.model.params)) put(`model.${k}`, v);
  put('adapter.method', c.adapter.method);
  for (const [k, v] of Object.entries(c.adapter.params)) put(`adapter.${k}`, v);
  put('optimizer', c.optimizer.name);
  for (const [k, v] of Object.entries(c.optimizer.params)) put(`optimizer.${k}`, v);
  put('schedule', c.schedule.name);
  put('data.corpus', c.data.corpus);
  for (const k of ['batch', 'steps', 'seed'] as const) put(k, c[k]);
  put('trainable_params', t.estimates.trainableParams);
  return out;
}

/** Next free numeric experiment id in `mlruns` (0 is MLflow's Default experiment). */
function nextExperimentId(root: string): string {
  const ids = existsSync(root)
    ? readdirSync(root)
        .filter((n) => /^\d+$/.test(n))
        .map(Number)
    : [];
  return String(Math.max(0, ...ids) + 1);
}

/**
 * Writes one MLflow experiment named `experiment` with a run per trial under `mlrunsDir`; returns
 * the experiment id. `now` (ms) stamps creation; runs start at `now` and end at now + wall time.
 */
export function writeMlflow(
  mlrunsDir: string,
  experiment: string,
  trials: readonly MlflowTrial[],
  now: number,
  user = 'peft-lab',
): string {
  const root = resolve(mlrunsDir);
  const expId = nextExperimentId(root);
  const expDir = join(root, expId);
  mkdirSync(expDir, { recursive: true });
  writeFileSync(
    join(expDir, 'meta.yaml'),
    emitYaml({
      artifact_location: pathToFileURL(expDir).href,
      creation_time: now,
      experiment_id: expId,
      last_update_time: now,
      lifecycle_stage: 'active',
      name: experiment,
    }).replace(/^experiment_id: (\d+)$/m, "experiment_id: '$1'"),
  );
  for (const { trial, status, records } of trials) {
    const dir = join(expDir, trial.id);
    for (const sub of ['metrics', 'params', 'tags', 'artifacts'])
      mkdirSync(join(dir, sub), { recursive: true });
    const last = records.length ? records[records.length - 1]!.wall : 0;
    const end = now + Math.round((status?.wallSeconds ?? last) * 1000);
    const runName = `${trial.run}-${trial.index}`;
    writeFileSync(
      join(dir, 'meta.yaml'),
      emitYaml({
        artifact_uri: pathToFileURL(join(dir, 'artifacts')).href,
        end_time: end,
        entry_point_name: '',
        experiment_id: expId,
        lifecycle_stage: 'active',
        run_id: trial.id,
        run_name: runName,
        run_uuid: trial.id,
        source_name: '',
        source_type: 4,
        source_version: '',
        start_time: now,
        status: RUN_STATUS[status?.state ?? ''] ?? 2,
        tags: [],
        user_id: user,
      }).replace(/^experiment_id: (\d+)$/m, "experiment_id: '$1'"),
    );
    const lines = new Map<string, string[]>();
    const add = (k: string, v: number, step: number, wall: number) => {
      if (!Number.isFinite(v)) return;
      const l = lines.get(k) ?? [];
      l.push(`${now + Math.round(wall * 1000)} ${v} ${step}`);
      lines.set(k, l);
    };
    for (const r of records) {
      if (r.kind === 'train') {
        add('train_loss', r.loss, r.step, r.wall);
        add('lr', r.lr, r.step, r.wall);
        add('grad_norm', r.gradNorm, r.step, r.wall);
      } else for (const [k, v] of Object.entries(r.metrics)) add(k, v, r.step, r.wall);
    }
    for (const [k, l] of lines) writeFileSync(join(dir, 'metrics', k), l.join('\n') + '\n');
    for (const [k, v] of Object.entries(trialParams(trial)))
      writeFileSync(join(dir, 'params', k), v);
    const tags: Record<string, string> = {
      'mlflow.runName': runName,
      'mlflow.user': user,
      'mlflow.source.type': 'LOCAL',
      'peft.trial_id': trial.id,
      'peft.run': trial.run,
    };
    for (const [k, v] of Object.entries(trial.axes))
      tags[`peft.axis.${k}`] = typeof v === 'string' ? v : JSON.stringify(v);
    for (const [k, v] of Object.entries(tags)) writeFileSync(join(dir, 'tags', k), v);
  }
  return expId;
}
