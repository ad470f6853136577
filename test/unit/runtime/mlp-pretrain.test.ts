// The MLP classifier pretrains like the transformer: full training on a labelled corpus (here the
// Fashion-MNIST slice), cached by config, so a LoRA trial on it starts from a base that already
// classifies, and the second trial loads the cached weights instead of pretraining again.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { TrialConfig } from '../../../core/types/plan';
import { runTrial } from '../../../runtime/train/run-trial';
import { tinyTrial } from './helpers';

const data = { name: 'fashion', corpus: 'tiny-fashion', holdout: 0.2, params: {} };
const params = { n_in: 784, hidden: [32], classes: 10 };

function trial(pretrain: boolean): TrialConfig {
  return tinyTrial({
    model: {
      name: 'mlp',
      family: 'mlp',
      params,
      ...(pretrain ? { pretrain: { data, steps: 120, lr: 1e-2, batch: 32, seed: 0 } } : {}),
    },
    data,
    adapter: {
      name: 'lora',
      method: 'lora',
      params: { r: 1, lora_alpha: 2, target_modules: ['layers.0'] },
    },
    optimizer: { name: 'adamw', params: { lr: 1e-3 } },
    batch: 32,
    steps: 5,
    evalEvery: 0,
  });
}

void test('a pretrained MLP base classifies before LoRA does much; the base is cached', async () => {
  const cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), 'peft-mlp-pre-'));
  const logs: string[] = [];
  const opts = {
    cacheDir,
    backend: 'wasm',
    onMetric: () => undefined,
    log: (l: string) => logs.push(l),
  };
  const scratch = await runTrial(trial(false), opts);
  const pre = await runTrial(trial(true), opts);
  assert.equal(pre.status, 'done');
  assert.ok(
    logs.some((l) => /pretraining 120 steps on tiny-fashion/.test(l)),
    logs.join('\n'),
  );
  // Five steps of a rank-1 adapter on one layer barely move a random base (chance is 0.1).
  assert.ok(
    scratch.final['eval_accuracy']! < 0.4,
    `from scratch: ${scratch.final['eval_accuracy']}`,
  );
  assert.ok(pre.final['eval_accuracy']! > 0.55, `pretrained: ${pre.final['eval_accuracy']}`);
  const files = fs
    .readdirSync(cacheDir)
    .filter((f) => f.startsWith('mlp-') && f.endsWith('.safetensors'));
  assert.equal(files.length, 1, files.join(', '));
  logs.length = 0;
  const again = await runTrial(trial(true), opts);
  assert.ok(
    logs.some((l) => /base mlp: loaded mlp-/.test(l)),
    logs.join('\n'),
  );
  assert.equal(again.final['eval_accuracy'], pre.final['eval_accuracy']);
});
