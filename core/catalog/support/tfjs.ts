/**
 * What the tfjs engine (runtime/peft + runtime/model) runs, per method and model family. A name
 * missing here does not run on tfjs. Every option the runtime does not honour for some value is
 * listed with the reason and the nearest value that runs; the walk test (test/unit/peft/
 * walk-options.test.ts) proves every other option has an observable effect in a tfjs trial.
 */
import type { CheckpointSupport, Support, Unsupported } from '../engines';
import { RUNS } from '../engines';

const LORA_INITS_MISSING: Unsupported = {
  param: 'init_lora_weights',
  values: ['orthogonal', 'loftq', 'corda', 'lora_ga', 'mica'],
  reason:
    'the tfjs runtime implements init_lora_weights true, false, gaussian, pissa, pissa_niter_N, olora and eva only',
  instead: true,
};
const MODULES_TO_SAVE: Unsupported = {
  param: 'modules_to_save',
  reason:
    'the tfjs runtime trains only the adapter; modules_to_save is written to the PEFT export but those modules would stay frozen',
};

/** The LoraConfig options tfjs does not run (LoRA and its presets share them). */
const LORA_FAMILY: Support = {
  runs: true,
  unsupported: [
    LORA_INITS_MISSING,
    MODULES_TO_SAVE,
    {
      param: 'bias',
      values: ['all', 'lora_only'],
      reason: 'the tfjs runtime keeps every base bias frozen (bias = "none")',
      instead: 'none',
    },
    {
      param: 'fan_in_fan_out',
      values: [true],
      reason:
        'the tfjs models have no Conv1D (in, out) layers; fan_in_fan_out only describes a PyTorch layout',
      instead: false,
    },
    { param: 'megatron_config', reason: 'the tfjs runtime has no Megatron parallel linear layers' },
    { param: 'loftq_config', reason: 'LoftQ quantisation is not implemented by the tfjs runtime' },
    {
      param: 'eva_config',
      key: 'tau',
      reason:
        "the tfjs runtime computes EVA's components in one SVD over the calibration batch, so there is no incremental SVD for tau to stop early",
    },
    {
      param: 'eva_config',
      key: 'use_label_mask',
      values: [true],
      reason: 'the tfjs runtime computes EVA over every calibration position (no label mask)',
      instead: false,
    },
    {
      param: 'eva_config',
      key: 'adjust_scaling_factors',
      values: [false],
      reason:
        'the tfjs runtime always rescales lora_alpha with the redistributed rank (adjust_scaling_factors = true)',
      instead: true,
    },
  ],
};

const TARGETED: Support = { runs: true, unsupported: [MODULES_TO_SAVE] };

export const TFJS_METHODS: Readonly<Record<string, Support>> = {
  full: RUNS,
  lora: LORA_FAMILY,
  dora: LORA_FAMILY,
  rslora: LORA_FAMILY,
  pissa: LORA_FAMILY,
  olora: LORA_FAMILY,
  eva: LORA_FAMILY,
  loraplus: LORA_FAMILY,
  lora_ga: {
    runs: false,
    reason: "LoRA-GA's gradient-SVD init is not implemented by the tfjs runtime",
    instead: 'pissa',
  },
  allora: TARGETED,
  loldu: TARGETED,
  bone: TARGETED,
  miss: {
    runs: true,
    unsupported: [
      MODULES_TO_SAVE,
      {
        param: 'init_weights',
        values: [true, false, 'mini'],
        reason:
          'the tfjs runtime implements MiSS\'s block-affine variant only (init_weights = "bat", i.e. Bone)',
        instead: 'bat',
      },
      {
        param: 'mini_r',
        reason: "only MiSS's mini variant reads mini_r, and the tfjs runtime does not run it",
      },
    ],
  },
  hydra: TARGETED,
  increlora: {
    runs: true,
    unsupported: [
      MODULES_TO_SAVE,
      {
        param: 'init_lora_weights',
        values: [false, 'gaussian'],
        reason:
          "the tfjs IncreLoRA always draws A and B from N(0, 0.02²) with E = 0 (the paper's init)",
        instead: true,
      },
      {
        param: 'merge_during_training',
        values: [true],
        reason:
          "IncreLoRA's factors change shape as ranks grow, so they cannot be merged during training",
        instead: false,
      },
    ],
  },
  lokr: TARGETED,
  adapter_series: RUNS,
  adapter_parallel: TARGETED,
  ssf: TARGETED,
  ia3: TARGETED,
  sparse: TARGETED,
  prompt_tuning: {
    runs: true,
    unsupported: [
      {
        param: 'num_transformer_submodules',
        reason: 'the tfjs transformer is decoder-only: one submodule gets the virtual tokens',
      },
    ],
  },
};

export const TFJS_MODELS: Readonly<Record<string, Support>> = {
  transformer: RUNS,
  mlp: RUNS,
  hf: {
    runs: false,
    reason:
      'the tfjs runtime builds only the tiny families; a Hugging Face config.json plans, checks and exports',
    instead: 'transformer',
  },
};

/** Image corpora: read for `mlp` models only (a transformer has no pixel input). */
const IMAGES: Support = { runs: true, families: ['mlp'] };

/** Corpora the tfjs data readers (runtime/data) load; a corpus missing here has no tfjs reader. */
export const TFJS_CORPORA: Readonly<Record<string, Support>> = {
  sotu: RUNS,
  'moby-dick': RUNS,
  'spam-assassin': RUNS,
  tiny: RUNS,
  'tiny-moby': RUNS,
  // Images feed the MLP classifier only (runtime/data/vision.ts; n_in = 784, classes ≥ 10).
  'fashion-mnist': IMAGES,
  'tiny-fashion': IMAGES,
};

/** Checkpoints hold the trainable variables, the optimizer's moments and the data and dropout position. */
export const TFJS_CHECKPOINTS: CheckpointSupport = {
  engine: RUNS,
  methods: {
    increlora: {
      runs: false,
      reason:
        "IncreLoRA's importance scores and grown ranks live outside its variables, and a checkpoint does not hold them",
    },
    sparse: {
      runs: false,
      reason:
        "sparse fine-tuning's accumulated gradient scores (which pick the next mask) live outside its variables, and a checkpoint does not hold them",
    },
  },
};
