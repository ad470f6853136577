/**
 * Profile by op of one reference-trial training step (d128 L4 h4 T64 B32) on a backend:
 * kernel time summed per kernel name and input shapes, LoRA (runtime/peft's, r 8 on q, v) and
 * full fine-tuning. `forward` rows are our custom-gradient wrappers: their time includes the
 * kernels inside them, which are also listed on their own. Kernel timing syncs after every
 * kernel, so the total exceeds a normal step's wall time.
 * Usage: npx tsx test/bench/runtime-profile.ts [wasm|cpu] [lora|full]
 */
import * as tf from '@tensorflow/tfjs-core';
import { selectBackend } from '../../runtime/tf/backend';
import { createTransformer } from '../../runtime/model/transformer';
import { fullFineTuning } from '../../runtime/peft/full';
import { createAdamW } from '../../runtime/train/optimizers';
import { trainStep } from '../../runtime/train/step';
import { lmBatches } from '../../runtime/data/batches';
import { loadCorpus } from '../../runtime/data/corpora';
import { resolveLora } from './runtime-bench-lora';

async function main(): Promise<void> {
  const [backend = 'wasm', mode = 'lora'] = process.argv.slice(2);
  await selectBackend(backend, { wasmThreads: Number(process.env['PEFT_WASM_THREADS'] ?? 2) });
  const m = createTransformer(
    { vocab: 256, width: 128, depth: 4, heads: 4, context: 64, mlpRatio: 4 },
    1,
  );
  const method =
    mode === 'full'
      ? fullFineTuning(m.handle, {}, { seed: 1 })
      : resolveLora()(m.handle, { r: 8, lora_alpha: 16, target_modules: ['q', 'v'] }, { seed: 1 });
  const opt = createAdamW({ lr: 1e-3 });
  const next = lmBatches(loadCorpus('tiny'), 32, 64, 7);
  for (let i = 1; i <= 3; i++) await trainStep(m, method, opt, next(), 1e-3, 1, i);
  const t = performance.now();
  await trainStep(m, method, opt, next(), 1e-3, 1, 4);
  const wall = performance.now() - t;
  const p = await tf.profile(
    async () => void (await trainStep(m, method, opt, next(), 1e-3, 1, 5)),
  );
  const agg = new Map<string, { ms: number; n: number }>();
  let total = 0;
  for (const k of p.kernels) {
    const ms = Number(k.kernelTimeMs);
    const shapes =
      k.name === 'BatchMatMul'
        ? JSON.stringify(k.inputShapes)
        : `rank ${k.inputShapes.map((s) => s?.length ?? 0).join(',')}`;
    const key = `${k.name} ${shapes}`;
    const a = agg.get(key) ?? { ms: 0, n: 0 };
    a.ms += ms;
    a.n++;
    agg.set(key, a);
    if (k.name !== 'forward') total += ms;
  }
  console.log(
    `${backend} ${mode}: step wall ${wall.toFixed(0)} ms unprofiled; profiled kernels (excl. wrappers) ${total.toFixed(0)} ms, ${p.kernels.length} kernel calls`,
  );
  console.log('| ms | share | calls | kernel (inputs) |\n|---:|---:|---:|---|');
  for (const [k, v] of [...agg].sort((a, b) => b[1].ms - a[1].ms).slice(0, 18)) {
    const share = k.startsWith('forward') ? '(wrapper)' : `${((100 * v.ms) / total).toFixed(1)} %`;
    console.log(`| ${v.ms.toFixed(1)} | ${share} | ${v.n} | ${k} |`);
  }
  process.exit(0);
}
void main();
