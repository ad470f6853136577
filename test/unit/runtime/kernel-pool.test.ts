import { test } from 'node:test';
import assert from 'node:assert/strict';
import { KERNELS_WASM_SHARED_BASE64 } from '../../../runtime/tf/kernels/kernels-wasm';
import { bindKernels, runParts } from '../../../runtime/tf/kernels/module';
import { KernelPool } from '../../../runtime/tf/kernels/pool';

// The fused kernels on a shared memory (as tfjs' pthread build has) get a helper thread. A call
// in chunks must give exactly what one unchunked call gives, whichever thread runs which chunk,
// and the helper alone must produce the same (the test seam `helperOnly`).
void test('kernel calls in chunks, shared with the helper thread or left to it, equal one call', () => {
  process.env['PEFT_KERNEL_THREADS'] = '2';
  const memory = new WebAssembly.Memory({ initial: 64, maximum: 65536, shared: true });
  const b = bindKernels(memory);
  assert.ok(b.pool, 'a shared memory starts the helper thread');
  const f = new Float32Array(memory.buffer);
  const n = 10001; // not a multiple of 4: the last chunk ends in a scalar tail
  for (let i = 0; i < n; i++) f[i] = Math.sin(i) * 4;
  const [x, y1, y2] = [0, 4 * 12000, 4 * 24000];
  const parts = [0, 2500, 5000, 7500].map((lo) => [
    x + 4 * lo,
    y1 + 4 * lo,
    Math.min(2500, n - lo),
  ]);
  parts[3]![2] = n - 7500;
  runParts(b, 'gelu_fwd', [[x, y2, n]]);
  const call = (a: number[]): void => b.k.gelu_fwd(a[0]!, a[1]!, a[2]!);
  for (const helperOnly of [false, true, false, true]) {
    f.fill(NaN, y1 / 4, y1 / 4 + n + 4);
    b.pool.run('gelu_fwd', parts, call, helperOnly);
    for (let i = 0; i < n; i++) assert.equal(f[y1 / 4 + i], f[y2 / 4 + i], `element ${i}`);
    assert.ok(Number.isNaN(f[y1 / 4 + n]!), 'nothing is written past the operand');
  }
  // Attention in chunks of (batch, head) pairs, each chunk with its own scratch.
  const [B, T, H, dh] = [2, 12, 2, 8];
  const sz = B * T * H * dh;
  const [q, k, v] = [0, 1, 2].map((i) => 4 * (60000 + i * sz)) as [number, number, number];
  for (let i = 0; i < 3 * sz; i++) f[60000 + i] = Math.cos(i * 0.37);
  const [o1, p1, o2, p2, scratch] = [70000, 70000 + sz, 80000, 80000 + sz, 90000].map((o) => 4 * o);
  const per = 4 * (dh + 1) * T;
  const attn = (o: number, p: number, lo: number, hi: number, i: number): number[] => [
    ...[q, k, v, o, p, scratch! + i * per, T, H, dh, 0.3, lo, hi],
  ];
  runParts(b, 'attn_fwd', [attn(o2!, p2!, 0, 4, 0)]);
  const chunked = [0, 1, 2, 3].map((i) => attn(o1!, p1!, i, i + 1, i));
  b.pool.run('attn_fwd', chunked, () => assert.fail('helper only'), true);
  for (let i = 0; i < sz; i++) assert.equal(f[o1! / 4 + i], f[o2! / 4 + i], `attention ${i}`);
  b.pool.close();
  // On by default on a shared memory; PEFT_KERNEL_THREADS=1 turns it off (every chunk here).
  delete process.env['PEFT_KERNEL_THREADS'];
  const byDefault = bindKernels(
    new WebAssembly.Memory({ initial: 64, maximum: 65536, shared: true }),
  );
  assert.ok(byDefault.pool, 'the helper thread is on by default');
  process.env['PEFT_KERNEL_THREADS'] = '1';
  const plain = bindKernels(new WebAssembly.Memory({ initial: 64, maximum: 65536, shared: true }));
  assert.equal(plain.pool, null);
  delete process.env['PEFT_KERNEL_THREADS'];
});

// Calls run alone while the pool backs off (after late helpers) must never reach the helper: a
// helper that joined one would still be running it when the next call was posted, overwrite that
// call's state with its late DONE, and leave the main thread waiting forever (a CI e2e sweep hung
// this way). Alone and shared calls interleave here as they do on a loaded machine.
void test('calls run alone while backing off are never handed to the helper', () => {
  process.env['PEFT_KERNEL_THREADS'] = '2';
  const memory = new WebAssembly.Memory({ initial: 64, maximum: 65536, shared: true });
  const b = bindKernels(memory);
  delete process.env['PEFT_KERNEL_THREADS'];
  const pool = b.pool!;
  const f = new Float32Array(memory.buffer);
  const n = 200000;
  for (let i = 0; i < n; i++) f[i] = Math.sin(i) * 3;
  const [x, y, want] = [0, 4 * n, 8 * n];
  runParts(b, 'gelu_fwd', [[x, want, n]]);
  const q = n / 4;
  const parts = [0, 1, 2, 3].map((j) => [x + 4 * j * q, y + 4 * j * q, q]);
  const call = (a: number[]): void => b.k.gelu_fwd(a[0]!, a[1]!, a[2]!);
  for (let round = 0; round < 40; round++) {
    pool.backOff(10);
    const joined = pool.joined;
    for (let i = 0; i < 10; i++) pool.run('gelu_fwd', parts, call);
    assert.equal(pool.joined, joined, `round ${round}: the helper joined a call run alone`);
    for (let i = 0; i < 10; i++) {
      f.fill(NaN, y / 4, y / 4 + n);
      pool.run('gelu_fwd', parts, call);
      for (let e = 0; e < n; e += 9973) assert.equal(f[y / 4 + e], f[want / 4 + e], `element ${e}`);
    }
  }
  // A loaded machine may back off on its own too (late helpers): more calls alone, none lost.
  assert.ok(pool.stats.alone >= 400, `${pool.stats.alone} calls alone`);
  assert.equal(pool.stats.alone + pool.stats.shared, 800);
  pool.close();
});

// A helper that stops answering (died, or stuck) fails the call with an error instead of hanging
// the trial, and the pool never posts to it again: later calls run alone and stay correct.
void test('a helper that does not finish in time fails the call, and the pool runs on alone', async () => {
  const memory = new WebAssembly.Memory({ initial: 1100, maximum: 65536, shared: true });
  const mod = new WebAssembly.Module(Buffer.from(KERNELS_WASM_SHARED_BASE64, 'base64'));
  const k = new WebAssembly.Instance(mod, { env: { memory } }).exports as unknown as {
    gelu_fwd: (x: number, y: number, n: number) => void;
  };
  const pool = new KernelPool(mod, memory, 1);
  const f = new Float32Array(memory.buffer);
  const n = 8 << 20; // 8 Mi elements: several milliseconds for the helper, past the 1 ms limit
  for (let i = 0; i < n; i += 101) f[i] = Math.sin(i);
  const call = (a: number[]): void => k.gelu_fwd(a[0]!, a[1]!, a[2]!);
  assert.throws(
    () => pool.run('gelu_fwd', [[0, 4 * n, n]], call, true),
    /helper thread did not finish gelu_fwd within 0\.001 s/,
  );
  await new Promise((r) => setTimeout(r, 300)); // let the helper finish that call
  const joined = pool.joined;
  const m = 4096;
  k.gelu_fwd(0, 4 * (2 * n), m);
  // Outside the timed-out call's output: a helper still running it must not touch the check.
  const out = 2 * n + m;
  const parts = [0, 1].map((j) => [4 * j * (m / 2), 4 * (out + j * (m / 2)), m / 2]);
  for (let i = 0; i < 5; i++) {
    f.fill(NaN, out, out + m);
    pool.run('gelu_fwd', parts, call);
    for (let e = 0; e < m; e++) assert.equal(f[out + e], f[2 * n + e], `element ${e}`);
  }
  assert.equal(pool.joined, joined, 'nothing was posted to the helper after it timed out');
  assert.equal(pool.stats.alone, 5);
  pool.close();
});
