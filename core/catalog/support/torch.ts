/**
 * What the torch engine (python/peft_lab_torch, one PyTorch worker per trial) runs, per method and model
 * family. A name missing here does not run on torch. The built-in families run the engine's own
 * architecture on torch (python/peft_lab_torch/models/builtin.py); LoRA and its presets are built by the
 * `peft` library from the trial's adapter_config.json (python/peft_lab_torch/adapters.py). On `hf` models
 * every method below is built by `peft` itself from that dict (python/peft_lab_torch/hf), so it runs exactly
 * when PEFT 0.21 has it and the export builds it; the built-in families run full, the LoRA family, IA3, LoKr,
 * MiSS and AdaLoRA (PEFT on the engine's modules) and refuse the others (prompt/prefix/p-tuning, EVA and
 * LoRA-GA inits) at run time with the list they run. Nothing is replaced by a neighbour.
 */
import type { CheckpointSupport, Support, Unsupported } from '../engines';
import { RUNS } from '../engines';

/** LoraConfig init values that need a preprocessing pass the engine does not run (EVA and LoRA-GA run on hf models). */
const LORA_INITS: Unsupported = {
  param: 'init_lora_weights',
  values: ['corda', 'loftq'],
  reason:
    'CorDA and LoftQ need a preprocessing pass (covariance collection, quantisation) the torch engine does not run',
  instead: true,
};

/** The LoraConfig options the torch engine does not run (LoRA and its presets share them). */
/** EVA and LoRA-GA read calibration batches, which only the hf path collects. */
const DATA_INITS: Unsupported = {
  param: 'init_lora_weights',
  values: ['eva', 'lora_ga'],
  reason:
    'data-driven inits read calibration batches, which the torch engine collects for hf models only',
  instead: true,
  families: ['transformer', 'mlp'],
};

const LORA_FAMILY: Support = {
  runs: true,
  unsupported: [
    LORA_INITS,
    DATA_INITS,
    { param: 'megatron_config', reason: 'the torch engine has no Megatron parallel linear layers' },
    { param: 'loftq_config', reason: 'LoftQ quantisation is not wired into the torch engine' },
    {
      param: 'loraplus_lr_ratio',
      reason:
        'LoRA+ learning-rate ratios are not implemented by the torch engine (PEFT has them only as an optimizer helper)',
    },
  ],
};

/** Methods that need a transformers model (virtual tokens in its embeddings): hf models only. */
const HF_ONLY: Support = { runs: true, families: ['hf'] };

export const TORCH_METHODS: Readonly<Record<string, Support>> = {
  full: RUNS,
  lora: LORA_FAMILY,
  dora: LORA_FAMILY,
  rslora: LORA_FAMILY,
  pissa: LORA_FAMILY,
  olora: LORA_FAMILY,
  eva: { ...LORA_FAMILY, families: ['hf'] },
  lora_ga: { ...LORA_FAMILY, families: ['hf'] },
  loraplus: {
    runs: false,
    reason:
      'LoRA+ learning-rate ratios are not implemented by the torch engine (the exported adapter alone is plain LoRA)',
    instead: 'lora',
  },
  // Bone exports as PEFT 0.21's MISS (init_weights "bat"); peft builds it from that dict on hf models.
  bone: { runs: true, families: ['hf'] },
  adalora: RUNS,
  ia3: RUNS,
  lokr: RUNS,
  miss: RUNS,
  prompt_tuning: HF_ONLY,
  prefix_tuning: HF_ONLY,
  p_tuning: HF_ONLY,
};

export const TORCH_MODELS: Readonly<Record<string, Support>> = {
  transformer: RUNS,
  mlp: RUNS,
  hf: RUNS,
};

/** Image corpora: read for `mlp` models only (a transformer has no pixel input). */
const IMAGES: Support = { runs: true, families: ['mlp'] };

/** Corpora the torch engine reads: the built-in ones on every family, user files on hf models (tokenised). */
export const TORCH_CORPORA: Readonly<Record<string, Support>> = {
  sotu: RUNS,
  'moby-dick': RUNS,
  'spam-assassin': RUNS,
  tiny: RUNS,
  'tiny-moby': RUNS,
  file: { runs: true, families: ['hf'] },
  // Images feed the MLP classifier only (runtime/data/vision.ts; n_in = 784, classes ≥ 10).
  'fashion-mnist': IMAGES,
  'tiny-fashion': IMAGES,
};

/** The torch worker writes no checkpoints yet: a trial it runs always starts at step 0. */
export const TORCH_CHECKPOINTS: CheckpointSupport = {
  engine: {
    runs: false,
    reason: 'the torch worker does not save or restore checkpoints yet',
  },
};
