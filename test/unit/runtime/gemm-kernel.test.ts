import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { selectBackend } from '../../../runtime/tf/backend';
import { COLUMN_SUM, GEMM } from '../../../runtime/tf/kernels/fused';
import { relaxedSimd } from '../../../runtime/tf/kernels/module';
import {
  KERNELS_WASM_BASE64,
  KERNELS_WASM_FMA_BASE64,
} from '../../../runtime/tf/kernels/kernels-wasm';

type Gemm = (...args: number[]) => number;

/** One build of the module on its own memory, with a bump allocator over it (byte offsets). */
function standalone(b64: string) {
  const memory = new WebAssembly.Memory({ initial: 256 });
  const mod = new WebAssembly.Module(Buffer.from(b64, 'base64'));
  const k = new WebAssembly.Instance(mod, { env: { memory } }).exports as Record<string, Gemm>;
  const f = new Float32Array(memory.buffer);
  let top = 64;
  const alloc = (n: number): number => {
    const at = top;
    top += 4 * (n + 16); // 16 guard floats after every block
    return at;
  };
  const reset = (): void => void (top = 64);
  return { k, f, alloc, reset };
}

/** op(A)·op(B) + bias in float64, A stored [m, k] (or [k, m] when ta), B [k, n] (or [n, k]). */
function reference(
  a: Float32Array,
  b: Float32Array,
  bias: Float32Array | null,
  m: number,
  k: number,
  n: number,
  ta: boolean,
  tb: boolean,
): Float64Array {
  const c = new Float64Array(m * n);
  for (let i = 0; i < m; i++)
    for (let j = 0; j < n; j++) {
      let s = bias ? bias[j]! : 0;
      for (let p = 0; p < k; p++)
        s += a[ta ? p * m + i : i * k + p]! * b[tb ? j * k + p : p * n + j]!;
      c[i * n + j] = s;
    }
  return c;
}

const SENTINEL = -12345.5;

void test('the GEMM kernel (plain and FMA builds) matches a float64 product for every transpose, edge and block size, and writes only its block', () => {
  assert.ok(relaxedSimd(), 'Node 20 runs the relaxed-SIMD build once its flag is on');
  const builds = [
    ['plain', KERNELS_WASM_BASE64],
    ['fma', KERNELS_WASM_FMA_BASE64],
  ] as const;
  let seed = 1;
  const rand = (): number => ((seed = (seed * 48271) % 2147483647) / 2147483647) * 2 - 1;
  // m, k, n: rows past a multiple of 4, k past one K block (256), n past one N block (256), n ≡ 4 (mod 8).
  const shapes = [
    [1, 1, 4],
    [5, 3, 12],
    [130, 300, 264],
    [7, 513, 8],
    [64, 17, 36],
  ] as const;
  for (const [name, b64] of builds) {
    const { k: kern, f, alloc, reset } = standalone(b64);
    for (const [m, k, n] of shapes)
      for (const ta of [false, true])
        for (const tb of [false, true])
          for (const withBias of [false, true]) {
            reset();
            const a = Float32Array.from({ length: m * k }, rand);
            const b = Float32Array.from({ length: k * n }, rand);
            const bias = withBias ? Float32Array.from({ length: n }, rand) : null;
            const [pa, pb, pbias, pc] = [alloc(m * k), alloc(k * n), alloc(n), alloc(m * n)];
            const scratch = alloc(kern['gemm_scratch']!());
            f.set(a, pa / 4);
            f.set(b, pb / 4);
            if (bias) f.set(bias, pbias / 4);
            f.fill(SENTINEL, pc / 4 - 16, pc / 4 + m * n + 16);
            const [sai, sap] = ta ? [1, m] : [k, 1];
            const [sbk, sbn] = tb ? [1, k] : [n, 1];
            // Two blocks, as two threads would take them: rows [0, h) and [h, m) (h a multiple of 4).
            const h = Math.min(m, 4 * Math.ceil(m / 8));
            for (const [i0, i1] of <[number, number][]>[
              [0, h],
              [h, m],
            ])
              if (i1 > i0)
                kern['gemm']!(
                  pa,
                  pb,
                  bias ? pbias : 0,
                  pc,
                  scratch,
                  i0,
                  i1,
                  0,
                  n,
                  k,
                  n,
                  sai,
                  sap,
                  sbk,
                  sbn,
                );
            const want = reference(a, b, bias, m, k, n, ta, tb);
            let worst = 0;
            for (let i = 0; i < m * n; i++)
              worst = Math.max(
                worst,
                Math.abs(f[pc / 4 + i]! - want[i]!) / (1 + Math.abs(want[i]!)),
              );
            const where = `${name} m${m} k${k} n${n} ta${ta} tb${tb} bias${withBias}`;
            assert.ok(worst < 1e-5, `${where}: relative error ${worst}`);
            for (let g = 1; g <= 16; g++) {
              assert.equal(f[pc / 4 - g], SENTINEL, `${where}: wrote before C`);
              assert.equal(f[pc / 4 + m * n + g - 1], SENTINEL, `${where}: wrote past C`);
            }
          }
  }
});

void test('the GEMM kernel splits by columns too (a K-long weight gradient) and the column sum adds every row', () => {
  const { k: kern, f, alloc } = standalone(KERNELS_WASM_FMA_BASE64);
  const [m, k, n] = [12, 700, 40];
  const a = Float32Array.from({ length: m * k }, (_, i) => Math.sin(i));
  const b = Float32Array.from({ length: k * n }, (_, i) => Math.cos(i * 0.7));
  const [pa, pb, pc, s] = [
    alloc(m * k),
    alloc(k * n),
    alloc(m * n),
    alloc(kern['gemm_scratch']!()),
  ];
  f.set(a, pa / 4);
  f.set(b, pb / 4);
  // op(A) = Aᵀ of a stored [k, m]: the dW = Xᵀ·dY layout; columns [0, 16) then [16, 40).
  for (const [j0, j1] of <[number, number][]>[
    [0, 16],
    [16, 40],
  ])
    kern['gemm']!(pa, pb, 0, pc, s, 0, m, j0, j1, k, n, 1, m, n, 1);
  const want = reference(a, b, null, m, k, n, true, false);
  for (let i = 0; i < m * n; i++)
    assert.ok(
      Math.abs(f[pc / 4 + i]! - want[i]!) < 1e-3,
      `C[${i}] = ${f[pc / 4 + i]} vs ${want[i]}`,
    );
  // colsum over x = b [k, n]: columns [0, 16) then [16, 40) (a 4-wide and a scalar tail past 32).
  const py = alloc(n);
  f.fill(SENTINEL, py / 4, py / 4 + n + 4);
  kern['colsum']!(pb, py, k, n, 0, 16);
  kern['colsum']!(pb, py, k, n, 16, 37);
  kern['colsum']!(pb, py, k, n, 37, 40);
  for (let j = 0; j < n; j++) {
    let sum = 0;
    for (let i = 0; i < k; i++) sum += b[i * n + j]!;
    assert.ok(Math.abs(f[py / 4 + j]! - sum) < 1e-3, `colsum[${j}] ${f[py / 4 + j]} vs ${sum}`);
  }
  assert.equal(f[py / 4 + n], SENTINEL, 'colsum wrote past y');
});

void test('on the wasm backend PeftGemm equals tf.matMul (+ bias), and PeftColumnSum equals tf.sum', async () => {
  assert.equal(await selectBackend('wasm'), 'wasm');
  for (const [m, k, n] of [
    [2048, 128, 512],
    [128, 2048, 128],
    [9, 33, 20],
  ] as const)
    for (const [ta, tb] of [
      [false, false],
      [true, false],
      [false, true],
    ] as const) {
      tf.tidy(() => {
        const a = tf.randomNormal<tf.Rank.R2>(ta ? [k, m] : [m, k], 0, 1, 'float32', m + k);
        const b = tf.randomNormal<tf.Rank.R2>(tb ? [n, k] : [k, n], 0, 1, 'float32', k + n);
        const bias = tf.randomNormal<tf.Rank.R1>([n], 0, 1, 'float32', n);
        const got = tf
          .engine()
          .runKernel<tf.Tensor2D>(GEMM, { a, b, bias }, { transA: ta, transB: tb });
        const want = tf.add(tf.matMul(a, b, ta, tb), bias);
        assert.deepEqual(got.shape, [m, n]);
        const err = tf.max(tf.abs(tf.sub(got, want))).dataSync()[0]!;
        assert.ok(err < 1e-3, `m${m} k${k} n${n} ta${ta} tb${tb}: ${err}`);
        const sum = tf.engine().runKernel<tf.Tensor1D>(COLUMN_SUM, { x: got }, {});
        const e2 = tf.max(tf.abs(tf.sub(sum, tf.sum(got, 0)))).dataSync()[0]!;
        assert.ok(e2 < 1e-2, `column sum ${m}×${n}: ${e2}`);
      });
    }
});
