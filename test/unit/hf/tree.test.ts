// Module trees and totals of the shipped configs against the published parameter counts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildModuleTree, parseHfConfig, totalParams } from '../../../core/hf';
import { fixture } from './helpers';

const PUBLISHED: Array<[string, number]> = [
  ['llama-7b', 6_738_415_616],
  ['gpt2', 124_439_808],
  ['mistral-7b', 7_241_732_096],
  ['qwen2-0.5b', 494_032_768],
];

for (const [name, count] of PUBLISHED) {
  void test(`${name}: total parameters = published ${count.toLocaleString('en')}`, () => {
    assert.equal(totalParams(buildModuleTree(parseHfConfig(fixture(name)))), count);
  });
}

void test('llama-7b: names, shapes and per-block count N_block = 202,383,360 (PEFT-METHODS §4.6)', () => {
  const tree = buildModuleTree(parseHfConfig(fixture('llama-7b')));
  const q = tree.find((m) => m.name === 'model.layers.3.self_attn.q_proj');
  assert.deepEqual(q && { cls: q.cls, layer: q.layer, dIn: q.dIn, dOut: q.dOut, bias: q.bias }, {
    cls: 'Linear',
    layer: 3,
    dIn: 4096,
    dOut: 4096,
    bias: false,
  });
  const block = tree.filter((m) => m.layer === 0).reduce((s, m) => s + m.params, 0);
  assert.equal(block, 202_383_360);
  assert.equal(tree.filter((m) => m.cls === 'Linear').length, 32 * 7 + 1);
  assert.equal(tree.at(-1)?.name, 'lm_head');
  assert.equal(tree.at(-1)?.output, true);
  assert.ok(
    tree.some(
      (m) => m.name === 'model.layers.31.mlp.down_proj' && m.dIn === 11008 && m.dOut === 4096,
    ),
  );
});

void test('gpt2: Conv1D c_attn d→3d with bias, tied lm_head not counted twice, transformer.h.N names', () => {
  const tree = buildModuleTree(parseHfConfig(fixture('gpt2')));
  const c = tree.find((m) => m.name === 'transformer.h.11.attn.c_attn');
  assert.deepEqual(c && [c.cls, c.dIn, c.dOut, c.params], ['Conv1D', 768, 2304, 768 * 2304 + 2304]);
  assert.equal(tree.find((m) => m.name === 'lm_head')?.params, 0);
  assert.equal(tree.find((m) => m.name === 'transformer.wpe')?.params, 1024 * 768);
  // 12·L·d² non-embedding matmul weights (Kaplan's N)
  const mat = tree.filter((m) => m.cls === 'Conv1D').reduce((s, m) => s + m.dIn! * m.dOut!, 0);
  assert.equal(mat, 84_934_656);
});

void test('mistral-7b GQA: k_proj/v_proj 4096→1024; qwen2 q/k/v biases, o_proj none; tied head', () => {
  const mis = buildModuleTree(parseHfConfig(fixture('mistral-7b')));
  assert.equal(mis.find((m) => m.name === 'model.layers.0.self_attn.k_proj')?.dOut, 1024);
  const qw = buildModuleTree(parseHfConfig(fixture('qwen2-0.5b')));
  assert.equal(qw.find((m) => m.name === 'model.layers.0.self_attn.q_proj')?.bias, true);
  assert.equal(qw.find((m) => m.name === 'model.layers.0.self_attn.v_proj')?.dOut, 128);
  assert.equal(qw.find((m) => m.name === 'model.layers.0.self_attn.o_proj')?.bias, false);
  assert.equal(qw.find((m) => m.name === 'lm_head')?.params, 0);
});

void test('gpt_neox, phi and gemma trees follow transformers names and counts', () => {
  // Pythia-160M: published 162,322,944 (untied embed_out).
  const neox = parseHfConfig({
    model_type: 'gpt_neox',
    hidden_size: 768,
    num_hidden_layers: 12,
    num_attention_heads: 12,
    intermediate_size: 3072,
    vocab_size: 50304,
    max_position_embeddings: 2048,
  });
  const nt = buildModuleTree(neox);
  assert.equal(totalParams(nt), 162_322_944);
  assert.ok(
    nt.some((m) => m.name === 'gpt_neox.layers.0.attention.query_key_value' && m.dOut === 2304),
  );
  assert.equal(nt.at(-1)?.name, 'embed_out');
  // phi-2: published 2,779,683,840.
  const phi = parseHfConfig({
    model_type: 'phi',
    hidden_size: 2560,
    num_hidden_layers: 32,
    num_attention_heads: 32,
    intermediate_size: 10240,
    vocab_size: 51200,
    max_position_embeddings: 2048,
  });
  const pt = buildModuleTree(phi);
  assert.equal(totalParams(pt), 2_779_683_840);
  assert.ok(
    pt.some((m) => m.name === 'model.layers.5.self_attn.dense') &&
      pt.some((m) => m.name === 'model.layers.5.mlp.fc2'),
  );
  // gemma-2b: published 2,506,172,416 (head_dim 256, MQA, tied).
  const gemma = parseHfConfig({
    model_type: 'gemma',
    hidden_size: 2048,
    num_hidden_layers: 18,
    num_attention_heads: 8,
    num_key_value_heads: 1,
    head_dim: 256,
    intermediate_size: 16384,
    vocab_size: 256000,
    max_position_embeddings: 8192,
  });
  assert.equal(totalParams(buildModuleTree(gemma)), 2_506_172_416);
});

void test('parseHfConfig names the bad field or model_type', () => {
  assert.throws(
    () => parseHfConfig({ model_type: 't5' }),
    /model_type "t5" is not supported; use one of llama/,
  );
  assert.throws(
    () => parseHfConfig({ model_type: 'llama', hidden_size: '4k' }),
    /"hidden_size" must be a positive integer, got a string/,
  );
  assert.throws(() => parseHfConfig('{'), /not valid JSON/);
  assert.throws(
    () =>
      parseHfConfig({
        model_type: 'llama',
        hidden_size: 64,
        num_attention_heads: 6,
        num_hidden_layers: 1,
        intermediate_size: 8,
        vocab_size: 8,
      }),
    /num_attention_heads = 6 must divide hidden_size = 64/,
  );
});
