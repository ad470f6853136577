import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import type * as tf from '@tensorflow/tfjs-core';
import { selectBackend } from '../../../runtime/tf/backend';
import { createSgd } from '../../../runtime/train/optimizers';
import { trainStep } from '../../../runtime/train/step';
import { attach, batchFor, makeModel } from './helpers';

before(async () => {
  await selectBackend('cpu');
});

/** One plain-SGD step; returns each trainable's update (after − before) by local name. */
async function updates(
  method: string,
  params: Record<string, number | boolean>,
): Promise<Map<string, Float32Array>> {
  const model = makeModel('mlp', 4);
  const m = attach(model, { method, params, family: 'mlp', identity: false, mergeable: true }, 4);
  const before = new Map(
    m.trainable.map((v: tf.Variable) => [v.name, Float32Array.from(v.dataSync())]),
  );
  const opt = createSgd({ momentum: 0 });
  await trainStep(model, m, opt, batchFor('mlp', 1), 0.1, 0, 1);
  const out = new Map<string, Float32Array>();
  for (const v of m.trainable)
    out.set(
      v.name.replace(/^peft\d+\.\w+\./, ''),
      Float32Array.from(v.dataSync(), (x, i) => x - before.get(v.name)![i]!),
    );
  m.dispose();
  model.dispose();
  return out;
}

void test('LoRA+: lora_B moves loraplus_lr_ratio times as far as plain LoRA in one SGD step; lora_A does not change rate', async () => {
  const common = { r: 2, lora_alpha: 4, init_lora_weights: false };
  const plain = await updates('lora', common);
  const plus = await updates('lora', { ...common, loraplus_lr_ratio: 4 });
  let checkedB = 0;
  for (const [name, d] of plain) {
    const ratio = name.endsWith('lora_B') ? 4 : 1;
    if (ratio === 4) checkedB++;
    const p = plus.get(name)!;
    for (let i = 0; i < d.length; i++)
      assert.ok(
        Math.abs(p[i]! - ratio * d[i]!) <= 1e-5 + 1e-4 * Math.abs(d[i]!),
        `${name}[${i}]: ${p[i]} vs ${ratio}×${d[i]}`,
      );
  }
  assert.ok(checkedB > 0, 'some lora_B variables were compared');
});

void test('the loraplus preset defaults the ratio to 16 and a written ratio wins', async () => {
  const common = { r: 2, lora_alpha: 4, init_lora_weights: false };
  const plain = await updates('lora', common);
  const preset = await updates('loraplus', common);
  const written = await updates('loraplus', { ...common, loraplus_lr_ratio: 2 });
  const b = [...plain.keys()].find((k) => k.endsWith('lora_B'))!;
  const at = plain.get(b)!.findIndex((x) => Math.abs(x) > 1e-6);
  assert.ok(Math.abs(preset.get(b)![at]! / plain.get(b)![at]! - 16) < 1e-3);
  assert.ok(Math.abs(written.get(b)![at]! / plain.get(b)![at]! - 2) < 1e-3);
});
