/**
 * A Hugging Face transformers model as PEFT sees it: the architecture numbers read from its
 * config.json and the module tree `model.named_modules()` would list, with each module's class,
 * shape and own parameters. Pure data.
 */

/** The families whose module trees we can build (config.json `model_type`). */
export type HfModelType =
  'llama' | 'mistral' | 'qwen2' | 'gemma' | 'gpt2' | 'gpt_neox' | 'phi' | 'bert';

/** The model class transformers builds: a causal LM (`lm_head`) or a sequence classifier (`score` / BERT's `classifier`). */
export interface HfHead {
  task: 'causal_lm' | 'seq_cls';
  numLabels: number;
}

/** Architecture numbers, normalised across families (config.json field names differ per family). */
export interface HfArch {
  modelType: HfModelType;
  /** Residual width (hidden_size / n_embd). */
  hidden: number;
  /** Number of decoder layers (num_hidden_layers / n_layer). */
  layers: number;
  heads: number;
  kvHeads: number;
  headDim: number;
  /** MLP inner width (intermediate_size / n_inner / 4·n_embd). */
  ffn: number;
  vocab: number;
  /** max_position_embeddings / n_positions. */
  maxPositions: number;
  tieEmbeddings: boolean;
  /** Biases on q/k/v (qwen2: true; llama: attention_bias). */
  qkvBias: boolean;
  /** Bias on the attention output projection. */
  oBias: boolean;
  mlpBias: boolean;
  /** phi: q/k LayerNorms over head_dim. */
  qkLayernorm: boolean;
  /** bert: token_type_embeddings rows (type_vocab_size). */
  typeVocab?: number;
}

/** A module class as transformers names it; only Linear, Conv1D and Embedding can carry LoRA. */
export type HfModuleClass =
  | 'Linear'
  | 'Conv1D'
  | 'Embedding'
  | 'LayerNorm'
  | 'RMSNorm'
  | 'ModuleList'
  | 'Dropout'
  | 'Activation'
  | 'Rotary'
  | 'CausalLM'
  | 'Model'
  | 'DecoderLayer'
  | 'Attention'
  | 'MLP'
  | 'Tanh';

/** One entry of `model.named_modules()` (the root "" is omitted). */
export interface HfModule {
  /** Dotted name exactly as transformers names it, e.g. `model.layers.3.self_attn.q_proj`. */
  name: string;
  cls: HfModuleClass;
  /** Decoder layer index; -1 outside the layer list. */
  layer: number;
  /** Linear/Conv1D: in → out features (Conv1D stores its weight [in, out]: PEFT needs fan_in_fan_out). Embedding: rows → dim. */
  dIn?: number;
  dOut?: number;
  bias?: boolean;
  /** Parameters owned directly by this module (not its children); tied weights counted once, on their owner. */
  params: number;
  /** This module is the output embedding (lm_head/embed_out): `all-linear` skips it. */
  output?: boolean;
}
