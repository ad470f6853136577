/**
 * `.peft` adapter ↔ PEFT's adapter_config.json. Field names and values are exactly those PEFT's
 * LoraConfig (and the other PeftConfig classes) read back with `PeftConfig.from_pretrained`:
 * method presets are normalised (dora → LORA + use_dora, pissa → init_lora_weights "pissa"), and
 * every LoraConfig field PEFT writes is present with PEFT's default.
 */
import type { PlanValue, ResolvedAdapter, ResolvedModel } from '../types/plan';
import { getMethod, methods, paramsFor, withDefaults } from '../catalog';

/** Catalog method → PEFT `peft_type` for methods PEFT itself implements (the catalog's `peftType`, presets left out). */
export const PEFT_TYPES: Readonly<Record<string, string>> = Object.fromEntries(
  methods()
    .filter((m) => m.peftType !== undefined && !m.preset)
    .map((m) => [m.name, m.peftType!]),
);

/** LoraConfig fields PEFT writes, with its defaults (PEFT 0.17+; @5d602fd). */
const LORA_DEFAULTS: Readonly<Record<string, PlanValue>> = {
  alpha_pattern: {},
  auto_mapping: null,
  base_model_name_or_path: null,
  bias: 'none',
  exclude_modules: null,
  fan_in_fan_out: false,
  inference_mode: true,
  init_lora_weights: true,
  layer_replication: null,
  layers_pattern: null,
  layers_to_transform: null,
  loftq_config: {},
  lora_alpha: 8,
  lora_bias: false,
  lora_dropout: 0.0,
  megatron_config: null,
  megatron_core: 'megatron.core',
  modules_to_save: null,
  peft_type: 'LORA',
  r: 8,
  rank_pattern: {},
  revision: null,
  target_modules: null,
  task_type: 'CAUSAL_LM',
  use_dora: false,
  use_rslora: false,
};

/** Bookkeeping fields of PeftConfig that have no `.peft` parameter. */
export const PEFT_BOOKKEEPING = new Set([
  'peft_type',
  'task_type',
  'base_model_name_or_path',
  'revision',
  'inference_mode',
  'auto_mapping',
  'megatron_core',
  'peft_version',
]);

/** Fields the runtime uses but PEFT does not have (LoRA+ ratio is an optimizer argument in PEFT). */
const NOT_PEFT = new Set(['loraplus_lr_ratio']);

export interface ExportOptions {
  /** base_model_name_or_path; default: the hf config's folder, else null. */
  baseModel?: string;
  /** The trial's steps: AdaLoRA's total_step when the file leaves it unset (PEFT refuses an AdaLoRA without it). */
  steps?: number;
  /** PEFT task type; default SEQ_CLS for an hf model with task = seq_cls, else CAUSAL_LM. */
  taskType?: string;
}

/** The hf config path's folder ("meta-llama/Llama-2-7b-hf/config.json" → "meta-llama/Llama-2-7b-hf"). */
export function baseModelOf(model: ResolvedModel | undefined): string | null {
  const c = model?.family === 'hf' ? model.params['config'] : undefined;
  if (typeof c !== 'string') return null;
  const dir = c.replace(/\\/g, '/').replace(/\/?config\.json$/, '');
  return dir === '' || dir === c ? null : dir;
}

/**
 * adapter_config.json content for one resolved adapter. Throws an Error naming the method when
 * PEFT has no config type for it (e.g. allora, loldu, hydra), listing the exportable ones.
 */
export function toAdapterConfig(
  adapter: ResolvedAdapter,
  model?: ResolvedModel,
  opts: ExportOptions = {},
): Record<string, PlanValue> {
  const m = getMethod(adapter.method);
  if (!m) throw new Error(`export: unknown method "${adapter.method}"`);
  const baseName = m.preset?.base ?? m.name;
  const peftType = PEFT_TYPES[baseName];
  if (!peftType)
    throw new Error(
      `export: '${adapter.method}' has no PEFT config type; exportable methods: ${Object.keys(PEFT_TYPES).join(', ')} and the LoRA presets (dora, rslora, pissa, olora, eva, …)`,
    );
  const params: Record<string, PlanValue> = { ...(m.preset?.params ?? {}), ...adapter.params };
  for (const k of NOT_PEFT) delete params[k];
  const out: Record<string, PlanValue> = peftType === 'LORA' ? { ...LORA_DEFAULTS } : {};
  for (const [k, v] of Object.entries(params)) out[k] = v;
  if (
    peftType === 'LORA' &&
    out['fan_in_fan_out'] === false &&
    model?.family === 'hf' &&
    targetsConv1d(out['target_modules'])
  )
    out['fan_in_fan_out'] = true;
  if (
    peftType === 'ADALORA' &&
    (out['total_step'] === undefined || out['total_step'] === null) &&
    opts.steps !== undefined
  )
    out['total_step'] = opts.steps;
  out['peft_type'] = peftType;
  out['task_type'] =
    opts.taskType ??
    (model?.family === 'hf' && model.params['task'] === 'seq_cls' ? 'SEQ_CLS' : 'CAUSAL_LM');
  out['base_model_name_or_path'] = opts.baseModel ?? baseModelOf(model);
  return Object.fromEntries(Object.entries(out).sort(([a], [b]) => (a < b ? -1 : 1)));
}

/** GPT-2's Conv1D sites: PEFT warns and sets fan_in_fan_out = True for them; we write it. */
const targetsConv1d = (t: PlanValue | undefined): boolean =>
  (Array.isArray(t) ? t : [t]).some(
    (x) => typeof x === 'string' && /(^|\.)(c_attn|c_proj|c_fc)$/.test(x),
  );

export interface ImportedAdapter {
  method: string;
  /** Params to write (PEFT names), non-default only, plus r/lora_alpha/target_modules always for LoRA. */
  params: Record<string, PlanValue>;
  baseModel?: string;
  /** Fields not carried over (unknown to the catalog), as `name = value`. */
  dropped: string[];
}

const same = (a: PlanValue | undefined, b: PlanValue | undefined): boolean =>
  JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
const empty = (v: PlanValue | undefined): boolean =>
  v === null ||
  v === undefined ||
  (typeof v === 'object' && !Array.isArray(v) && Object.keys(v).length === 0);

/**
 * Reads an adapter_config.json object back into a catalog method and params. LORA stays `lora`
 * (use_dora etc. kept as written, so re-export is identical). Throws for a missing or unsupported
 * peft_type, naming it.
 */
export function fromAdapterConfig(cfg: Record<string, PlanValue>): ImportedAdapter {
  const pt = cfg['peft_type'];
  if (typeof pt !== 'string') throw new Error('adapter_config.json: "peft_type" is missing');
  const method = Object.entries(PEFT_TYPES).find(([, v]) => v === pt)?.[0];
  if (!method || !getMethod(method))
    throw new Error(
      `adapter_config.json: peft_type "${pt}" is not supported; supported: ${Object.values(PEFT_TYPES).join(', ')}`,
    );
  const specs = paramsFor('adapter', method);
  const defaults = withDefaults('adapter', method, {});
  const params: Record<string, PlanValue> = {};
  const dropped: string[] = [];
  for (const [k, v] of Object.entries(cfg)) {
    if (PEFT_BOOKKEEPING.has(k)) continue;
    if (!specs.some((s) => s.name === k)) {
      if (!empty(v) && !same(v, LORA_DEFAULTS[k])) dropped.push(`${k} = ${JSON.stringify(v)}`);
      continue;
    }
    const always = method === 'lora' && ['r', 'lora_alpha', 'target_modules'].includes(k);
    if (!always && (empty(v) || same(v, defaults[k]))) continue;
    params[k] = v;
  }
  const base = cfg['base_model_name_or_path'];
  return {
    method,
    params,
    ...(typeof base === 'string' && base !== '' ? { baseModel: base } : {}),
    dropped,
  };
}
