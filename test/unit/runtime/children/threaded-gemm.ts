// Child of wasm-threads-exit.test.ts: threaded wasm with the kernel helper, a few GEMMs through
// tfjs, one JSON line of what ran, and then nothing: the process must exit on its own.
import * as tf from '@tensorflow/tfjs-core';
import { selectBackend, wasmThreadsInUse } from '../../../../runtime/tf/backend';
import { GEMM } from '../../../../runtime/tf/kernels/fused';
import { activeKernelPool } from '../../../../runtime/tf/kernels/module';

void (async () => {
  await selectBackend('wasm', { wasmThreads: 2 });
  let err = 0;
  for (const [m, k, n] of [
    [512, 128, 384],
    [128, 512, 128],
  ] as const)
    tf.tidy(() => {
      const a = tf.randomNormal<tf.Rank.R2>([m, k], 0, 1, 'float32', m);
      const b = tf.randomNormal<tf.Rank.R2>([k, n], 0, 1, 'float32', n);
      const got = tf
        .engine()
        .runKernel<tf.Tensor2D>(GEMM, { a, b }, { transA: false, transB: false });
      const want = tf.matMul(a, b);
      err = Math.max(err, tf.max(tf.abs(tf.sub(got, want))).dataSync()[0]!);
    });
  const pool = activeKernelPool();
  console.log(
    JSON.stringify({ threads: wasmThreadsInUse(), err, shared: pool?.stats.shared ?? 0 }),
  );
})();
