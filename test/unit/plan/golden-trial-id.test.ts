/**
 * Trial ids are content hashes of the resolved TrialConfig, and the run store is keyed by them:
 * a change to the canonical form (a new default, a renamed field, another number format, another
 * hash) silently orphans every finished trial in every user's store. These pins make such a change
 * fail here first. If the change is deliberate, say so in the changelog, keep old stores readable
 * (docs/run-store.md), and update the pins in the same commit.
 */
import assert from 'node:assert/strict';
import test from 'node:test';
import { analyze } from '../../../core/plan/analyze';
import { canonicalJson, stableId } from '../../../core/plan/hash';

const TEXT = `data task = corpus "tiny-moby" { holdout = 10% }
model base = transformer { vocab = bytes  width = 32  depth = 1  heads = 2  context = 32 }
adapter a = lora { target_modules = [q, v]  r = 4  lora_alpha = 8 }
run golden {
  model = base  data = task  adapter = a
  optimizer = adamw { lr = 3e-3 }
  batch = 16  steps = 60  eval_every = 20  seed = 1
}
`;

const GOLDEN_CONFIG =
  '{"adapter":{"method":"lora","name":"a","params":{"bias":"none","fan_in_fan_out":false,"init_lora_weights":true,"lora_alpha":8,"lora_bias":false,"lora_dropout":0,"r":4,"target_modules":["q","v"],"use_dora":false,"use_rslora":false}},' +
  '"batch":16,"clip":1,"data":{"corpus":"tiny-moby","holdout":0.1,"name":"task","params":{}},"evalEvery":20,"experiment":"golden","metric":"eval_loss",' +
  '"model":{"family":"transformer","name":"base","params":{"context":32,"depth":1,"heads":2,"mlp_ratio":4,"vocab":"bytes","width":32}},' +
  '"optimizer":{"name":"adamw","params":{"betas":[0.9,0.999],"eps":1e-8,"lr":0.003,"weight_decay":0.01}},"run":"golden",' +
  '"schedule":{"name":"constant","params":{"warmup":0}},"seed":1,"steps":60}';
const GOLDEN_ID = '28216be34ebd9713';

void test('the canonical form of a resolved trial is pinned', () => {
  const r = analyze(TEXT, { experiment: 'golden' });
  assert.deepEqual(r.diagnostics, []);
  const trial = r.plan.runs[0]!.trials[0]!;
  assert.equal(
    canonicalJson(trial.config),
    GOLDEN_CONFIG,
    'the canonical TrialConfig changed: every stored trial id changes with it',
  );
  assert.equal(trial.id, GOLDEN_ID);
});

void test('the hash and the canonical JSON rules are pinned', () => {
  // Sorted keys, undefined dropped, -0 as 0: the rules canonicalJson documents.
  assert.equal(
    canonicalJson({ b: [1, -0, 'x'], a: { c: true, d: undefined } }),
    '{"a":{"c":true},"b":[1,0,"x"]}',
  );
  assert.equal(stableId({ b: [1, -0, 'x'], a: { c: true, d: undefined } }), 'b3cb895428eb123c');
  assert.equal(stableId(JSON.parse(GOLDEN_CONFIG) as object), GOLDEN_ID);
});
