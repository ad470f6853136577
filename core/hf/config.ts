/**
 * config.json → HfArch. Each family spells its numbers differently (GPT-2: n_embd/n_layer; the
 * others: hidden_size/num_hidden_layers) and has its own defaults (transformers' *Config classes),
 * which are applied here so a minimal config.json gives the same model transformers would build.
 */
import type { HfArch, HfModelType } from './types';

export const HF_MODEL_TYPES: readonly HfModelType[] = ['llama', 'mistral', 'qwen2', 'gemma', 'gpt2', 'gpt_neox', 'phi', 'bert'];

type Json = Record<string, unknown>;

function int(c: Json, key: string, fallback?: number): number {
  const v = c[key];
  if (typeof v === 'number' && Number.isInteger(v) && v > 0) return v;
  if ((v === undefined || v === null) && fallback !== undefined) return fallback;
  throw new Error(`config.json: "${key}" must be a positive integer, got ${JSON.stringify(v)}`);
}

const flag = (c: Json, key: string, fallback: boolean): boolean => (typeof c[key] === 'boolean' ? (c[key]) : fallback);

/**
 * Reads a parsed config.json (an object) or its text. Returns the normalised architecture.
 * Throws an Error naming the field and value when the model_type is unsupported or a number is
 * missing/invalid (e.g. `config.json: "hidden_size" must be a positive integer, got "4k"`).
 */
export function parseHfConfig(input: string | Json): HfArch {
  let c: Json;
  if (typeof input === 'string') {
    try {
      c = JSON.parse(input) as Json;
    } catch (e) {
      throw new Error(`config.json is not valid JSON: ${(e as Error).message}`, { cause: e });
    }
  } else c = input;
  if (c === null || typeof c !== 'object' || Array.isArray(c)) throw new Error('config.json must hold a JSON object');
  const mt = c['model_type'];
  if (typeof mt !== 'string' || !(HF_MODEL_TYPES as readonly string[]).includes(mt)) {
    throw new Error(`config.json: model_type ${JSON.stringify(mt)} is not supported; use one of ${HF_MODEL_TYPES.join(', ')}`);
  }
  const modelType = mt as HfModelType;
  if (modelType === 'gpt2') {
    const hidden = int(c, 'n_embd', 768);
    const heads = int(c, 'n_head', 12);
    return {
      modelType, hidden, layers: int(c, 'n_layer', 12), heads, kvHeads: heads, headDim: hidden / heads, ffn: int(c, 'n_inner', 4 * hidden),
      vocab: int(c, 'vocab_size', 50257), maxPositions: int(c, 'n_positions', 1024), tieEmbeddings: flag(c, 'tie_word_embeddings', true),
      qkvBias: true, oBias: true, mlpBias: true, qkLayernorm: false,
    };
  }
  if (modelType === 'bert') {
    const hidden = int(c, 'hidden_size', 768);
    const heads = int(c, 'num_attention_heads', 12);
    return {
      modelType, hidden, layers: int(c, 'num_hidden_layers', 12), heads, kvHeads: heads, headDim: hidden / heads, ffn: int(c, 'intermediate_size', 3072),
      vocab: int(c, 'vocab_size', 30522), maxPositions: int(c, 'max_position_embeddings', 512), tieEmbeddings: true,
      qkvBias: true, oBias: true, mlpBias: true, qkLayernorm: false, typeVocab: int(c, 'type_vocab_size', 2),
    };
  }
  const hidden = int(c, 'hidden_size');
  const heads = int(c, 'num_attention_heads');
  const kvHeads = int(c, 'num_key_value_heads', heads);
  const headDim = int(c, 'head_dim', modelType === 'gemma' ? 256 : Math.floor(hidden / heads));
  if (modelType !== 'gemma' && c['head_dim'] === undefined && hidden % heads !== 0) {
    throw new Error(`config.json: num_attention_heads = ${heads} must divide hidden_size = ${hidden}`);
  }
  if (heads % kvHeads !== 0) throw new Error(`config.json: num_key_value_heads = ${kvHeads} must divide num_attention_heads = ${heads}`);
  const biasAll = modelType === 'gpt_neox' ? flag(c, 'attention_bias', true) : modelType === 'phi';
  const attnBias = flag(c, 'attention_bias', false);
  return {
    modelType, hidden, layers: int(c, 'num_hidden_layers'), heads, kvHeads, headDim, ffn: int(c, 'intermediate_size'),
    vocab: int(c, 'vocab_size'), maxPositions: int(c, 'max_position_embeddings', 2048),
    tieEmbeddings: flag(c, 'tie_word_embeddings', modelType === 'gemma'),
    qkvBias: modelType === 'qwen2' || biasAll || (['llama', 'gemma'].includes(modelType) && attnBias),
    oBias: biasAll || (['llama', 'gemma'].includes(modelType) && attnBias),
    mlpBias: modelType === 'gpt_neox' || modelType === 'phi' || (modelType === 'llama' && flag(c, 'mlp_bias', false)),
    qkLayernorm: modelType === 'phi' && flag(c, 'qk_layernorm', false),
  };
}
