/**
 * Small dense decompositions in plain TypeScript (float64), for the initialisations that need
 * them (PiSSA's SVD, OLoRA's QR, LoLDU's LU, EVA's PCA). They run once at attach time on matrices
 * of at most a few hundred rows, so simplicity beats speed, and they behave identically on every
 * tfjs backend (wasm has no SVD/QR kernels). Matrices are row-major `Float64Array`s.
 */

export interface Mat {
  rows: number;
  cols: number;
  data: Float64Array;
}

export const mat = (rows: number, cols: number, data?: ArrayLike<number>): Mat => ({
  rows,
  cols,
  data: data ? Float64Array.from(data) : new Float64Array(rows * cols),
});

export function transpose(a: Mat): Mat {
  const t = mat(a.cols, a.rows);
  for (let i = 0; i < a.rows; i++)
    for (let j = 0; j < a.cols; j++) t.data[j * a.rows + i] = a.data[i * a.cols + j]!;
  return t;
}

export function matmul(a: Mat, b: Mat): Mat {
  if (a.cols !== b.rows) throw new Error(`matmul: ${a.rows}×${a.cols} · ${b.rows}×${b.cols}`);
  const c = mat(a.rows, b.cols);
  for (let i = 0; i < a.rows; i++)
    for (let k = 0; k < a.cols; k++) {
      const x = a.data[i * a.cols + k]!;
      const row = i * b.cols;
      if (x === 0) continue;
      for (let j = 0; j < b.cols; j++)
        c.data[row + j] = c.data[row + j]! + x * b.data[k * b.cols + j]!;
    }
  return c;
}

/**
 * Eigen-decomposition of a symmetric n×n matrix by cyclic Jacobi rotations.
 * Returns eigenvalues in descending order and the matching eigenvectors as the columns of `vectors`.
 */
export function symmetricEigen(s: Mat): { values: number[]; vectors: Mat } {
  const n = s.rows;
  const a = Float64Array.from(s.data);
  const v = new Float64Array(n * n);
  for (let i = 0; i < n; i++) v[i * n + i] = 1;
  for (let sweep = 0; sweep < 60; sweep++) {
    let off = 0;
    let diag = 0;
    for (let p = 0; p < n; p++) {
      diag += a[p * n + p]! ** 2;
      for (let q = p + 1; q < n; q++) off += a[p * n + q]! ** 2;
    }
    if (off <= 1e-24 * Math.max(diag, 1e-300)) break;
    for (let p = 0; p < n; p++)
      for (let q = p + 1; q < n; q++) {
        const apq = a[p * n + q]!;
        if (Math.abs(apq) < 1e-300) continue;
        const theta = (a[q * n + q]! - a[p * n + p]!) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const sn = t * c;
        for (let k = 0; k < n; k++) {
          const akp = a[k * n + p]!,
            akq = a[k * n + q]!;
          a[k * n + p] = c * akp - sn * akq;
          a[k * n + q] = sn * akp + c * akq;
        }
        for (let k = 0; k < n; k++) {
          const apk = a[p * n + k]!,
            aqk = a[q * n + k]!;
          a[p * n + k] = c * apk - sn * aqk;
          a[q * n + k] = sn * apk + c * aqk;
        }
        for (let k = 0; k < n; k++) {
          const vkp = v[k * n + p]!,
            vkq = v[k * n + q]!;
          v[k * n + p] = c * vkp - sn * vkq;
          v[k * n + q] = sn * vkp + c * vkq;
        }
      }
  }
  const order = [...Array(n).keys()].sort((i, j) => a[j * n + j]! - a[i * n + i]!);
  const vectors = mat(n, n);
  order.forEach((src, dst) => {
    for (let k = 0; k < n; k++) vectors.data[k * n + dst] = v[k * n + src]!;
  });
  return { values: order.map((i) => a[i * n + i]!), vectors };
}

/**
 * The top-k eigenpairs of a symmetric PSD n×n matrix by subspace iteration with Rayleigh–Ritz
 * (oversampled block, re-orthonormalised by QR each round). For k ≪ n this is far cheaper than a
 * full Jacobi sweep (O(n²k) per round instead of O(n³)); small problems use the exact routine.
 */
export function topEigen(s: Mat, k: number, rounds = 60): { values: number[]; vectors: Mat } {
  const n = s.rows;
  const b = Math.min(n, k + Math.max(k, 8));
  if (4 * b >= n) {
    const full = symmetricEigen(s);
    const vectors = mat(n, k);
    for (let i = 0; i < n; i++)
      for (let j = 0; j < k; j++) vectors.data[i * k + j] = full.vectors.data[i * n + j]!;
    return { values: full.values.slice(0, k), vectors };
  }
  // Deterministic start: a fixed pseudo-random block (results do not depend on a seed).
  let q = qr(
    mat(
      n,
      b,
      Array.from({ length: n * b }, (_, i) => (Math.sin(12.9898 * (i + 1)) * 43758.5453) % 1),
    ),
  ).q;
  for (let it = 0; it < rounds; it++) q = qr(matmul(s, q)).q;
  const t = matmul(transpose(q), matmul(s, q));
  const small = symmetricEigen(t);
  const vectors = mat(n, k);
  const qv = matmul(q, small.vectors);
  for (let i = 0; i < n; i++)
    for (let j = 0; j < k; j++) vectors.data[i * k + j] = qv.data[i * b + j]!;
  return { values: small.values.slice(0, k), vectors };
}

/**
 * Top-k SVD of a (m×n): a ≈ U diag(S) Vᵀ with U m×k, V n×k, S descending. Via the eigenvectors of
 * the smaller Gram matrix (Jacobi costs O(n³) per sweep, so a 128×512 kernel uses the 128 side).
 */
export function topSvd(a: Mat, k: number): { u: Mat; s: number[]; v: Mat } {
  if (k > Math.min(a.rows, a.cols))
    throw new Error(`topSvd: k = ${k} exceeds min(${a.rows}, ${a.cols})`);
  if (a.cols > a.rows) {
    const t = topSvd(transpose(a), k);
    return { u: t.v, s: t.s, v: t.u };
  }
  const { values, vectors } = topEigen(matmul(transpose(a), a), k);
  const n = a.cols;
  const v = mat(n, k);
  for (let i = 0; i < n; i++)
    for (let j = 0; j < k; j++) v.data[i * k + j] = vectors.data[i * k + j]!;
  const s = values.slice(0, k).map((x) => Math.sqrt(Math.max(x, 0)));
  const av = matmul(a, v);
  const u = mat(a.rows, k);
  for (let i = 0; i < a.rows; i++)
    for (let j = 0; j < k; j++) u.data[i * k + j] = s[j]! > 1e-12 ? av.data[i * k + j]! / s[j]! : 0;
  return { u, s, v };
}

/** Householder QR of a (m×n): a = Q R with Q m×k (orthonormal columns), R k×n, k = min(m, n). */
export function qr(a: Mat): { q: Mat; r: Mat } {
  const m = a.rows,
    n = a.cols,
    k = Math.min(m, n);
  const r = Float64Array.from(a.data);
  const vs: Float64Array[] = [];
  for (let j = 0; j < k; j++) {
    const v = new Float64Array(m);
    let norm = 0;
    for (let i = j; i < m; i++) norm += r[i * n + j]! ** 2;
    norm = Math.sqrt(norm);
    const alpha = r[j * n + j]! > 0 ? -norm : norm;
    for (let i = j; i < m; i++) v[i] = r[i * n + j]!;
    v[j] = v[j]! - alpha;
    const vn = Math.sqrt(v.reduce((s, x) => s + x * x, 0));
    if (vn > 1e-300) for (let i = j; i < m; i++) v[i] = v[i]! / vn;
    vs.push(v);
    for (let c = 0; c < n; c++) {
      let dot = 0;
      for (let i = j; i < m; i++) dot += v[i]! * r[i * n + c]!;
      for (let i = j; i < m; i++) r[i * n + c] = r[i * n + c]! - 2 * v[i]! * dot;
    }
  }
  // Q = H_0 H_1 … H_{k-1} applied to the first k columns of the identity.
  const q = mat(m, k);
  for (let i = 0; i < k; i++) q.data[i * k + i] = 1;
  for (let j = k - 1; j >= 0; j--) {
    const v = vs[j]!;
    for (let c = 0; c < k; c++) {
      let dot = 0;
      for (let i = j; i < m; i++) dot += v[i]! * q.data[i * k + c]!;
      for (let i = j; i < m; i++) q.data[i * k + c] = q.data[i * k + c]! - 2 * v[i]! * dot;
    }
  }
  const rr = mat(k, n);
  for (let i = 0; i < k; i++) for (let c = i; c < n; c++) rr.data[i * n + c] = r[i * n + c]!;
  return { q, r: rr };
}

/**
 * LU with partial pivoting of a (m×n), as scipy/torch `lu`: a = P L U with P m×m a permutation
 * (returned as `perm`: row i of P·X is row perm[i] of X… i.e. (P L)[perm[i]] = L[i]),
 * L m×k unit lower-triangular, U k×n upper-triangular, k = min(m, n).
 */
export function lu(a: Mat): { perm: number[]; l: Mat; u: Mat } {
  const m = a.rows,
    n = a.cols,
    k = Math.min(m, n);
  const w = Float64Array.from(a.data);
  const perm = [...Array(m).keys()];
  for (let j = 0; j < k; j++) {
    let piv = j;
    for (let i = j + 1; i < m; i++)
      if (Math.abs(w[i * n + j]!) > Math.abs(w[piv * n + j]!)) piv = i;
    if (piv !== j) {
      for (let c = 0; c < n; c++) [w[j * n + c], w[piv * n + c]] = [w[piv * n + c]!, w[j * n + c]!];
      [perm[j], perm[piv]] = [perm[piv]!, perm[j]!];
    }
    const d = w[j * n + j]!;
    if (d === 0) continue;
    for (let i = j + 1; i < m; i++) {
      const f = (w[i * n + j]! /= d);
      for (let c = j + 1; c < n; c++) w[i * n + c] = w[i * n + c]! - f * w[j * n + c]!;
    }
  }
  const l = mat(m, k);
  const u = mat(k, n);
  for (let i = 0; i < m; i++)
    for (let c = 0; c < k; c++) l.data[i * k + c] = i === c ? 1 : i > c ? w[i * n + c]! : 0;
  for (let i = 0; i < k; i++) for (let c = i; c < n; c++) u.data[i * n + c] = w[i * n + c]!;
  return { perm, l, u };
}
