/** Assembles the catalog's entry lists from their modules (the only place that lists them). */
import type { MethodDef, MethodEntry, ModelFamilyDef, ModelFamilyEntry } from './types';
import type { CheckpointSupport, Engine, Support } from './engines';
import { MODELS as MODEL_DEFS } from './models';
import { TFJS_CHECKPOINTS, TFJS_CORPORA, TFJS_METHODS, TFJS_MODELS } from './support/tfjs';
import { TORCH_CHECKPOINTS, TORCH_CORPORA, TORCH_METHODS, TORCH_MODELS } from './support/torch';
import { ADAPTER_PARALLEL, ADAPTER_SERIES, IA3, MOSA, SSF } from './methods/adapters';
import { ADALORA, INCRELORA, TRIADAPTLORA } from './methods/dynamic';
import { DIFFUSEKRONA, LOKR } from './methods/kron';
import { ALLORA, LORA_METHODS } from './methods/lora';
import { BONE, HYDRA, LOLDU, MISS, ORTHOGONAL } from './methods/lowrank';
import { ADJACENT, SCALEARN, UNIPT } from './methods/other';
import { P_TUNING, PREFIX_TUNING, PROMPT_TUNING } from './methods/prompt';
import { APET, BITFIT, DIFFFIT, FULL, LT_SFT, SPARSE } from './methods/whole';

export { OPTIMIZERS, SCHEDULES } from './optimizers';
export { CORPORA } from './corpora';
export { BLOCKS } from './blocks';
export { LAWS } from './laws';
export { SEARCHERS } from './search';
export { PRUNERS } from './pruners';

const METHOD_DEFS: readonly MethodDef[] = [
  FULL,
  ...LORA_METHODS,
  ALLORA,
  LOLDU,
  BONE,
  MISS,
  HYDRA,
  INCRELORA,
  ADALORA,
  TRIADAPTLORA,
  ORTHOGONAL,
  LOKR,
  DIFFUSEKRONA,
  ADAPTER_SERIES,
  ADAPTER_PARALLEL,
  MOSA,
  SSF,
  IA3,
  BITFIT,
  DIFFFIT,
  SCALEARN,
  UNIPT,
  SPARSE,
  LT_SFT,
  APET,
  PROMPT_TUNING,
  PREFIX_TUNING,
  P_TUNING,
  ...ADJACENT,
];

const TABLES: Readonly<
  Record<
    Engine,
    { methods: Readonly<Record<string, Support>>; models: Readonly<Record<string, Support>> }
  >
> = {
  tfjs: { methods: TFJS_METHODS, models: TFJS_MODELS },
  torch: { methods: TORCH_METHODS, models: TORCH_MODELS },
};

const own = (table: Readonly<Record<string, Support>>, name: string): Support | undefined =>
  Object.prototype.hasOwnProperty.call(table, name) ? table[name] : undefined;

/** A method an engine does not list: the nearest one it runs is the first runnable method of the same family, else LoRA. */
function missingMethod(engine: Engine, def: MethodDef): Support {
  const table = TABLES[engine].methods;
  const sibling = METHOD_DEFS.find(
    (m) => m.family === def.family && own(table, m.name)?.runs === true,
  );
  const fallback = sibling?.name ?? (own(table, 'lora')?.runs === true ? 'lora' : undefined);
  return {
    runs: false,
    reason: `the ${engine} engine does not implement ${def.title}`,
    ...(fallback ? { instead: fallback } : {}),
  };
}

export const METHODS: readonly MethodEntry[] = METHOD_DEFS.map((def) => ({
  ...def,
  engines: {
    tfjs: own(TFJS_METHODS, def.name) ?? missingMethod('tfjs', def),
    torch: own(TORCH_METHODS, def.name) ?? missingMethod('torch', def),
  },
}));

export const MODELS: readonly ModelFamilyEntry[] = MODEL_DEFS.map((def: ModelFamilyDef) => ({
  ...def,
  engines: {
    tfjs: own(TFJS_MODELS, def.name) ?? {
      runs: false,
      reason: `the tfjs engine does not build ${def.title} models`,
      instead: 'transformer',
    },
    torch: own(TORCH_MODELS, def.name) ?? {
      runs: false,
      reason: `the torch engine does not build ${def.title} models yet`,
    },
  },
}));

const CORPUS_TABLES: Readonly<Record<Engine, Readonly<Record<string, Support>>>> = {
  tfjs: TFJS_CORPORA,
  torch: TORCH_CORPORA,
};

/** Whether an engine has a reader for a catalog corpus (a corpus it does not list has none). */
export function corpusSupport(name: string, engine: Engine): Support {
  return (
    own(CORPUS_TABLES[engine], name) ?? {
      runs: false,
      reason: `the ${engine} engine has no reader for corpus "${name}"`,
    }
  );
}

const CHECKPOINT_TABLES: Readonly<Record<Engine, CheckpointSupport>> = {
  tfjs: TFJS_CHECKPOINTS,
  torch: TORCH_CHECKPOINTS,
};

/** Whether an engine checkpoints trials of a method (`checkpoint_every`, resume, WSD branching). */
export function checkpointSupport(method: string, engine: Engine): Support {
  const table = CHECKPOINT_TABLES[engine];
  if (!table.engine.runs) return table.engine;
  return (table.methods && own(table.methods, method)) ?? table.engine;
}
