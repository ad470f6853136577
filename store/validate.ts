/**
 * Field-by-field checks of what the store's readers parse. Store files live in the workspace and
 * may be damaged by a crash, an old version, a hand edit or a hostile repository; readers keep what
 * is well-formed and drop the rest (docs/run-store.md), so no command dies on `"error": 42`.
 * JSON has no NaN: a diverged trial's losses are stored as null and read back as NaN.
 */
import type { FitsFile, LawFit } from '../core/laws/types';
import {
  TRIAL_STATES,
  type BackendDevice,
  type MetricRecord,
  type TrialState,
  type TrialStatus,
} from '../core/protocol';

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
/** A number, or NaN for null (how JSON stores NaN/±Infinity); undefined for anything else. */
const num = (v: unknown): number | undefined =>
  typeof v === 'number' ? v : v === null ? NaN : undefined;

/**
 * Stores written before the metric took the catalog's name (`metric = eval_accuracy`) recorded a
 * classifier's accuracy as `accuracy`; reading it under the catalog's name keeps their laws and views.
 */
const LEGACY_METRIC_NAMES: Readonly<Record<string, string>> = { accuracy: 'eval_accuracy' };

/** Named numbers (`final`, eval `metrics`): entries that are not numbers or null are dropped. */
function numbers(v: unknown): Record<string, number> | undefined {
  if (!isObject(v)) return undefined;
  const out: Record<string, number> = {};
  for (const [k, x] of Object.entries(v)) {
    const n = num(x);
    if (n === undefined) continue;
    const name = LEGACY_METRIC_NAMES[k] ?? k;
    if (name === k || !(name in v)) out[name] = n;
  }
  return out;
}

/** A status.json value, or undefined when its state is missing or unknown. */
/** A GPU backend's device (core/protocol.ts BackendDevice): string fields and the software flag. */
function validDevice(v: unknown): BackendDevice | undefined {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return undefined;
  const d = v as Record<string, unknown>;
  if (typeof d['adapter'] !== 'string' || typeof d['software'] !== 'boolean') return undefined;
  const out: BackendDevice = { adapter: d['adapter'], software: d['software'] };
  for (const k of ['vendor', 'architecture', 'device'] as const) {
    const x = d[k];
    if (typeof x === 'string') out[k] = x;
  }
  return out;
}

export function validStatus(v: unknown): TrialStatus | undefined {
  if (!isObject(v) || !TRIAL_STATES.includes(v['state'] as TrialState)) return undefined;
  const s: TrialStatus = {
    state: v['state'] as TrialState,
    updated: typeof v['updated'] === 'string' ? v['updated'] : '',
  };
  if (typeof v['error'] === 'string') s.error = v['error'];
  if (typeof v['step'] === 'number') s.step = v['step'];
  const final = numbers(v['final']);
  if (final) s.final = final;
  if (typeof v['backend'] === 'string') s.backend = v['backend'];
  if (typeof v['wallSeconds'] === 'number') s.wallSeconds = v['wallSeconds'];
  const device = validDevice(v['device']);
  if (device) s.device = device;
  return s;
}

/** One metrics.jsonl record, or undefined when it lacks its kind's fields. */
export function validRecord(v: unknown): MetricRecord | undefined {
  if (!isObject(v) || typeof v['step'] !== 'number') return undefined;
  const n = (k: string): number => num(v[k]) ?? NaN;
  if (v['kind'] === 'train') {
    return {
      kind: 'train',
      step: v['step'],
      loss: n('loss'),
      lr: n('lr'),
      tokens: n('tokens'),
      flops: n('flops'),
      wall: n('wall'),
      gradNorm: n('gradNorm'),
      tokensPerSec: n('tokensPerSec'),
    };
  }
  if (v['kind'] === 'eval') {
    const metrics = numbers(v['metrics']);
    if (!metrics) return undefined;
    return {
      kind: 'eval',
      step: v['step'],
      tokens: n('tokens'),
      flops: n('flops'),
      wall: n('wall'),
      metrics,
    };
  }
  return undefined;
}

/** A fit read from fits.json, or undefined when its required fields are missing (the caller counts it as skipped). */
export function validFit(v: unknown): LawFit | undefined {
  if (
    !isObject(v) ||
    typeof v['law'] !== 'string' ||
    typeof v['form'] !== 'string' ||
    typeof v['ok'] !== 'boolean'
  )
    return undefined;
  const lists = ['params', 'points', 'predictions', 'diagnostics', 'variables'] as const;
  for (const k of lists) if (v[k] !== undefined && !Array.isArray(v[k])) return undefined;
  if (v['curve'] !== undefined && !Array.isArray(v['curve'])) return undefined;
  const fit = { ...v } as unknown as LawFit;
  fit.params = (fit.params ?? []).filter((p) => isObject(p) && typeof p.name === 'string');
  fit.points = (fit.points ?? []).filter((p) => isObject(p) && Array.isArray(p.x));
  fit.predictions = (fit.predictions ?? []).filter((p) => isObject(p) && isObject(p.point));
  fit.diagnostics = (fit.diagnostics ?? []).filter(
    (d) => isObject(d) && typeof d.message === 'string',
  );
  fit.variables = (fit.variables ?? []).filter((x) => typeof x === 'string');
  if (fit.curve) fit.curve = fit.curve.filter((c) => isObject(c) && Array.isArray(c.x));
  if (!isObject(fit.constants)) fit.constants = {};
  if (!isObject(fit.bootstrap) || !Array.isArray(fit.bootstrap.samples))
    fit.bootstrap = { seed: 0, samples: [] };
  if (typeof fit.expression !== 'string') fit.expression = '';
  if (typeof fit.y !== 'string') fit.y = '';
  if (typeof fit.level !== 'number') fit.level = 0.9;
  if (fit.quality !== undefined && !isObject(fit.quality)) delete fit.quality;
  if (fit.convergence !== undefined && !isObject(fit.convergence)) delete fit.convergence;
  if (fit.computeOptimal !== undefined && !Array.isArray(fit.computeOptimal))
    delete fit.computeOptimal;
  return fit;
}

/** fits.json checked fit by fit: damaged fits are dropped and counted in `skipped`. */
export function validFits(v: unknown): (FitsFile & { skipped: number }) | undefined {
  if (
    !isObject(v) ||
    v['version'] !== 1 ||
    typeof v['experiment'] !== 'string' ||
    !Array.isArray(v['fits'])
  )
    return undefined;
  const fits = v['fits'].map(validFit);
  const kept = fits.filter((f): f is LawFit => f !== undefined);
  return {
    version: 1,
    experiment: v['experiment'],
    created: typeof v['created'] === 'string' ? v['created'] : '',
    fits: kept,
    skipped: fits.length - kept.length,
  };
}
