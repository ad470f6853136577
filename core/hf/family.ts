/**
 * The `hf` model family: a model block `model m = hf { config = "llama-7b/config.json" }` becomes a
 * module tree and the catalog's ModelShape. core is pure, so the file is read through a seam
 * (`resolveFile`) the caller passes in; `config` may also hold the parsed config.json object itself
 * (import, tests). Parsed trees are memoised by config text (pure function, same result).
 */
import type { PlanValue } from '../types/plan';
import type { ResolveFile } from '../types/files';
import type { ModelShape, Params, Site } from '../catalog/types';
import { parseHfConfig } from './config';
import { matchHfSites } from './sites-match';
import { buildModuleTree, CAUSAL_LM, isLinear, totalParams } from './tree';
import type { HfArch, HfHead, HfModelType, HfModule } from './types';

/** PEFT's TRANSFORMERS_MODELS_TO_LORA_TARGET_MODULES_MAPPING for the supported families. */
export const HF_DEFAULT_TARGETS: Readonly<Record<HfModelType, readonly string[]>> = {
  llama: ['q_proj', 'v_proj'],
  mistral: ['q_proj', 'v_proj'],
  qwen2: ['q_proj', 'v_proj'],
  gemma: ['q_proj', 'v_proj'],
  gpt2: ['c_attn'],
  gpt_neox: ['query_key_value'],
  phi: ['q_proj', 'v_proj', 'fc1', 'fc2'],
  bert: ['query', 'value'],
};

export interface HfModel {
  arch: HfArch;
  tree: HfModule[];
  total: number;
  /** Linear/Conv1D modules as catalog sites (the output embedding has layer -1 and `output`). */
  sites: Site[];
  defaults: readonly string[];
}

const memo = new Map<string, HfModel>();

/** The head a model block's params ask for (`task`, `num_labels`). */
export function headOf(p: Params | undefined): HfHead {
  if (p?.['task'] !== 'seq_cls') return CAUSAL_LM;
  return { task: 'seq_cls', numLabels: typeof p['num_labels'] === 'number' ? p['num_labels'] : 2 };
}

function build(key: string, cfg: string | Record<string, unknown>, head: HfHead): HfModel {
  key = `${head.task}/${head.numLabels}/${key}`;
  const hit = memo.get(key);
  if (hit) return hit;
  const arch = parseHfConfig(cfg);
  const tree = buildModuleTree(arch, head);
  const sites: Site[] = tree.filter(isLinear).map((m) => ({
    name: m.name,
    layer: m.layer,
    dIn: m.dIn!,
    dOut: m.dOut!,
    bias: !!m.bias,
    ...(m.output ? { output: true } : {}),
  }));
  const model: HfModel = {
    arch,
    tree,
    total: totalParams(tree),
    sites,
    defaults: HF_DEFAULT_TARGETS[arch.modelType],
  };
  if (memo.size > 64) memo.clear();
  memo.set(key, model);
  return model;
}

/**
 * The model a `config` value describes: a path read through `resolveFile`, or an inline object.
 * Throws an Error naming the path or field (unreadable file, invalid JSON, unsupported model_type).
 */
export function hfModel(
  config: PlanValue | undefined,
  resolveFile?: ResolveFile,
  head: HfHead = CAUSAL_LM,
): HfModel {
  if (config !== null && typeof config === 'object' && !Array.isArray(config))
    return build(JSON.stringify(config), config, head);
  if (typeof config !== 'string' || config === '')
    throw new Error(
      `hf: set config = "path/to/config.json" (got ${JSON.stringify(config ?? null)})`,
    );
  let text: string | undefined;
  try {
    text = resolveFile?.(config);
  } catch (e) {
    // The seam's message gives the reason (outside the workspace, not a regular file, too large), never content.
    throw new Error(`hf: ${(e as Error).message}`, { cause: e });
  }
  if (text === undefined)
    throw new Error(
      `hf: cannot read config "${config}"${resolveFile ? '' : ' (no file access here)'}`,
    );
  try {
    return build(text, text, head);
  } catch (e) {
    throw new Error(`hf: ${config}: ${(e as Error).message}`, { cause: e });
  }
}

/** Training sequence length: the `context` param, else min(max_position_embeddings, 2048). */
export const hfContext = (p: Params, m: HfModel): number =>
  typeof p['context'] === 'number' ? p['context'] : Math.min(m.arch.maxPositions, 2048);

/** The catalog's view of the model (sites, base params, widths, PEFT's matching on its names) for rules and estimates. */
export function hfShape(p: Params, resolveFile?: ResolveFile): ModelShape {
  const m = hfModel(p['config'], resolveFile, headOf(p));
  const normParams = m.tree
    .filter((x) => x.cls === 'LayerNorm' || x.cls === 'RMSNorm')
    .reduce((s, x) => s + x.params, 0);
  return {
    family: 'hf',
    width: m.arch.hidden,
    depth: m.arch.layers,
    context: hfContext(p, m),
    sites: m.sites,
    baseParams: m.total,
    normParams,
    outputs: m.arch.vocab,
    matchTargets: (q) => matchHfSites(m.sites, q),
  };
}
