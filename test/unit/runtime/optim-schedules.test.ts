import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import {
  createAdagrad,
  createAdamW,
  createSgd,
  createOptimizer,
} from '../../../runtime/train/optimizers';
import { createSchedule } from '../../../core/plan/lr-schedule';

const close = (a: number, b: number, tol = 1e-6): void =>
  assert.ok(Math.abs(a - b) < tol, `${a} vs ${b}`);

/** Runs `steps` updates of one scalar parameter with a constant gradient sequence. */
function run(opt: ReturnType<typeof createAdamW>, w0: number, grads: number[], lr: number): number {
  const v = tf.variable(tf.scalar(w0));
  for (const g of grads) {
    const gt = tf.scalar(g);
    opt.step([v], new Map([[v, gt]]), lr);
    gt.dispose();
  }
  const out = v.dataSync()[0]!;
  v.dispose();
  opt.dispose();
  return out;
}

void test('AdamW matches hand-computed steps (bias correction, decoupled decay)', async () => {
  await tf.setBackend('cpu');
  const [b1, b2, eps, wd, lr] = [0.9, 0.999, 1e-8, 0.1, 0.01];
  let w = 1;
  let m = 0;
  let s = 0;
  const grads = [0.5, -0.2, 0.3];
  grads.forEach((g, i) => {
    const t = i + 1;
    m = b1 * m + (1 - b1) * g;
    s = b2 * s + (1 - b2) * g * g;
    w = w * (1 - lr * wd) - (lr * (m / (1 - b1 ** t))) / (Math.sqrt(s / (1 - b2 ** t)) + eps);
  });
  close(run(createAdamW({ weight_decay: wd }), 1, grads, lr), w, 1e-6);
});

void test('SGD with momentum and AdaGrad match their PyTorch update rules', async () => {
  await tf.setBackend('cpu');
  // SGD: buf = 0.9·buf + g; w -= lr·buf
  let w = 2;
  let buf = 0;
  for (const g of [1, 1, -2]) {
    buf = 0.9 * buf + g;
    w -= 0.1 * buf;
  }
  close(run(createSgd({ momentum: 0.9 }), 2, [1, 1, -2], 0.1), w);
  // AdaGrad: acc += g²; w -= lr·g/(√acc + 1e-10)
  let w2 = 0;
  let acc = 0;
  for (const g of [2, -1]) {
    acc += g * g;
    w2 -= (0.5 * g) / (Math.sqrt(acc) + 1e-10);
  }
  close(run(createAdagrad({}), 0, [2, -1], 0.5), w2);
  assert.throws(() => createOptimizer({ name: 'lion', params: {} }), /unknown optimizer "lion"/);
});

void test('schedules: constant, linear warm-up, cosine and WSD values', () => {
  const c = createSchedule({ name: 'constant', params: {} }, 1, 100);
  assert.equal(c(0), 1);
  assert.equal(c(99), 1);
  const lw = createSchedule({ name: 'linear_warmup', params: { warmup: 0.1 } }, 1, 100);
  close(lw(0), 0.1);
  close(lw(4), 0.5);
  assert.equal(lw(10), 1);
  assert.equal(lw(90), 1);
  const cos = createSchedule({ name: 'cosine', params: { warmup: 0 } }, 2, 101);
  close(cos(0), 2);
  close(cos(50), 1);
  close(cos(100), 0);
  const wsd = createSchedule({ name: 'wsd', params: { warmup: 0.1, decay: 0.2 } }, 1, 100);
  close(wsd(4), 0.5); // warming up
  assert.equal(wsd(50), 1); // stable
  assert.equal(wsd(79), 1); // last stable step
  close(wsd(89), 0.5); // halfway through the decay
  close(wsd(99), 0); // decayed to zero at the end
  assert.throws(
    () => createSchedule({ name: 'step', params: {} }, 1, 10),
    /unknown schedule "step"/,
  );
});
