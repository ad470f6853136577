/**
 * Which parts of a trial its engine cannot run (core/catalog/engines.ts): the method, the model
 * family, or one option value. `check` reports these as `not-runnable` warnings and `peft run`
 * refuses such trials before any starts; both read this one function.
 */
import {
  checkpointSupport,
  corpusSupport,
  engineOf,
  getMethod,
  getModelFamily,
  unsupportedOptions,
  withDefaults,
  type Engine,
} from '../catalog';
import type { PlanValue, TrialConfig } from '../types/plan';

export interface Refusal {
  engine: Engine;
  /** What cannot run: the adapter's method, the model family, one adapter option, or checkpoints. */
  what: 'method' | 'model' | 'corpus' | 'option' | 'checkpoint';
  /** The option (with `key` for one key of a map option) when `what` is 'option'. */
  param?: string;
  key?: string;
  /** The corpus when `what` is 'corpus'. */
  corpus?: string;
  /** One sentence: what does not run on which engine, why, and what to write instead. */
  message: string;
  /** Nearest runnable alternative: a method/family name, or the option's value (undefined + option: remove it). */
  instead?: PlanValue;
}

/** Catalog defaults per method, built once: this runs for every trial of every analysis. */
const DEFAULTS = new Map<string, Readonly<Record<string, PlanValue | undefined>>>();
function defaultsOf(method: string): Readonly<Record<string, PlanValue | undefined>> {
  let d = DEFAULTS.get(method);
  if (!d) DEFAULTS.set(method, (d = withDefaults('adapter', method, {})));
  return d;
}

const show = (v: PlanValue): string => (typeof v === 'string' ? `"${v}"` : JSON.stringify(v));

/**
 * Everything in `config` that the engine selected by its backend cannot run ([] = it runs);
 * `checkpointed` (the trial asks for `checkpoint_every`) also asks whether the engine saves
 * checkpoints for the trial's method.
 */
export function trialRefusals(config: TrialConfig, checkpointed = false): Refusal[] {
  const engine = engineOf(config.backend);
  const out: Refusal[] = [];
  if (checkpointed) {
    const ck = checkpointSupport(config.adapter.method, engine);
    if (!ck.runs)
      out.push({
        engine,
        what: 'checkpoint',
        param: 'checkpoint_every',
        message: `checkpoint_every does not run on the ${engine} engine for '${config.adapter.method}': ${ck.reason}; remove checkpoint_every.`,
      });
  }
  const family = getModelFamily(config.model.family)?.engines[engine];
  if (family && !family.runs) {
    out.push({
      engine,
      what: 'model',
      message: `Model family '${config.model.family}' does not run on the ${engine} engine: ${family.reason}${family.instead ? `; use ${family.instead}` : ''}.`,
      ...(family.instead ? { instead: family.instead } : {}),
    });
  }
  const corpus = corpusSupport(config.data.corpus, engine);
  if (corpus.runs && corpus.families && !corpus.families.includes(config.model.family)) {
    out.push({
      engine,
      what: 'corpus',
      corpus: config.data.corpus,
      message: `Corpus '${config.data.corpus}' runs on the ${engine} engine only for ${corpus.families.join(', ')} models, not ${config.model.family}.`,
    });
  }
  if (!corpus.runs) {
    out.push({
      engine,
      what: 'corpus',
      corpus: config.data.corpus,
      message: `Corpus '${config.data.corpus}' does not run on the ${engine} engine: ${corpus.reason}${corpus.instead ? `; use "${corpus.instead}"` : ''}.`,
      ...(corpus.instead ? { instead: corpus.instead } : {}),
    });
  }
  const method = getMethod(config.adapter.method);
  if (!method) return out;
  const support = method.engines[engine];
  if (!support.runs) {
    out.push({
      engine,
      what: 'method',
      message: `'${method.name}' does not run on the ${engine} engine: ${support.reason}${support.instead ? `; use ${support.instead}` : ''}.`,
      ...(support.instead ? { instead: support.instead } : {}),
    });
    return out;
  }
  if (support.families && !support.families.includes(config.model.family)) {
    const instead = method.family === 'lora' && method.name !== 'lora' ? 'lora' : undefined;
    out.push({
      engine,
      what: 'method',
      message: `'${method.name}' runs on the ${engine} engine only for ${support.families.join(', ')} models, not ${config.model.family}${instead ? `; use ${instead}` : ''}.`,
      ...(instead ? { instead } : {}),
    });
    return out;
  }
  for (const u of unsupportedOptions(
    support,
    config.adapter.params,
    defaultsOf(method.name),
    config.model.family,
  )) {
    const name = u.key !== undefined ? `${u.param}.${u.key}` : u.param;
    const fix = u.instead !== undefined ? `set ${name} = ${show(u.instead)}` : `remove ${name}`;
    out.push({
      engine,
      what: 'option',
      param: u.param,
      ...(u.key !== undefined ? { key: u.key } : {}),
      message: `${method.name} ${name} = ${show(u.value)} does not run on the ${engine} engine: ${u.reason}; ${fix}.`,
      ...(u.instead !== undefined ? { instead: u.instead } : {}),
    });
  }
  return out;
}
