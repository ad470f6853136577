/**
 * What the torch engine (PyTorch + Hugging Face PEFT, engineers "torch-core"/"torch-hf") runs, per
 * method and model family. On hf models every adapter is built by the `peft` library itself from the
 * adapter_config.json `peft export --to peft` writes (python/peft_lab_torch/hf), so a method runs
 * here exactly when PEFT 0.21 has it and the export builds it; anything else is declared with the
 * reason, never replaced by a neighbour. A name missing here does not run on torch.
 */
import type { Support, Unsupported } from '../engines';
import { RUNS } from '../engines';

/** LoraConfig init values that need a preprocessing pass the engine does not run (EVA and LoRA-GA it does run). */
const LORA_INITS: Unsupported = {
  param: 'init_lora_weights',
  values: ['corda', 'loftq'],
  reason: 'CorDA and LoftQ need a preprocessing pass (covariance collection, quantisation) the torch engine does not run',
  instead: true,
};

const LORA_FAMILY: Support = {
  runs: true,
  unsupported: [LORA_INITS, { param: 'loftq_config', reason: 'LoftQ quantisation needs a preprocessing pass the torch engine does not run' }, { param: 'megatron_config', reason: 'the torch engine trains on one device without Megatron parallel layers' }],
};

export const TORCH_METHODS: Readonly<Record<string, Support>> = {
  full: RUNS,
  lora: LORA_FAMILY,
  dora: LORA_FAMILY,
  rslora: LORA_FAMILY,
  pissa: LORA_FAMILY,
  olora: LORA_FAMILY,
  eva: LORA_FAMILY,
  lora_ga: LORA_FAMILY,
  loraplus: { runs: false, reason: 'the torch engine does not build LoRA+\'s separate learning rate for lora_B yet (the exported adapter alone is plain LoRA)', instead: 'lora' },
  bone: { runs: false, reason: 'PEFT 0.21.2 has no BONE adapter type (Bone became MiSS)', instead: 'miss' },
  adalora: RUNS,
  ia3: RUNS,
  lokr: RUNS,
  miss: RUNS,
  prompt_tuning: RUNS,
  prefix_tuning: RUNS,
  p_tuning: RUNS,
};

export const TORCH_MODELS: Readonly<Record<string, Support>> = {
  hf: RUNS,
};
