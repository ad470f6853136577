/**
 * HfArch → the module tree `model.named_modules()` lists (names exactly as transformers names
 * them) and exact parameter counts. Tied output embeddings share the input embedding's weight,
 * so they are counted once, on the embedding (as `sum(p.numel() for p in model.parameters())`).
 */
import type { HfArch, HfHead, HfModule, HfModuleClass } from './types';
import { bert } from './tree-bert';

type Add = (name: string, cls: HfModuleClass, extra?: Partial<HfModule>) => void;

function linear(
  add: Add,
  name: string,
  layer: number,
  dIn: number,
  dOut: number,
  bias: boolean,
  cls: 'Linear' | 'Conv1D' = 'Linear',
): void {
  add(name, cls, { layer, dIn, dOut, bias, params: dIn * dOut + (bias ? dOut : 0) });
}

const norm = (
  add: Add,
  name: string,
  layer: number,
  d: number,
  cls: 'LayerNorm' | 'RMSNorm',
): void => add(name, cls, { layer, params: cls === 'LayerNorm' ? 2 * d : d });

/** llama, mistral, qwen2, gemma: `model.layers.N.self_attn.{q,k,v,o}_proj`, `mlp.{gate,up,down}_proj`. */
function llamaLike(a: HfArch, add: Add): void {
  const d = a.hidden,
    q = a.heads * a.headDim,
    kv = a.kvHeads * a.headDim;
  add('model', 'Model');
  add('model.embed_tokens', 'Embedding', { dIn: a.vocab, dOut: d, params: a.vocab * d });
  add('model.layers', 'ModuleList');
  for (let i = 0; i < a.layers; i++) {
    const p = `model.layers.${i}`;
    add(p, 'DecoderLayer', { layer: i });
    add(`${p}.self_attn`, 'Attention', { layer: i });
    linear(add, `${p}.self_attn.q_proj`, i, d, q, a.qkvBias);
    linear(add, `${p}.self_attn.k_proj`, i, d, kv, a.qkvBias);
    linear(add, `${p}.self_attn.v_proj`, i, d, kv, a.qkvBias);
    linear(add, `${p}.self_attn.o_proj`, i, q, d, a.oBias);
    add(`${p}.mlp`, 'MLP', { layer: i });
    linear(add, `${p}.mlp.gate_proj`, i, d, a.ffn, a.mlpBias);
    linear(add, `${p}.mlp.up_proj`, i, d, a.ffn, a.mlpBias);
    linear(add, `${p}.mlp.down_proj`, i, a.ffn, d, a.mlpBias);
    add(`${p}.mlp.act_fn`, 'Activation', { layer: i });
    norm(add, `${p}.input_layernorm`, i, d, 'RMSNorm');
    norm(add, `${p}.post_attention_layernorm`, i, d, 'RMSNorm');
  }
  norm(add, 'model.norm', -1, d, 'RMSNorm');
  add('model.rotary_emb', 'Rotary');
  linear(add, 'lm_head', -1, d, a.vocab, false);
}

/** GPT-2: Conv1D `transformer.h.N.attn.c_attn` (d → 3d), `attn.c_proj`, `mlp.c_fc`, `mlp.c_proj`. */
function gpt2(a: HfArch, add: Add): void {
  const d = a.hidden;
  add('transformer', 'Model');
  add('transformer.wte', 'Embedding', { dIn: a.vocab, dOut: d, params: a.vocab * d });
  add('transformer.wpe', 'Embedding', { dIn: a.maxPositions, dOut: d, params: a.maxPositions * d });
  add('transformer.drop', 'Dropout');
  add('transformer.h', 'ModuleList');
  for (let i = 0; i < a.layers; i++) {
    const p = `transformer.h.${i}`;
    add(p, 'DecoderLayer', { layer: i });
    norm(add, `${p}.ln_1`, i, d, 'LayerNorm');
    add(`${p}.attn`, 'Attention', { layer: i });
    linear(add, `${p}.attn.c_attn`, i, d, 3 * d, true, 'Conv1D');
    linear(add, `${p}.attn.c_proj`, i, d, d, true, 'Conv1D');
    add(`${p}.attn.attn_dropout`, 'Dropout', { layer: i });
    add(`${p}.attn.resid_dropout`, 'Dropout', { layer: i });
    norm(add, `${p}.ln_2`, i, d, 'LayerNorm');
    add(`${p}.mlp`, 'MLP', { layer: i });
    linear(add, `${p}.mlp.c_fc`, i, d, a.ffn, true, 'Conv1D');
    linear(add, `${p}.mlp.c_proj`, i, a.ffn, d, true, 'Conv1D');
    add(`${p}.mlp.act`, 'Activation', { layer: i });
    add(`${p}.mlp.dropout`, 'Dropout', { layer: i });
  }
  norm(add, 'transformer.ln_f', -1, d, 'LayerNorm');
  linear(add, 'lm_head', -1, d, a.vocab, false);
}

/** GPT-NeoX (Pythia): `gpt_neox.layers.N.attention.query_key_value` (d → 3d), `attention.dense`, `mlp.dense_h_to_4h`/`dense_4h_to_h`, head `embed_out`. */
function gptNeox(a: HfArch, add: Add): void {
  const d = a.hidden;
  add('gpt_neox', 'Model');
  add('gpt_neox.embed_in', 'Embedding', { dIn: a.vocab, dOut: d, params: a.vocab * d });
  add('gpt_neox.emb_dropout', 'Dropout');
  add('gpt_neox.layers', 'ModuleList');
  for (let i = 0; i < a.layers; i++) {
    const p = `gpt_neox.layers.${i}`;
    add(p, 'DecoderLayer', { layer: i });
    norm(add, `${p}.input_layernorm`, i, d, 'LayerNorm');
    norm(add, `${p}.post_attention_layernorm`, i, d, 'LayerNorm');
    add(`${p}.post_attention_dropout`, 'Dropout', { layer: i });
    add(`${p}.post_mlp_dropout`, 'Dropout', { layer: i });
    add(`${p}.attention`, 'Attention', { layer: i });
    linear(add, `${p}.attention.query_key_value`, i, d, 3 * d, a.qkvBias);
    linear(add, `${p}.attention.dense`, i, d, d, a.oBias);
    add(`${p}.mlp`, 'MLP', { layer: i });
    linear(add, `${p}.mlp.dense_h_to_4h`, i, d, a.ffn, true);
    linear(add, `${p}.mlp.dense_4h_to_h`, i, a.ffn, d, true);
    add(`${p}.mlp.act`, 'Activation', { layer: i });
  }
  norm(add, 'gpt_neox.final_layer_norm', -1, d, 'LayerNorm');
  add('gpt_neox.rotary_emb', 'Rotary');
  linear(add, 'embed_out', -1, d, a.vocab, false);
}

/** Phi (phi-1/1.5/2): biases everywhere, `self_attn.dense`, `mlp.fc1`/`fc2`, one LayerNorm per block, lm_head with bias. */
function phi(a: HfArch, add: Add): void {
  const d = a.hidden,
    q = a.heads * a.headDim,
    kv = a.kvHeads * a.headDim;
  add('model', 'Model');
  add('model.embed_tokens', 'Embedding', { dIn: a.vocab, dOut: d, params: a.vocab * d });
  add('model.embed_dropout', 'Dropout');
  add('model.layers', 'ModuleList');
  for (let i = 0; i < a.layers; i++) {
    const p = `model.layers.${i}`;
    add(p, 'DecoderLayer', { layer: i });
    add(`${p}.self_attn`, 'Attention', { layer: i });
    linear(add, `${p}.self_attn.q_proj`, i, d, q, true);
    linear(add, `${p}.self_attn.k_proj`, i, d, kv, true);
    linear(add, `${p}.self_attn.v_proj`, i, d, kv, true);
    linear(add, `${p}.self_attn.dense`, i, q, d, true);
    if (a.qkLayernorm) {
      norm(add, `${p}.self_attn.q_layernorm`, i, a.headDim, 'LayerNorm');
      norm(add, `${p}.self_attn.k_layernorm`, i, a.headDim, 'LayerNorm');
    }
    add(`${p}.mlp`, 'MLP', { layer: i });
    add(`${p}.mlp.activation_fn`, 'Activation', { layer: i });
    linear(add, `${p}.mlp.fc1`, i, d, a.ffn, true);
    linear(add, `${p}.mlp.fc2`, i, a.ffn, d, true);
    norm(add, `${p}.input_layernorm`, i, d, 'LayerNorm');
    add(`${p}.resid_dropout`, 'Dropout', { layer: i });
  }
  norm(add, 'model.final_layernorm', -1, d, 'LayerNorm');
  add('model.rotary_emb', 'Rotary');
  linear(add, 'lm_head', -1, d, a.vocab, true);
}

export const CAUSAL_LM: HfHead = { task: 'causal_lm', numLabels: 2 };

/**
 * Every module of the CausalLM (or, for `seq_cls`, the ForSequenceClassification) model in
 * `named_modules()` order (root omitted). The output embedding is flagged `output`; when tied its
 * weight is not counted again (its bias, if any, is). A sequence classifier replaces it with
 * `score` (d → num_labels, no bias; BERT: a pooler and `classifier`), which is never tied.
 */
export function buildModuleTree(a: HfArch, task: HfHead = CAUSAL_LM): HfModule[] {
  const out: HfModule[] = [];
  const add: Add = (name, cls, extra = {}) =>
    out.push({ name, cls, layer: -1, params: 0, ...extra });
  if (a.modelType === 'bert') bert(a, add, task);
  else if (a.modelType === 'gpt2') gpt2(a, add);
  else if (a.modelType === 'gpt_neox') gptNeox(a, add);
  else if (a.modelType === 'phi') phi(a, add);
  else llamaLike(a, add);
  let head = out[out.length - 1]!;
  if (task.task === 'seq_cls' && a.modelType !== 'bert') {
    out.pop();
    linear(add, 'score', -1, a.hidden, task.numLabels, false);
    head = out[out.length - 1]!;
  } else if (a.tieEmbeddings && a.modelType !== 'bert') head.params -= head.dIn! * head.dOut!;
  head.output = true;
  return out;
}

/** Total parameters (tied weights once): the published count, e.g. LLaMA-7B 6,738,415,616. */
export const totalParams = (tree: readonly HfModule[]): number =>
  tree.reduce((s, m) => s + m.params, 0);

/** Modules LoRA-style methods can wrap as a linear layer (Linear and GPT-2's Conv1D). */
export const isLinear = (m: HfModule): boolean => m.cls === 'Linear' || m.cls === 'Conv1D';

/** The ModuleList holding the decoder layers ("layers" or "h"): PEFT's default `layers_pattern`. */
export const layersPatternOf = (a: HfArch): string =>
  a.modelType === 'gpt2' ? 'h' : a.modelType === 'bert' ? 'layer' : 'layers';
