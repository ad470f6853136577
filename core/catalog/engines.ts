/**
 * Runnability per engine and per option value. An engine is one training implementation: `tfjs`
 * (the embedded runtime; its wasm/cpu/webgl/webgpu/tensorflow backends share one set of method
 * implementations, so they are one engine) and `torch` (PyTorch + Hugging Face PEFT). Each method
 * and model family declares, per engine, whether it runs at all and which option values do not,
 * with the reason and the nearest runnable alternative. `check` turns a declaration into a
 * `not-runnable` warning with a quick fix, and `peft run` refuses those trials before starting.
 */
import type { PlanValue } from '../types/plan';

export type Engine = 'tfjs' | 'torch';
export const ENGINES: readonly Engine[] = ['tfjs', 'torch'];
/** The engine a run uses when its `backend` names none. */
export const DEFAULT_ENGINE: Engine = 'tfjs';

/** The run-block `backend` values that select the torch engine (every other value is a tfjs backend). */
export const TORCH_BACKENDS: readonly string[] = ['torch'];

/** The engine a run's `backend` value selects (absent: the default engine). */
export function engineOf(backend: PlanValue | undefined): Engine {
  return typeof backend === 'string' && TORCH_BACKENDS.includes(backend) ? 'torch' : DEFAULT_ENGINE;
}

/**
 * Values of one option an engine does not run. Which values: `values` (exact), `pattern` (a
 * full-match regex over string values), `above` (numbers greater than it), or none of these:
 * any written value that differs from the catalog default. `key` narrows a map option to one of
 * its keys (`eva_config.tau`).
 */
export interface Unsupported {
  param: string;
  key?: string;
  values?: readonly PlanValue[];
  pattern?: string;
  above?: number;
  /** Why it does not run, in a sentence (shown in the warning). */
  reason: string;
  /** The nearest runnable alternative: set the option to this value; absent: remove the option. */
  instead?: PlanValue;
  /** Only on these model families (absent: on every family). */
  families?: readonly string[];
}

/** What one engine runs of a method or model family. */
export type Support =
  | {
      runs: true;
      unsupported?: readonly Unsupported[];
      /** Runs only on these model families (absent: every family it runs). */ families?: readonly string[];
    }
  | {
      runs: false;
      reason: string;
      /** Nearest runnable method or family on this engine. */ instead?: string;
    };

export type EngineSupport = Readonly<Record<Engine, Support>>;

/** The whole method runs on this engine with every option value. */
export const RUNS: Support = { runs: true };
/** Placeholder for an engine whose declaration is still being written (the torch backend's). */
export const NOT_YET: Support = {
  runs: false,
  reason: 'the torch engine does not declare this yet',
};

/** A value that matches an Unsupported declaration, or undefined. */
function matches(
  u: Unsupported,
  value: PlanValue | undefined,
  fallback: PlanValue | undefined,
): boolean {
  let v = value;
  if (u.key !== undefined) {
    if (v === null || typeof v !== 'object' || Array.isArray(v)) return false;
    v = (v as Record<string, PlanValue>)[u.key];
  }
  if (v === undefined) return false;
  if (u.values) return u.values.some((x) => x === v);
  if (u.pattern !== undefined)
    return typeof v === 'string' && new RegExp(`^(?:${u.pattern})$`).test(v);
  if (u.above !== undefined) return typeof v === 'number' && v > u.above;
  return u.key !== undefined || JSON.stringify(v) !== JSON.stringify(fallback);
}

/** One option value an engine refuses, located by parameter (and map key). */
export interface NotRunnable {
  param: string;
  key?: string;
  value: PlanValue;
  reason: string;
  instead?: PlanValue;
}

/**
 * The written options (`params`: values as written, not defaults) that `support` does not run.
 * `defaults` gives the catalog default of each option (a value equal to it always runs); `family`
 * (the trial's model family) skips declarations made for other families.
 */
export function unsupportedOptions(
  support: Support,
  params: Readonly<Record<string, PlanValue | undefined>>,
  defaults: Readonly<Record<string, PlanValue | undefined>>,
  family?: string,
): NotRunnable[] {
  if (!support.runs) return [];
  const out: NotRunnable[] = [];
  for (const u of support.unsupported ?? []) {
    if (u.families && family !== undefined && !u.families.includes(family)) continue;
    const v = params[u.param];
    if (v === undefined || !matches(u, v, defaults[u.param])) continue;
    const value = u.key !== undefined ? (v as Record<string, PlanValue>)[u.key]! : v;
    out.push({
      param: u.param,
      ...(u.key !== undefined ? { key: u.key } : {}),
      value,
      reason: u.reason,
      ...(u.instead !== undefined ? { instead: u.instead } : {}),
    });
  }
  return out;
}

/**
 * Whether an engine saves and restores a trial's state between steps (`checkpoint_every`, resume
 * after a crash, WSD branching; docs/checkpoints.md): `engine` for every method, `methods` where a
 * method keeps state outside its variables that a checkpoint does not hold.
 */
export interface CheckpointSupport {
  engine: Support;
  methods?: Readonly<Record<string, Support>>;
}
