/**
 * What the torch engine (python/peft_lab_torch, one PyTorch worker per trial) runs, per method and model
 * family. A name missing here does not run on torch. The built-in families run the engine's own
 * architecture on torch (python/peft_lab_torch/models/builtin.py); LoRA and its presets are built by the
 * `peft` library from the trial's adapter_config.json (python/peft_lab_torch/adapters.py). The Hugging
 * Face side (engineer "torch-hf") adds the `hf` family and the PEFT methods it runs there.
 */
import type { Support, Unsupported } from '../engines';
import { RUNS } from '../engines';

const LORA_INITS: Unsupported = {
  param: 'init_lora_weights',
  values: ['eva', 'orthogonal', 'loftq', 'corda', 'lora_ga', 'mica'],
  reason: 'the torch engine initialises LoRA with true, false, gaussian (the tfjs draws, so curves compare), pissa, pissa_niter_N or olora (PEFT\'s own)',
  instead: true,
};

/** The LoraConfig options the torch engine does not run (LoRA and its presets share them). */
const LORA_FAMILY: Support = {
  runs: true,
  unsupported: [
    LORA_INITS,
    { param: 'megatron_config', reason: 'the torch engine has no Megatron parallel linear layers' },
    { param: 'loftq_config', reason: 'LoftQ quantisation is not wired into the torch engine' },
    { param: 'loraplus_lr_ratio', reason: 'LoRA+ learning-rate ratios are not implemented by the torch engine (PEFT has them only as an optimizer helper)' },
  ],
};

export const TORCH_METHODS: Readonly<Record<string, Support>> = {
  full: RUNS,
  lora: LORA_FAMILY,
  dora: LORA_FAMILY,
  rslora: LORA_FAMILY,
  pissa: LORA_FAMILY,
  olora: LORA_FAMILY,
  eva: { runs: false, reason: 'EVA needs calibration batches that the torch engine does not collect yet', instead: 'lora' },
  loraplus: { runs: false, reason: 'LoRA+ learning-rate ratios are not implemented by the torch engine', instead: 'lora' },
};

export const TORCH_MODELS: Readonly<Record<string, Support>> = {
  transformer: RUNS,
  mlp: RUNS,
};
