/** Assembles the catalog's entry lists from their modules (the only place that lists them). */
import type { MethodEntry } from './types';
import { ADAPTER_PARALLEL, ADAPTER_SERIES, IA3, MOSA, SSF } from './methods/adapters';
import { ADALORA, INCRELORA, TRIADAPTLORA } from './methods/dynamic';
import { DIFFUSEKRONA, LOKR } from './methods/kron';
import { ALLORA, LORA_METHODS } from './methods/lora';
import { BONE, HYDRA, LOLDU, MISS, ORTHOGONAL } from './methods/lowrank';
import { ADJACENT, SCALEARN, UNIPT } from './methods/other';
import { P_TUNING, PREFIX_TUNING, PROMPT_TUNING } from './methods/prompt';
import { APET, BITFIT, DIFFFIT, FULL, LT_SFT, SPARSE } from './methods/whole';

export { MODELS } from './models';
export { OPTIMIZERS, SCHEDULES } from './optimizers';
export { CORPORA } from './corpora';
export { BLOCKS } from './blocks';
export { LAWS } from './laws';

export const METHODS: readonly MethodEntry[] = [
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
