// @lane integration: the project's Python with torch + transformers + peft (scripts/python-env.sh)
// `peft run` on a Hugging Face model: a small Llama-architecture model made from a config.json, pretrained
// once on SOTU text (cached), fine-tuned with LoRA and DoRA built by peft on Moby Dick; the store holds
// the usual files and PEFT's safetensors adapter (DoRA with its magnitude vectors).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { readTrialStatus } from '../../../store';
import { decodeSafetensors } from '../../../runtime/io/safetensors';
import { peft, tempProject } from '../sweeps/helpers';
import { requireTorch } from './helpers';

const REPO = resolve(import.meta.dirname, '../../..');
const FILE = `data pre = corpus "tiny"
data task = corpus "tiny-moby" { holdout = 10% }
model m = hf {
  config = "config.json"  tokenizer = "bytes"  context = 32  precision = fp32
  pretrain { data = pre  steps = 40  lr = 3e-3  batch = 8 }
}
adapter lo = lora { target_modules = [q_proj, v_proj]  r = 4  lora_alpha = 8 }
adapter do = lo { use_dora = true }
run ft {
  model = m  data = task  backend = "torch"
  adapter = sweep [lo, do]
  optimizer = adamw { lr = 3e-3 }
  batch = 8  steps = 20  eval_every = 10  metric = eval_loss
}
`;

void test(
  'peft run trains LoRA and DoRA through peft on a pretrained Llama-architecture model',
  { timeout: 280_000 },
  async () => {
    requireTorch();
    const { dir, file } = tempProject('hfrun', FILE);
    copyFileSync(
      join(REPO, 'examples', 'models', 'tiny-llama', 'config.json'),
      join(dir, 'config.json'),
    );
    const p = peft(['run', file, '--workers', '1'], dir);
    assert.equal(await p.exit, 0, p.stderr());
    assert.ok(
      readdirSync(join(dir, '.peft', 'cache')).some((f) => f.startsWith('hf-')),
      'the pretrained base is cached',
    );
    const exp = join(dir, '.peft', 'runs', 'hfrun');
    const keys: string[][] = [];
    for (const id of readdirSync(exp).filter((f) => /^[0-9a-f]+$/.test(f))) {
      assert.equal(readTrialStatus(dir, 'hfrun', id)?.state, 'done');
      assert.equal(readTrialStatus(dir, 'hfrun', id)?.backend, 'torch-cpu');
      const evals = readFileSync(join(exp, id, 'metrics.jsonl'), 'utf8')
        .trim()
        .split('\n')
        .map(
          (l) => JSON.parse(l) as { kind: string; step: number; metrics?: { eval_loss: number } },
        )
        .filter((r) => r.kind === 'eval');
      assert.deepEqual(
        evals.map((e) => e.step),
        [10, 20],
      );
      assert.ok(
        evals[1]!.metrics!.eval_loss < evals[0]!.metrics!.eval_loss,
        `${id}: eval loss did not fall`,
      );
      assert.ok(existsSync(join(exp, id, 'adapter.safetensors')));
      keys.push(
        [
          ...decodeSafetensors(readFileSync(join(exp, id, 'adapter.safetensors'))).tensors.keys(),
        ].sort(),
      );
    }
    assert.equal(keys.length, 2);
    assert.ok(
      keys.every((k) => k.some((n) => n.includes('layers.1.self_attn.v_proj.lora_B'))),
      JSON.stringify(keys),
    );
    assert.equal(
      keys.filter((k) => k.some((n) => n.includes('lora_magnitude_vector'))).length,
      1,
      'exactly the DoRA trial has magnitudes',
    );
  },
);
