/**
 * What the bridge hands the Python worker for one trial: the TrialConfig, the engine's base weights for a
 * built-in model, and the adapter_config.json dict `peft export --to peft` writes (core/interop). For the
 * built-in models, `target_modules` is resolved here to the exact site names the catalog's matching picks
 * (PEFT cannot expand `all-linear` on a model that is not a transformers PreTrainedModel, and the explicit
 * list guarantees torch adapts the very sites tfjs adapts); exclusions and layer filters are then applied.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { PlanValue, TrialConfig } from '../../core/types/plan';
import type { TorchDevice, TorchRequest } from '../../core/protocol';
import { getModelFamily, matchTargets, withDefaults } from '../../core/catalog';
import { toAdapterConfig } from '../../core/interop/peft-config';
import { baseKey, loadBase } from '../train/pretrain';
import { saveWeights } from '../model/build';
import { selectBackend } from '../tf/backend';

const BUILTIN = new Set(['transformer', 'mlp']);

/** The adapter_config.json dict for the trial, or undefined for `full`. Throws for methods PEFT lacks. */
export function peftConfigFor(config: TrialConfig): Record<string, PlanValue> | undefined {
  if (config.adapter.method === 'full') return undefined;
  const cfg = toAdapterConfig(config.adapter, config.model, { steps: config.steps });
  if (!BUILTIN.has(config.model.family)) return cfg;
  const family = getModelFamily(config.model.family);
  if (!family?.sites)
    throw new Error(`model family "${config.model.family}" has no sites in the catalog`);
  const sites = family.sites(withDefaults('model', config.model.family, config.model.params));
  const params = withDefaults('adapter', config.adapter.method, config.adapter.params);
  const m = matchTargets(sites, params, config.model.family);
  if (m.error) throw new Error(`${config.adapter.method}: ${m.error}`);
  if (m.sites.length === 0)
    throw new Error(
      `${config.adapter.method}: target_modules matches no site of the ${config.model.family}`,
    );
  // The filters are applied above; clear only the fields this config type has (PEFT rejects unknown ones).
  const cleared = Object.fromEntries(
    ['exclude_modules', 'layers_to_transform', 'layers_pattern']
      .filter((k) => k in cfg)
      .map((k) => [k, null]),
  );
  const names = m.sites.map((s) => s.name);
  // IA3's feedforward_modules must be a subset of target_modules by name: resolve it the same way.
  const ff = cfg['feedforward_modules'];
  const feed: Record<string, PlanValue> =
    ff === undefined || ff === null
      ? {}
      : {
          feedforward_modules: matchTargets(
            m.sites,
            { target_modules: ff },
            config.model.family,
          ).sites.map((s) => s.name),
        };
  return { ...cfg, target_modules: names, ...cleared, ...feed };
}

/**
 * The engine's base weights for a built-in model as a cached safetensors file: pretrained (and cached) by
 * runtime/train/pretrain.ts when the model has `pretrain`, else the engine's seeded random init, cached
 * under the same key, so torch starts from exactly the weights tfjs would.
 */
export async function ensureBaseFile(
  config: TrialConfig,
  cacheDir: string,
  log?: (l: string) => void,
  signal?: AbortSignal,
): Promise<string> {
  const model = config.model;
  const file = path.join(cacheDir, `${model.family}-${baseKey(model)}.safetensors`);
  if (fs.existsSync(file)) return file;
  await selectBackend(process.env['PEFT_LAB_PRETRAIN_BACKEND'] ?? undefined, { log });
  const m = await loadBase(model, { cacheDir, log, signal });
  try {
    if (!fs.existsSync(file)) {
      fs.mkdirSync(cacheDir, { recursive: true });
      const tmp = `${file}.${process.pid}.tmp`;
      fs.writeFileSync(tmp, saveWeights(m, { key: baseKey(model), model: model.name }));
      fs.renameSync(tmp, file);
    }
  } finally {
    m.dispose();
  }
  return file;
}

export interface RequestOptions {
  id: string;
  cacheDir: string;
  adapterPath: string;
  expectedTrainable?: number;
  log?: (l: string) => void;
  signal?: AbortSignal;
}

export async function buildRequest(config: TrialConfig, o: RequestOptions): Promise<TorchRequest> {
  const device = (process.env['PEFT_LAB_TORCH_DEVICE'] ?? 'auto') as TorchDevice;
  if (!['auto', 'cpu', 'cuda', 'mps'].includes(device))
    throw new Error(`PEFT_LAB_TORCH_DEVICE must be auto, cpu, cuda or mps, got "${device}"`);
  const threads = Number(
    process.env['PEFT_TORCH_THREADS'] ?? process.env['PEFT_WASM_THREADS'] ?? 0,
  );
  const peftConfig = peftConfigFor(config);
  const basePath = BUILTIN.has(config.model.family)
    ? await ensureBaseFile(config, o.cacheDir, o.log, o.signal)
    : undefined;
  return {
    v: 1,
    id: o.id,
    config,
    cacheDir: o.cacheDir,
    adapterPath: o.adapterPath,
    device,
    ...(basePath ? { basePath } : {}),
    ...(peftConfig ? { peftConfig } : {}),
    ...(o.expectedTrainable !== undefined ? { expectedTrainable: o.expectedTrainable } : {}),
    ...(threads > 0 ? { threads } : {}),
  };
}
