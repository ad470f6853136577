/**
 * BERT encoders (all-MiniLM-L6-v2, bert-base…) as BertForSequenceClassification lists them:
 * `bert.encoder.layer.N.attention.self.{query,key,value}`, `attention.output.dense`,
 * `intermediate.dense`, `output.dense`, a tanh pooler and the `classifier` head. An encoder has no
 * causal-LM head, so only `task = seq_cls` is accepted.
 */
import type { HfArch, HfHead, HfModule, HfModuleClass } from './types';

type Add = (name: string, cls: HfModuleClass, extra?: Partial<HfModule>) => void;

export function bert(a: HfArch, add: Add, head: HfHead): void {
  if (head.task !== 'seq_cls')
    throw new Error('bert is an encoder without a language-model head: set task = seq_cls');
  const d = a.hidden;
  const lin = (name: string, layer: number, dIn: number, dOut: number): void =>
    add(name, 'Linear', { layer, dIn, dOut, bias: true, params: dIn * dOut + dOut });
  const ln = (name: string, layer: number): void =>
    add(name, 'LayerNorm', { layer, params: 2 * d });
  add('bert', 'Model');
  add('bert.embeddings', 'Model');
  add('bert.embeddings.word_embeddings', 'Embedding', {
    dIn: a.vocab,
    dOut: d,
    params: a.vocab * d,
  });
  add('bert.embeddings.position_embeddings', 'Embedding', {
    dIn: a.maxPositions,
    dOut: d,
    params: a.maxPositions * d,
  });
  add('bert.embeddings.token_type_embeddings', 'Embedding', {
    dIn: a.typeVocab ?? 2,
    dOut: d,
    params: (a.typeVocab ?? 2) * d,
  });
  ln('bert.embeddings.LayerNorm', -1);
  add('bert.embeddings.dropout', 'Dropout');
  add('bert.encoder', 'Model');
  add('bert.encoder.layer', 'ModuleList');
  for (let i = 0; i < a.layers; i++) {
    const p = `bert.encoder.layer.${i}`;
    add(p, 'DecoderLayer', { layer: i });
    add(`${p}.attention`, 'Attention', { layer: i });
    add(`${p}.attention.self`, 'Attention', { layer: i });
    for (const n of ['query', 'key', 'value']) lin(`${p}.attention.self.${n}`, i, d, d);
    add(`${p}.attention.self.dropout`, 'Dropout', { layer: i });
    add(`${p}.attention.output`, 'Attention', { layer: i });
    lin(`${p}.attention.output.dense`, i, d, d);
    ln(`${p}.attention.output.LayerNorm`, i);
    add(`${p}.attention.output.dropout`, 'Dropout', { layer: i });
    add(`${p}.intermediate`, 'MLP', { layer: i });
    lin(`${p}.intermediate.dense`, i, d, a.ffn);
    add(`${p}.intermediate.intermediate_act_fn`, 'Activation', { layer: i });
    add(`${p}.output`, 'MLP', { layer: i });
    lin(`${p}.output.dense`, i, a.ffn, d);
    ln(`${p}.output.LayerNorm`, i);
    add(`${p}.output.dropout`, 'Dropout', { layer: i });
  }
  add('bert.pooler', 'Model');
  lin('bert.pooler.dense', -1, d, d);
  add('bert.pooler.activation', 'Tanh');
  add('dropout', 'Dropout');
  lin('classifier', -1, d, head.numLabels);
}
