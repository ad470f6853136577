/**
 * axolotl and LLaMA-Factory training YAML from one trial, and axolotl/LLaMA-Factory YAML back into
 * PEFT names. Field spellings follow USERS-AND-ANCHORS §5 (axolotl `schemas/peft.py`, LLaMA-Factory
 * `finetuning_args.py`); training fields are the ones both document (sequence length, batch, steps,
 * learning rate, scheduler, seed).
 */
import type { PlanValue, TrialConfig } from '../types/plan';
import { getMethod } from '../catalog';
import { baseModelOf } from './peft-config';
import type { YamlValue } from './yaml';

const SCHEDULERS: Record<string, string> = {
  constant: 'constant',
  cosine: 'cosine',
  linear: 'linear',
  linear_warmup: 'linear',
  wsd: 'warmup_stable_decay',
};

function loraParams(t: TrialConfig): Record<string, PlanValue> {
  const m = getMethod(t.adapter.method);
  if (!m || (m.preset?.base ?? m.name) !== 'lora')
    throw new Error(
      `export: '${t.adapter.method}' is not a LoRA-family method; axolotl and LLaMA-Factory export supports lora, dora, rslora, pissa, olora, …`,
    );
  return { ...(m.preset?.params ?? {}), ...t.adapter.params };
}

const seqLen = (t: TrialConfig): PlanValue => t.model.params['context'] ?? null;
const lr = (t: TrialConfig): PlanValue => t.optimizer.params['lr'] ?? null;
const warmup = (t: TrialConfig): number | undefined =>
  typeof t.schedule.params['warmup'] === 'number' ? t.schedule.params['warmup'] : undefined;
const put = (o: Record<string, YamlValue>, k: string, v: PlanValue | undefined): void => {
  if (v !== undefined && v !== null && !(Array.isArray(v) && v.length === 0)) o[k] = v;
};

/** axolotl config (adapter: lora; lora_r, lora_target_modules or lora_target_linear, peft_* fields). */
export function toAxolotl(t: TrialConfig, baseModel?: string): Record<string, YamlValue> {
  const p = loraParams(t);
  const o: Record<string, YamlValue> = {};
  put(o, 'base_model', baseModel ?? baseModelOf(t.model));
  o['adapter'] = 'lora';
  put(o, 'lora_r', p['r']);
  put(o, 'lora_alpha', p['lora_alpha']);
  put(o, 'lora_dropout', p['lora_dropout']);
  if (p['target_modules'] === 'all-linear') o['lora_target_linear'] = true;
  else put(o, 'lora_target_modules', p['target_modules']);
  if (p['use_dora'] === true) o['peft_use_dora'] = true;
  if (p['use_rslora'] === true) o['peft_use_rslora'] = true;
  if (p['init_lora_weights'] !== undefined && p['init_lora_weights'] !== true)
    put(o, 'peft_init_lora_weights', p['init_lora_weights']);
  put(o, 'peft_layers_to_transform', p['layers_to_transform']);
  put(o, 'peft_layers_pattern', p['layers_pattern']);
  put(o, 'lora_modules_to_save', p['modules_to_save']);
  put(o, 'sequence_len', seqLen(t));
  o['micro_batch_size'] = t.batch;
  o['gradient_accumulation_steps'] = 1;
  o['max_steps'] = t.steps;
  put(o, 'learning_rate', lr(t));
  o['optimizer'] = t.optimizer.name === 'adamw' ? 'adamw_torch' : t.optimizer.name;
  o['lr_scheduler'] = SCHEDULERS[t.schedule.name] ?? t.schedule.name;
  const w = warmup(t);
  if (w !== undefined) o['warmup_ratio'] = w;
  o['seed'] = t.seed;
  return o;
}

/** LLaMA-Factory config (stage sft, finetuning_type lora, lora_rank, comma-separated lora_target). */
export function toLlamaFactory(t: TrialConfig, baseModel?: string): Record<string, YamlValue> {
  const p = loraParams(t);
  const o: Record<string, YamlValue> = {};
  put(o, 'model_name_or_path', baseModel ?? baseModelOf(t.model));
  o['stage'] = 'sft';
  o['do_train'] = true;
  o['finetuning_type'] = 'lora';
  put(o, 'lora_rank', p['r']);
  put(o, 'lora_alpha', p['lora_alpha']);
  put(o, 'lora_dropout', p['lora_dropout']);
  const tm = p['target_modules'];
  if (tm === 'all-linear') o['lora_target'] = 'all';
  else if (Array.isArray(tm))
    o['lora_target'] = tm.filter((x): x is string => typeof x === 'string').join(',');
  else if (typeof tm === 'string')
    throw new Error(
      `export: LLaMA-Factory's lora_target takes names, not the regex ${JSON.stringify(tm)}; list the module names`,
    );
  if (p['use_dora'] === true) o['use_dora'] = true;
  if (p['use_rslora'] === true) o['use_rslora'] = true;
  const init = p['init_lora_weights'];
  if (typeof init === 'string' && init.startsWith('pissa')) {
    o['pissa_init'] = true;
    const it = /^pissa_niter_(\d+)$/.exec(init);
    o['pissa_iter'] = it ? Number(it[1]) : -1;
  }
  if (Array.isArray(p['modules_to_save']))
    o['additional_target'] = p['modules_to_save']
      .filter((x): x is string => typeof x === 'string')
      .join(',');
  put(o, 'cutoff_len', seqLen(t));
  o['per_device_train_batch_size'] = t.batch;
  o['gradient_accumulation_steps'] = 1;
  o['max_steps'] = t.steps;
  put(o, 'learning_rate', lr(t));
  o['lr_scheduler_type'] = SCHEDULERS[t.schedule.name] ?? t.schedule.name;
  const w = warmup(t);
  if (w !== undefined) o['warmup_ratio'] = w;
  o['seed'] = t.seed;
  return o;
}

/** axolotl/LLaMA-Factory LoRA fields → PEFT names; training fields are returned separately. */
export function fromFrameworkYaml(doc: Record<string, YamlValue>): {
  params: Record<string, PlanValue>;
  baseModel?: string;
  dropped: string[];
} {
  const params: Record<string, PlanValue> = {};
  const dropped: string[] = [];
  const MAP: Record<string, string> = {
    lora_r: 'r',
    lora_rank: 'r',
    lora_alpha: 'lora_alpha',
    lora_dropout: 'lora_dropout',
    lora_target_modules: 'target_modules',
    peft_use_dora: 'use_dora',
    use_dora: 'use_dora',
    peft_use_rslora: 'use_rslora',
    use_rslora: 'use_rslora',
    peft_init_lora_weights: 'init_lora_weights',
    peft_layers_to_transform: 'layers_to_transform',
    peft_layers_pattern: 'layers_pattern',
    lora_modules_to_save: 'modules_to_save',
    lora_rank_pattern: 'rank_pattern',
    lora_alpha_pattern: 'alpha_pattern',
  };
  const IGNORED = new Set([
    'adapter',
    'base_model',
    'model_name_or_path',
    'stage',
    'do_train',
    'finetuning_type',
    'pissa_init',
    'pissa_iter',
    'lora_target',
    'lora_target_linear',
    'additional_target',
  ]);
  for (const [k, v] of Object.entries(doc)) {
    const canon = MAP[k];
    if (canon) params[canon] = v;
    else if (!IGNORED.has(k)) dropped.push(`${k} = ${JSON.stringify(v)}`);
  }
  if (doc['lora_target_linear'] === true) params['target_modules'] = 'all-linear';
  const lt = doc['lora_target'];
  if (typeof lt === 'string')
    params['target_modules'] =
      lt === 'all'
        ? 'all-linear'
        : lt
            .split(',')
            .map((s) => s.trim())
            .filter(Boolean);
  if (typeof doc['additional_target'] === 'string')
    params['modules_to_save'] = doc['additional_target'].split(',').map((s) => s.trim());
  if (doc['pissa_init'] === true)
    params['init_lora_weights'] =
      typeof doc['pissa_iter'] === 'number' && doc['pissa_iter'] >= 0
        ? `pissa_niter_${doc['pissa_iter']}`
        : 'pissa';
  const base = doc['base_model'] ?? doc['model_name_or_path'];
  return { params, ...(typeof base === 'string' ? { baseModel: base } : {}), dropped };
}
