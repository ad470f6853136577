/**
 * Attach time of the decomposition-based inits (PiSSA SVD, OLoRA QR, LoLDU LU, EVA PCA) on the
 * reference model (width 128, depth 4, all-linear, r = 8), and one LoRA/DoRA training step, on cpu
 * and wasm. Run: npx tsx test/bench/peft-init.ts. Medians of 3.
 */
import { selectBackend } from '../../runtime/tf/backend';
import { createTransformer } from '../../runtime/model/transformer';
import { collectCalibrationInputs, getMethodFactory } from '../../runtime/peft';
import type { LmBatch } from '../../runtime/model/types';

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

function batch(n: number, T: number, seed: number): LmBatch {
  const x = Int32Array.from({ length: n * T }, (_, i) => (i * 31 + seed * 7) % 256);
  return { kind: 'lm', x, y: x.map((v) => (v + 1) % 256), batch: n, time: T };
}

async function main(): Promise<void> {
  for (const backend of ['cpu', 'wasm'] as const) {
    await selectBackend(backend, { wasmThreads: 1 });
    const m = createTransformer(
      { vocab: 256, width: 128, depth: 4, heads: 4, context: 64, mlpRatio: 4 },
      1,
    );
    const inputs = collectCalibrationInputs(m, [batch(8, 64, 1)]);
    for (const name of ['lora', 'pissa', 'olora', 'loldu', 'eva']) {
      const times: number[] = [];
      for (let i = 0; i < 3; i++) {
        const t = performance.now();
        const a = getMethodFactory(name)!(
          m.handle,
          { r: 8, target_modules: 'all-linear' },
          { seed: i, calibrationInputs: () => inputs },
        );
        times.push(performance.now() - t);
        a.dispose();
      }
      process.stdout.write(
        `${backend} ${name} attach (all-linear, 24 sites): ${median(times).toFixed(0)} ms\n`,
      );
    }
    for (const t of inputs.values()) t.dispose();
    m.dispose();
  }
}

void main();
