import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bindKernels, runParts } from '../../../runtime/tf/kernels/module';

// The fused kernels on a shared memory (as tfjs' pthread build has) get a helper thread: a call
// split in two parts must give exactly what one part gives, and both halves must be written.
void test('a kernel call split between this thread and the helper equals the unsplit call', () => {
  const memory = new WebAssembly.Memory({ initial: 64, maximum: 65536, shared: true });
  const b = bindKernels(memory);
  assert.ok(b.pool, 'a shared memory starts the helper thread');
  const f = new Float32Array(memory.buffer);
  const n = 10001; // not a multiple of 4: the second part ends in a scalar tail
  for (let i = 0; i < n; i++) f[i] = Math.sin(i) * 4;
  const [x, y1, y2] = [0, 4 * 12000, 4 * 24000];
  const m = 5000;
  for (let rep = 0; rep < 3; rep++) {
    f.fill(NaN, y1 / 4, y1 / 4 + n + 4);
    runParts(b, 'gelu_fwd', [
      [x, y1, m],
      [x + 4 * m, y1 + 4 * m, n - m],
    ]);
    runParts(b, 'gelu_fwd', [[x, y2, n]]);
    for (let i = 0; i < n; i++) assert.equal(f[y1 / 4 + i], f[y2 / 4 + i], `element ${i}`);
    assert.ok(Number.isNaN(f[y1 / 4 + n]!), 'nothing is written past the operand');
  }
  // Attention split by (batch, head) pairs, each part with its own scratch.
  const [B, T, H, dh] = [2, 12, 2, 8];
  const d = H * dh;
  const sz = B * T * d;
  const [q, k, v] = [60000, 60000 + sz, 60000 + 2 * sz].map((o) => o * 4) as [
    number,
    number,
    number,
  ];
  for (let i = 0; i < 3 * sz; i++) f[60000 + i] = Math.cos(i * 0.37);
  const out = (o: number): number[] => [o, o + sz * 4]; // o [sz], then p [B·H·T·T = 576]
  const [o1, p1] = out(4 * 70000);
  const [o2, p2] = out(4 * 80000);
  const scratch = 4 * 90000;
  const per = (dh + 1) * T;
  runParts(b, 'attn_fwd', [
    [q, k, v, o1!, p1!, scratch, T, H, dh, 0.3, 0, 2],
    [q, k, v, o1!, p1!, scratch + 4 * per, T, H, dh, 0.3, 2, 4],
  ]);
  runParts(b, 'attn_fwd', [[q, k, v, o2!, p2!, scratch, T, H, dh, 0.3, 0, 4]]);
  for (let i = 0; i < sz; i++) assert.equal(f[o1! / 4 + i], f[o2! / 4 + i], `attention ${i}`);
  b.pool!.close();
});
