/**
 * The fused GEMM against tfjs-wasm's XNNPACK matmul on the reference trial's shapes (forward x·W,
 * dX = dY·Wᵀ, dW = Xᵀ·dY), same process, interleaved, medians; and its agreement with XNNPACK.
 * Run: `npx tsx test/bench/runtime-gemm.ts [reps]` (2 threads; PEFT_KERNEL_FMA=0 for the plain build).
 */
import * as tf from '@tensorflow/tfjs-core';
import { selectBackend } from '../../runtime/tf/backend';
import { GEMM, MATMUL_SMALL } from '../../runtime/tf/kernels/fused';

const SHAPES: [string, number, number, number, boolean, boolean][] = [
  // name, m, k, n, transA, transB
  ['fwd x·W 128→128', 2048, 128, 128, false, false],
  ['fwd x·W 128→512', 2048, 128, 512, false, false],
  ['fwd x·W 512→128', 2048, 512, 128, false, false],
  ['dX dY·Wᵀ 512→128', 2048, 512, 128, false, true],
  ['dX dY·Wᵀ 128→512', 2048, 128, 512, false, true],
  ['dW Xᵀ·dY 128×128', 128, 2048, 128, true, false],
  ['dW Xᵀ·dY 128×512', 128, 2048, 512, true, false],
  ['dW Xᵀ·dY 512×128', 512, 2048, 128, true, false],
  // LoRA r 8 on q, v: x·A, (xA)·B and their gradients.
  ['LoRA x·A', 2048, 128, 8, false, false],
  ['LoRA (xA)·B', 2048, 8, 128, false, false],
  ['LoRA dY·Bᵀ', 2048, 128, 8, false, true],
  ['LoRA (xA)ᵀ·dY', 8, 2048, 128, true, false],
  ['LoRA xᵀ·d(xA)', 128, 2048, 8, true, false],
  ['LoRA d(xA)·Aᵀ', 2048, 8, 128, false, true],
];

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

async function main(): Promise<void> {
  const reps = Number(process.argv[2] ?? 15);
  await selectBackend('wasm', { wasmThreads: 2 });
  console.log(
    '| shape | before ms (XNNPACK; LoRA: skinny kernel) | GEMM ms | GEMM GFLOP/s | speed-up | max rel. diff |',
  );
  console.log('|---|---:|---:|---:|---:|---:|');
  for (const [name, m, k, n, ta, tb] of SHAPES) {
    const a = tf.randomNormal<tf.Rank.R2>(ta ? [k, m] : [m, k]);
    const b = tf.randomNormal<tf.Rank.R2>(tb ? [n, k] : [k, n]);
    const ours = (): tf.Tensor =>
      tf.engine().runKernel<tf.Tensor>(GEMM, { a, b }, { transA: ta, transB: tb });
    // XNNPACK as the runtime called it before: transposes materialised, then a plain matmul.
    const xnn = (): tf.Tensor =>
      Math.min(m, k, n) <= 16
        ? tf.engine().runKernel<tf.Tensor>(MATMUL_SMALL, { a, b }, { transA: ta, transB: tb })
        : tf.tidy(() => tf.matMul(ta ? tf.transpose(a) : a, tb ? tf.transpose(b) : b));
    const time = (f: () => tf.Tensor): number => {
      const t0 = performance.now();
      const r = f();
      r.dataSync();
      const dt = performance.now() - t0;
      r.dispose();
      return dt;
    };
    const tx: number[] = [];
    const tg: number[] = [];
    for (let r = 0; r < reps + 2; r++) {
      const x = time(xnn);
      const g = time(ours);
      if (r < 2) continue;
      tx.push(x);
      tg.push(g);
    }
    const [x, g] = [xnn(), ours()];
    const diff = tf.tidy(
      () => tf.max(tf.abs(tf.sub(x, g))).dataSync()[0]! / tf.max(tf.abs(x)).dataSync()[0]!,
    );
    [x, g, a, b].forEach((t) => t.dispose());
    const [mx, mg] = [median(tx), median(tg)];
    const gf = (2 * m * k * n) / mg / 1e6;
    console.log(
      `| ${name} [${m},${k}]·[${k},${n}] | ${mx.toFixed(2)} | ${mg.toFixed(2)} | ${gf.toFixed(1)} | ${(mx / mg).toFixed(2)}× | ${diff.toExponential(1)} |`,
    );
  }
}

void main().then(() => process.exit(0));
