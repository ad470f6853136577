/**
 * config.json → HfArch. Each family spells its numbers differently (GPT-2: n_embd/n_layer; the
 * others: hidden_size/num_hidden_layers) and has its own defaults (transformers' *Config classes),
 * which are applied here so a minimal config.json gives the same model transformers would build.
 */
import type { HfArch, HfModelType } from './types';

export const HF_MODEL_TYPES: readonly HfModelType[] = [
  'llama',
  'mistral',
  'qwen2',
  'gemma',
  'gpt2',
  'gpt_neox',
  'phi',
  'bert',
];

type Json = Record<string, unknown>;

/**
 * Plausible maxima per field (the largest released models are well inside them): a hostile
 * config.json with num_hidden_layers = 1e5 would otherwise build a module tree of millions of
 * entries (seen: 22 s and 2.2 GB in the language server).
 */
export const HF_FIELD_MAX: Readonly<Record<string, number>> = {
  num_hidden_layers: 1024,
  n_layer: 1024,
  hidden_size: 131072,
  n_embd: 131072,
  intermediate_size: 524288,
  n_inner: 524288,
  num_attention_heads: 1024,
  n_head: 1024,
  num_key_value_heads: 1024,
  head_dim: 4096,
  vocab_size: 4194304,
  max_position_embeddings: 16777216,
  n_positions: 16777216,
};

/** A field value for a message: numbers as written, anything else by its JSON type (never file text). */
const shown = (v: unknown): string =>
  typeof v === 'number' || typeof v === 'boolean' || v === null
    ? String(v)
    : typeof v === 'string'
      ? 'a string'
      : Array.isArray(v)
        ? 'a list'
        : typeof v === 'object'
          ? 'an object'
          : 'nothing';

function int(c: Json, key: string, fallback?: number): number {
  const v = c[key];
  const max = HF_FIELD_MAX[key] ?? Number.MAX_SAFE_INTEGER;
  if (typeof v === 'number' && Number.isInteger(v) && v > 0) {
    if (v > max)
      throw new Error(`config.json: "${key}" = ${v} is above the plausible maximum ${max}`);
    return v;
  }
  if ((v === undefined || v === null) && fallback !== undefined) return fallback;
  throw new Error(`config.json: "${key}" must be a positive integer, got ${shown(v)}`);
}

const flag = (c: Json, key: string, fallback: boolean): boolean =>
  typeof c[key] === 'boolean' ? c[key] : fallback;

/**
 * Reads a parsed config.json (an object) or its text. Returns the normalised architecture.
 * Throws an Error naming the field and value when the model_type is unsupported or a number is
 * missing/invalid (e.g. `config.json: "hidden_size" must be a positive integer, got a string`).
 */
export function parseHfConfig(input: string | Json): HfArch {
  let c: Json;
  if (typeof input === 'string') {
    try {
      c = JSON.parse(input) as Json;
    } catch (e) {
      // V8's message quotes the text around the error; only the position is kept, never content.
      const pos = /position (\d+)/.exec((e as Error).message)?.[1];
      throw new Error(`config.json is not valid JSON${pos ? ` (at character ${pos})` : ''}`, {
        cause: e,
      });
    }
  } else c = input;
  if (c === null || typeof c !== 'object' || Array.isArray(c))
    throw new Error('config.json must hold a JSON object');
  const mt = c['model_type'];
  if (typeof mt !== 'string' || !(HF_MODEL_TYPES as readonly string[]).includes(mt)) {
    const named =
      typeof mt === 'string' && /^[\w-]{1,40}$/.test(mt) ? JSON.stringify(mt) : shown(mt);
    throw new Error(
      `config.json: model_type ${named} is not supported; use one of ${HF_MODEL_TYPES.join(', ')}`,
    );
  }
  const modelType = mt as HfModelType;
  if (modelType === 'gpt2') {
    const hidden = int(c, 'n_embd', 768);
    const heads = int(c, 'n_head', 12);
    return {
      modelType,
      hidden,
      layers: int(c, 'n_layer', 12),
      heads,
      kvHeads: heads,
      headDim: hidden / heads,
      ffn: int(c, 'n_inner', 4 * hidden),
      vocab: int(c, 'vocab_size', 50257),
      maxPositions: int(c, 'n_positions', 1024),
      tieEmbeddings: flag(c, 'tie_word_embeddings', true),
      qkvBias: true,
      oBias: true,
      mlpBias: true,
      qkLayernorm: false,
    };
  }
  if (modelType === 'bert') {
    const hidden = int(c, 'hidden_size', 768);
    const heads = int(c, 'num_attention_heads', 12);
    return {
      modelType,
      hidden,
      layers: int(c, 'num_hidden_layers', 12),
      heads,
      kvHeads: heads,
      headDim: hidden / heads,
      ffn: int(c, 'intermediate_size', 3072),
      vocab: int(c, 'vocab_size', 30522),
      maxPositions: int(c, 'max_position_embeddings', 512),
      tieEmbeddings: true,
      qkvBias: true,
      oBias: true,
      mlpBias: true,
      qkLayernorm: false,
      typeVocab: int(c, 'type_vocab_size', 2),
    };
  }
  const hidden = int(c, 'hidden_size');
  const heads = int(c, 'num_attention_heads');
  const kvHeads = int(c, 'num_key_value_heads', heads);
  const headDim = int(c, 'head_dim', modelType === 'gemma' ? 256 : Math.floor(hidden / heads));
  if (modelType !== 'gemma' && c['head_dim'] === undefined && hidden % heads !== 0) {
    throw new Error(
      `config.json: num_attention_heads = ${heads} must divide hidden_size = ${hidden}`,
    );
  }
  if (heads % kvHeads !== 0)
    throw new Error(
      `config.json: num_key_value_heads = ${kvHeads} must divide num_attention_heads = ${heads}`,
    );
  const biasAll = modelType === 'gpt_neox' ? flag(c, 'attention_bias', true) : modelType === 'phi';
  const attnBias = flag(c, 'attention_bias', false);
  return {
    modelType,
    hidden,
    layers: int(c, 'num_hidden_layers'),
    heads,
    kvHeads,
    headDim,
    ffn: int(c, 'intermediate_size'),
    vocab: int(c, 'vocab_size'),
    maxPositions: int(c, 'max_position_embeddings', 2048),
    tieEmbeddings: flag(c, 'tie_word_embeddings', modelType === 'gemma'),
    qkvBias:
      modelType === 'qwen2' || biasAll || (['llama', 'gemma'].includes(modelType) && attnBias),
    oBias: biasAll || (['llama', 'gemma'].includes(modelType) && attnBias),
    mlpBias:
      modelType === 'gpt_neox' ||
      modelType === 'phi' ||
      (modelType === 'llama' && flag(c, 'mlp_bias', false)),
    qkLayernorm: modelType === 'phi' && flag(c, 'qk_layernorm', false),
  };
}
