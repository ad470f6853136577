import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { selectBackend } from '../../../runtime/tf/backend';
import { hasFusedKernels, MATMUL_SMALL, TRANSPOSE } from '../../../runtime/tf/kernels/fused';
import { createAdamW } from '../../../runtime/train/optimizers';
import { crossEntropy, crossEntropyComposite } from '../../../runtime/model/transformer';
import {
  causalAttention,
  causalAttentionComposite,
  gelu,
  geluComposite,
  layerNorm,
  layerNormComposite,
} from '../../../runtime/model/layers';

/** Largest absolute difference between two tensors. */
function maxDiff(a: tf.Tensor, b: tf.Tensor): number {
  return tf.tidy(() => tf.max(tf.abs(tf.sub(a, b))).dataSync()[0]!);
}

/** Value and gradients of sum(f(inputs) ⊙ w) for a fixed random w (so every output matters). */
function valueAndGrads(
  f: (...xs: tf.Tensor[]) => tf.Tensor,
  xs: tf.Tensor[],
  w: tf.Tensor,
): { y: tf.Tensor; grads: tf.Tensor[] } {
  const y = f(...xs);
  const grads = tf.grads((...a: tf.Tensor[]) => tf.sum(tf.mul(f(...a), w)))(xs);
  return { y, grads };
}

void test('the fused causal-attention kernel matches the tfjs ops, value and gradients', async () => {
  assert.equal(await selectBackend('wasm'), 'wasm');
  assert.ok(hasFusedKernels(), 'the wasm backend registers the fused kernels');
  for (const [B, T, H, dh] of [
    [2, 16, 2, 8],
    [3, 64, 4, 32],
    [1, 5, 1, 4],
  ] as const) {
    const xs = [1, 2, 3].map((s) =>
      tf.randomNormal<tf.Rank.R2>([B * T, H * dh], 0, 1, 'float32', s),
    );
    const w = tf.randomNormal([B * T, H * dh], 0, 1, 'float32', 9);
    const fused = valueAndGrads(
      (q, k, v) => causalAttention(q as tf.Tensor2D, k as tf.Tensor2D, v as tf.Tensor2D, B, T, H),
      xs,
      w,
    );
    const ref = valueAndGrads(
      (q, k, v) =>
        causalAttentionComposite(q as tf.Tensor2D, k as tf.Tensor2D, v as tf.Tensor2D, B, T, H),
      xs,
      w,
    );
    assert.ok(
      maxDiff(fused.y, ref.y) < 1e-5,
      `attention value B${B} T${T} H${H} dh${dh}: ${maxDiff(fused.y, ref.y)}`,
    );
    ['dq', 'dk', 'dv'].forEach((name, i) => {
      const e = maxDiff(fused.grads[i]!, ref.grads[i]!);
      assert.ok(e < 1e-4, `attention ${name} B${B} T${T} H${H} dh${dh}: max diff ${e}`);
    });
    // A future token must not influence an earlier output (the causal mask holds).
    const k2 = tf.tidy(() =>
      tf.concat([tf.slice(xs[1]!, [0, 0], [T - 1, H * dh]), tf.fill([1, H * dh], 7)]),
    );
    const y2 = causalAttention(
      xs[0] as tf.Tensor2D,
      k2 as tf.Tensor2D,
      xs[2] as tf.Tensor2D,
      B,
      T,
      H,
    );
    assert.ok(
      maxDiff(tf.slice(y2, [0, 0], [T - 1, H * dh]), tf.slice(fused.y, [0, 0], [T - 1, H * dh])) <
        1e-6,
      'causal',
    );
  }
});

void test('the fused GELU kernel matches the tfjs ops, value and gradient, across its range', async () => {
  assert.equal(await selectBackend('wasm'), 'wasm');
  // Includes large |x| (tanh saturates) and a length that is not a multiple of 4.
  const x = tf.concat([
    tf.randomNormal([1023], 0, 3, 'float32', 4),
    tf.tensor1d([-30, -9, 0, 9, 30]),
  ]);
  const w = tf.randomNormal([1028], 0, 1, 'float32', 5);
  const fused = valueAndGrads((a) => gelu(a), [x], w);
  const ref = valueAndGrads((a) => geluComposite(a), [x], w);
  assert.ok(maxDiff(fused.y, ref.y) < 2e-6 * 30, `gelu value: ${maxDiff(fused.y, ref.y)}`);
  assert.ok(
    maxDiff(fused.grads[0]!, ref.grads[0]!) < 1e-5,
    `gelu grad: ${maxDiff(fused.grads[0]!, ref.grads[0]!)}`,
  );
});

void test('finite differences confirm the fused attention gradient', async () => {
  assert.equal(await selectBackend('wasm'), 'wasm');
  const [B, T, H, dh] = [1, 6, 2, 4];
  const q = tf.randomNormal<tf.Rank.R2>([B * T, H * dh], 0, 1, 'float32', 11);
  const k = tf.randomNormal<tf.Rank.R2>([B * T, H * dh], 0, 1, 'float32', 12);
  const v = tf.randomNormal<tf.Rank.R2>([B * T, H * dh], 0, 1, 'float32', 13);
  const w = tf.randomNormal([B * T, H * dh], 0, 1, 'float32', 14);
  const loss = (qq: tf.Tensor2D): number =>
    tf.tidy(() => tf.sum(tf.mul(causalAttention(qq, k, v, B, T, H), w)).dataSync()[0]!);
  const g = tf
    .grad((qq: tf.Tensor) => tf.sum(tf.mul(causalAttention(qq as tf.Tensor2D, k, v, B, T, H), w)))(
      q,
    )
    .dataSync();
  const base = q.dataSync();
  const eps = 1e-2;
  for (const idx of [0, 5, 17, 33, 47]) {
    const plus = Float32Array.from(base);
    const minus = Float32Array.from(base);
    plus[idx]! += eps;
    minus[idx]! -= eps;
    const fd = (loss(tf.tensor2d(plus, q.shape)) - loss(tf.tensor2d(minus, q.shape))) / (2 * eps);
    assert.ok(
      Math.abs(fd - g[idx]!) < 2e-3 * Math.max(1, Math.abs(fd)),
      `dq[${idx}]: analytic ${g[idx]} vs finite difference ${fd}`,
    );
  }
});

void test('the fused LayerNorm kernel matches the tfjs ops, value and all three gradients', async () => {
  assert.equal(await selectBackend('wasm'), 'wasm');
  const x = tf.add<tf.Tensor2D>(tf.randomNormal<tf.Rank.R2>([37, 24], 0, 2, 'float32', 21), 3);
  const gain = tf.randomNormal<tf.Rank.R1>([24], 1, 0.3, 'float32', 22);
  const bias = tf.randomNormal<tf.Rank.R1>([24], 0, 0.3, 'float32', 23);
  const w = tf.randomNormal([37, 24], 0, 1, 'float32', 24);
  const f = (a: tf.Tensor, g: tf.Tensor, b: tf.Tensor): tf.Tensor =>
    layerNorm(a as tf.Tensor2D, g as tf.Tensor1D, b as tf.Tensor1D);
  const c = (a: tf.Tensor, g: tf.Tensor, b: tf.Tensor): tf.Tensor =>
    layerNormComposite(a as tf.Tensor2D, g as tf.Tensor1D, b as tf.Tensor1D);
  const fused = valueAndGrads(f, [x, gain, bias], w);
  const ref = valueAndGrads(c, [x, gain, bias], w);
  assert.ok(maxDiff(fused.y, ref.y) < 1e-5, `layer norm value: ${maxDiff(fused.y, ref.y)}`);
  ['dx', 'dgain', 'dbias'].forEach((name, i) => {
    const e = maxDiff(fused.grads[i]!, ref.grads[i]!);
    assert.ok(e < 1e-4, `layer norm ${name}: max diff ${e}`);
  });
});

void test('the skinny matmul kernel equals tf.matMul with and without folded transposes, odd sizes included', async () => {
  assert.equal(await selectBackend('wasm'), 'wasm');
  for (const [m, k, n] of [
    [37, 13, 5],
    [8, 130, 7],
    [3, 2, 129],
    [64, 8, 128],
  ] as const) {
    const cases: [boolean, boolean][] = [
      [false, false],
      [true, false],
      [false, true],
    ];
    for (const [ta, tb] of cases) {
      const a = tf.randomNormal<tf.Rank.R2>(ta ? [k, m] : [m, k], 0, 1, 'float32', m + k);
      const b = tf.randomNormal<tf.Rank.R2>(tb ? [n, k] : [k, n], 0, 1, 'float32', k + n);
      const got = tf
        .engine()
        .runKernel<tf.Tensor2D>(MATMUL_SMALL, { a, b }, { transA: ta, transB: tb });
      const want = tf.matMul(a, b, ta, tb);
      assert.deepEqual(got.shape, [m, n]);
      assert.ok(
        maxDiff(got, want) < 1e-4,
        `m${m} k${k} n${n} ta${ta} tb${tb}: ${maxDiff(got, want)}`,
      );
    }
  }
});

void test('the blocked transpose kernel equals tf.transpose, edges and one-row shapes included', async () => {
  assert.equal(await selectBackend('wasm'), 'wasm');
  for (const [m, n] of [
    [2048, 128],
    [37, 70],
    [5, 3],
    [1, 9],
    [66, 1],
  ] as const) {
    const x = tf.randomNormal<tf.Rank.R2>([m, n], 0, 1, 'float32', m * n);
    const got = tf.engine().runKernel<tf.Tensor2D>(TRANSPOSE, { x }, {});
    assert.deepEqual(got.shape, [n, m]);
    assert.equal(maxDiff(got, tf.transpose(x)), 0, `transpose ${m}×${n}`);
  }
});

void test('the fused cross-entropy kernel matches the tfjs ops, loss and gradient, with extreme logits', async () => {
  assert.equal(await selectBackend('wasm'), 'wasm');
  const [n, c] = [53, 19];
  const logits = tf.concat<tf.Tensor2D>([
    tf.randomNormal<tf.Rank.R2>([n - 1, c], 0, 3, 'float32', 31),
    tf.fill([1, c], 80),
  ]);
  const ids = Int32Array.from({ length: n }, (_, i) => (i * 7) % c);
  const fused = valueAndGrads(
    (l) => crossEntropy(l as tf.Tensor2D, ids, c),
    [logits],
    tf.scalar(1.7),
  );
  const ref = valueAndGrads(
    (l) => crossEntropyComposite(l as tf.Tensor2D, ids, c),
    [logits],
    tf.scalar(1.7),
  );
  assert.ok(
    maxDiff(fused.y, ref.y) < 1e-5,
    `loss ${fused.y.dataSync()[0]} vs ${ref.y.dataSync()[0]}`,
  );
  assert.ok(
    maxDiff(fused.grads[0]!, ref.grads[0]!) < 1e-6,
    `dlogits: ${maxDiff(fused.grads[0]!, ref.grads[0]!)}`,
  );
});

void test('the fused AdamW update equals the tfjs-ops update over several steps, decay on and off', async () => {
  const run = async (backend: string, wd: number): Promise<number[]> => {
    assert.equal(await selectBackend(backend), backend);
    const v = tf.variable(tf.tensor1d(Array.from({ length: 13 }, (_, i) => Math.cos(i))));
    const opt = createAdamW({ lr: 0.05, weight_decay: wd });
    for (let t = 1; t <= 4; t++)
      opt.step(
        [v],
        new Map([[v, tf.tensor1d(Array.from({ length: 13 }, (_, i) => Math.sin(i * t) - 0.3))]]),
        0.05,
      );
    const out = Array.from(v.dataSync());
    opt.dispose();
    v.dispose();
    return out;
  };
  for (const wd of [0.01, 0]) {
    const [wasm, cpu] = [await run('wasm', wd), await run('cpu', wd)];
    wasm.forEach((x, i) =>
      assert.ok(
        Math.abs(x - cpu[i]!) < 1e-6,
        `weight_decay ${wd}, element ${i}: wasm ${x} vs cpu ${cpu[i]}`,
      ),
    );
    assert.ok(
      wasm.some((x, i) => Math.abs(x - Math.cos(i)) > 0.1),
      'the weights moved',
    );
  }
});
