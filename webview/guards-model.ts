/**
 * Parsers for the view model (webview/model.ts) from untrusted JSON. Each returns a fresh value
 * holding only known fields, or an error naming the path of the first bad value.
 */
import type { FitView, SeriesDelta, Snapshot, TrialView } from './model';
import { TRIAL_STATES, type TrialState } from '../core/protocol';
import {
  isFiniteNumber,
  isRecord,
  isTrialId,
  numberColumn,
  numberRecord,
  optionalNumber,
  scalarRecord,
  type Parsed,
} from './guards';
import { parseFit } from './guards-fit';

const TRAIN_KEYS = ['step', 'loss', 'tokens', 'flops', 'wall'] as const;
const EVAL_KEYS = ['step', 'tokens', 'flops', 'wall', 'value'] as const;

export function parseTrial(v: unknown): Parsed<TrialView> {
  if (!isRecord(v)) return { ok: false, error: 'trial is not an object' };
  if (!isTrialId(v.id)) return { ok: false, error: `trial id is invalid: ${JSON.stringify(v.id)}` };
  const where = `trial ${v.id}`;
  if (typeof v.run !== 'string') return { ok: false, error: `${where}: run is not a string` };
  if (!TRIAL_STATES.includes(v.state as TrialState))
    return { ok: false, error: `${where}: unknown state ${JSON.stringify(v.state)}` };
  const axes = scalarRecord(v.axes, `${where}.axes`);
  if (!axes.ok) return axes;
  const config = scalarRecord(v.config, `${where}.config`);
  if (!config.ok) return config;
  const trial: TrialView = {
    id: v.id,
    run: v.run,
    index: isFiniteNumber(v.index) ? v.index : 0,
    label: typeof v.label === 'string' ? v.label : v.id,
    axes: axes.value,
    config: config.value,
    state: v.state as TrialState,
  };
  if (v.final !== undefined) {
    const final = numberRecord(v.final, `${where}.final`);
    if (!final.ok) return final;
    trial.final = final.value;
  }
  for (const key of [
    'trainableParams',
    'trainFlops',
    'tokens',
    'wallSeconds',
    'stoppedAt',
  ] as const) {
    const n = optionalNumber(v[key], `${where}.${key}`);
    if (!n.ok) return n;
    if (n.value !== undefined) trial[key] = n.value;
  }
  if (typeof v.backend === 'string') trial.backend = v.backend;
  if (typeof v.error === 'string') trial.error = v.error;
  return { ok: true, value: trial };
}

function columns<K extends string>(
  v: unknown,
  keys: readonly K[],
  where: string,
): Parsed<Record<K, number[]>> {
  if (!isRecord(v)) return { ok: false, error: `${where} is not an object` };
  const out = {} as Record<K, number[]>;
  let length = -1;
  for (const key of keys) {
    const col = numberColumn(v[key], `${where}.${key}`);
    if (!col.ok) return col;
    if (length >= 0 && col.value.length !== length) {
      return {
        ok: false,
        error: `${where}.${key} has ${col.value.length} values, expected ${length}`,
      };
    }
    length = col.value.length;
    out[key] = col.value;
  }
  return { ok: true, value: out };
}

export function parseSeriesDelta(v: unknown): Parsed<SeriesDelta> {
  if (!isRecord(v)) return { ok: false, error: 'series entry is not an object' };
  if (!isTrialId(v.id))
    return { ok: false, error: `series id is invalid: ${JSON.stringify(v.id)}` };
  const train = columns(v.train, TRAIN_KEYS, `series ${v.id}.train`);
  if (!train.ok) return train;
  const delta: SeriesDelta = { id: v.id, train: train.value };
  if (v.eval !== undefined) {
    const ev = columns(v.eval, EVAL_KEYS, `series ${v.id}.eval`);
    if (!ev.ok) return ev;
    delta.eval = ev.value;
  }
  return { ok: true, value: delta };
}

function list<T>(v: unknown, what: string, item: (x: unknown) => Parsed<T>): Parsed<T[]> {
  if (!Array.isArray(v)) return { ok: false, error: `${what} is not an array` };
  const out: T[] = [];
  for (let i = 0; i < v.length; i++) {
    const r = item(v[i]);
    if (!r.ok) return { ok: false, error: `${what}[${i}]: ${r.error}` };
    out.push(r.value);
  }
  return { ok: true, value: out };
}

export const parseSeries = (v: unknown): Parsed<SeriesDelta[]> =>
  list(v, 'series', parseSeriesDelta);
export const parseFits = (v: unknown): Parsed<FitView[]> => list(v, 'fits', parseFit);

export function parseSnapshot(v: unknown): Parsed<Snapshot> {
  if (!isRecord(v)) return { ok: false, error: 'snapshot is not an object' };
  if (typeof v.experiment !== 'string')
    return { ok: false, error: 'snapshot.experiment is not a string' };
  const trials = list(v.trials, 'trials', parseTrial);
  if (!trials.ok) return trials;
  const series = parseSeries(v.series ?? []);
  if (!series.ok) return series;
  const fits = parseFits(v.fits ?? []);
  if (!fits.ok) return fits;
  const snapshot: Snapshot = {
    experiment: v.experiment,
    metric: typeof v.metric === 'string' ? v.metric : 'eval_loss',
    trials: trials.value,
    series: series.value,
    fits: fits.value,
  };
  if (typeof v.generated === 'string') snapshot.generated = v.generated;
  return { ok: true, value: snapshot };
}
