// BERT encoders and sequence-classification heads: the module tree and counts PEFT itself reports
// for all-MiniLM-L6-v2 (numbers printed by peft 0.21.2's print_trainable_parameters on the real model).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildModuleTree, estimateHfTrial, hfModel, parseHfConfig } from '../../../core/hf';
import { totalParams } from '../../../core/hf/tree';
import { toAdapterConfig } from '../../../core/interop';
import type { TrialConfig } from '../../../core/types/plan';
import { fixture, resolveFixture } from './helpers';

const seqCls = { task: 'seq_cls', numLabels: 2 } as const;

void test('all-MiniLM-L6-v2 as BertForSequenceClassification: 22,713,986 parameters, query/value/dense sites, classifier head', () => {
  const tree = buildModuleTree(parseHfConfig(fixture('minilm-l6')), seqCls);
  assert.equal(totalParams(tree), 22_713_986);
  const names = tree.map((m) => m.name);
  assert.ok(names.includes('bert.encoder.layer.5.attention.self.query'));
  assert.ok(names.includes('bert.encoder.layer.0.intermediate.dense'));
  assert.equal(tree.at(-1)!.name, 'classifier');
  assert.equal(tree.at(-1)!.output, true);
});

void test('a bert config with the default causal_lm task is refused with the fix', () => {
  assert.throws(
    () => hfModel(JSON.parse(fixture('minilm-l6')) as Record<string, string>),
    /bert is an encoder.*task = seq_cls/,
  );
});

void test('llama seq_cls replaces the untied lm_head by score (d → num_labels, no bias)', () => {
  const lm = totalParams(buildModuleTree(parseHfConfig(fixture('llama-7b'))));
  const cls = buildModuleTree(parseHfConfig(fixture('llama-7b')), {
    task: 'seq_cls',
    numLabels: 3,
  });
  assert.equal(cls.at(-1)!.name, 'score');
  assert.equal(totalParams(cls), lm - 4096 * 32000 + 4096 * 3);
});

function trial(params: Record<string, string | number | string[]>): TrialConfig {
  return {
    experiment: 'e',
    run: 'r',
    model: {
      name: 'm',
      family: 'hf',
      params: {
        config: 'minilm-l6.json',
        task: 'seq_cls',
        num_labels: 2,
        context: 64,
        precision: 'fp32',
      },
    },
    data: { name: 'd', corpus: 'spam-assassin', holdout: 0.2, params: {} },
    adapter: { name: 'a', method: 'lora', params },
    optimizer: { name: 'adamw', params: {} },
    schedule: { name: 'constant', params: {} },
    batch: 8,
    steps: 10,
    seed: 0,
    evalEvery: 10,
    metric: 'eval_loss',
    clip: 1,
  };
}

void test("LoRA r=8 on query,value of MiniLM seq_cls: 74,498 trainable = PEFT's count (LoRA 73,728 + classifier 770)", () => {
  const e = estimateHfTrial(trial({ r: 8, target_modules: ['query', 'value'] }), resolveFixture);
  assert.equal(e.trainableParams, 74_498);
  assert.equal(e.baseParams, 22_713_986);
});

void test('export writes task_type SEQ_CLS for a seq_cls model (PEFT then trains the classifier)', () => {
  const c = trial({ r: 8 });
  assert.equal(toAdapterConfig(c.adapter, c.model)['task_type'], 'SEQ_CLS');
  assert.equal(
    toAdapterConfig(c.adapter, { ...c.model, params: { config: 'x/config.json' } })['task_type'],
    'CAUSAL_LM',
  );
});
