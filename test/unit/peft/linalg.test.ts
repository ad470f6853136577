import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  lu,
  mat,
  matmul,
  qr,
  symmetricEigen,
  topEigen,
  topSvd,
  transpose,
} from '../../../runtime/peft/linalg';
import { rng } from '../../../runtime/peft/common';

const random = (rows: number, cols: number, seed: number) => {
  const next = rng(seed);
  return mat(
    rows,
    cols,
    Array.from({ length: rows * cols }, () => 2 * next() - 1),
  );
};
const maxDiff = (a: Float64Array, b: Float64Array) =>
  a.reduce((m, x, i) => Math.max(m, Math.abs(x - b[i]!)), 0);

void test('symmetric eigen-decomposition reconstructs the matrix with orthonormal vectors', () => {
  const a = random(7, 5, 1);
  const s = matmul(transpose(a), a);
  const { values, vectors } = symmetricEigen(s);
  for (let i = 1; i < values.length; i++) assert.ok(values[i - 1]! >= values[i]!, 'descending');
  const vtv = matmul(transpose(vectors), vectors);
  for (let i = 0; i < 5; i++)
    for (let j = 0; j < 5; j++)
      assert.ok(Math.abs(vtv.data[i * 5 + j]! - (i === j ? 1 : 0)) < 1e-9);
  const d = mat(5, 5);
  values.forEach((v, i) => (d.data[i * 5 + i] = v));
  assert.ok(maxDiff(matmul(matmul(vectors, d), transpose(vectors)).data, s.data) < 1e-9);
});

void test('full-rank topSvd reconstructs a rectangular matrix; the rank-k residual has the (k+1)-th singular value as norm', () => {
  for (const [m, n] of [
    [6, 4],
    [4, 6],
  ] as const) {
    const a = random(m, n, m * 10 + n);
    const k = Math.min(m, n);
    const { u, s, v } = topSvd(a, k);
    const us = mat(
      m,
      k,
      u.data.map((x, i) => x * s[i % k]!),
    );
    assert.ok(maxDiff(matmul(us, transpose(v)).data, a.data) < 1e-9, `${m}×${n}`);
    const t = topSvd(a, 1);
    const r1 = matmul(
      mat(
        m,
        1,
        t.u.data.map((x) => x * t.s[0]!),
      ),
      transpose(t.v),
    );
    const res = mat(
      m,
      n,
      a.data.map((x, i) => x - r1.data[i]!),
    );
    const top = topSvd(res, 1).s[0]!;
    assert.ok(Math.abs(top - s[1]!) < 1e-9, `residual top singular ${top} vs s1 ${s[1]}`);
  }
  assert.throws(() => topSvd(random(3, 2, 1), 3), /k = 3 exceeds min\(3, 2\)/);
});

void test('Householder QR gives orthonormal Q, upper-triangular R and Q·R = A', () => {
  for (const [m, n] of [
    [6, 4],
    [4, 6],
  ] as const) {
    const a = random(m, n, 3);
    const { q, r } = qr(a);
    const k = Math.min(m, n);
    const qtq = matmul(transpose(q), q);
    for (let i = 0; i < k; i++)
      for (let j = 0; j < k; j++)
        assert.ok(Math.abs(qtq.data[i * k + j]! - (i === j ? 1 : 0)) < 1e-9);
    for (let i = 0; i < k; i++)
      for (let j = 0; j < Math.min(i, n); j++) assert.equal(r.data[i * n + j], 0);
    assert.ok(maxDiff(matmul(q, r).data, a.data) < 1e-9);
  }
});

void test('LU with partial pivoting: P·L·U = A, L unit lower-triangular with |l| ≤ 1', () => {
  for (const [m, n] of [
    [5, 5],
    [6, 4],
    [4, 6],
  ] as const) {
    const a = random(m, n, 9);
    const { perm, l, u } = lu(a);
    const k = Math.min(m, n);
    const prod = matmul(l, u);
    for (let i = 0; i < m; i++)
      for (let c = 0; c < n; c++)
        assert.ok(Math.abs(prod.data[i * n + c]! - a.data[perm[i]! * n + c]!) < 1e-9);
    for (let i = 0; i < m; i++)
      for (let c = 0; c < k; c++) {
        const x = l.data[i * k + c]!;
        if (i === c) assert.equal(x, 1);
        else if (c > i) assert.equal(x, 0);
        else assert.ok(Math.abs(x) <= 1 + 1e-12);
      }
  }
});

void test('subspace iteration finds the same top eigenpairs as the full Jacobi routine', () => {
  const a = random(120, 90, 4);
  const s = matmul(transpose(a), a);
  const full = symmetricEigen(s);
  const top = topEigen(s, 4);
  for (let j = 0; j < 4; j++) {
    assert.ok(
      Math.abs(top.values[j]! - full.values[j]!) < 1e-8 * full.values[0]!,
      `λ${j} ${top.values[j]} vs ${full.values[j]}`,
    );
    let dot = 0;
    for (let i = 0; i < 90; i++)
      dot += top.vectors.data[i * 4 + j]! * full.vectors.data[i * 90 + j]!;
    assert.ok(Math.abs(Math.abs(dot) - 1) < 1e-6, `vector ${j} alignment ${dot}`);
  }
});
