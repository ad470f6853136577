/**
 * LoRA initialisations (PEFT-METHODS §1.1, §1.4, §1.5, §1.7), in the tfjs layout: A_t = Aᵀ
 * [dIn, r] and B_t = Bᵀ [r, dOut], so the forward is x·A_t·B_t with plain matmuls. PiSSA and
 * OLoRA also return the residual kernel K_res = K − s·A_t·B_t that replaces the frozen base.
 */
import type { Params } from '../../core/catalog';
import type { LinearSite } from './types';
import { normal, uniform } from './common';
import { mat, matmul, qr, topEigen, topSvd, transpose, type Mat } from './linalg';

export interface LoraInit {
  a: Float32Array; // [dIn, r]
  b: Float32Array; // [r, dOut]
  /** Residual kernel [dIn, dOut] when the init moves the top part of W into the adapter. */
  residual?: Float32Array;
}

const kernelMat = (site: LinearSite): Mat => mat(site.dIn, site.dOut, site.kernel.dataSync());

function residual(site: LinearSite, a: Mat, b: Mat, s: number): Float32Array {
  const k = kernelMat(site);
  const ab = matmul(a, b);
  return Float32Array.from(k.data, (x, i) => x - s * ab.data[i]!);
}

/** `init_lora_weights` true / false / gaussian / pissa / olora for one site (EVA: see evaInit). */
export function loraInit(
  site: LinearSite,
  r: number,
  s: number,
  init: Params[string],
  next: () => number,
): LoraInit {
  const { dIn, dOut } = site;
  if (init === true || init === undefined)
    return { a: uniform(next, dIn * r, 1 / Math.sqrt(dIn)), b: new Float32Array(r * dOut) };
  if (init === false)
    return {
      a: uniform(next, dIn * r, 1 / Math.sqrt(dIn)),
      b: uniform(next, r * dOut, 1 / Math.sqrt(r)),
    };
  if (init === 'gaussian')
    return { a: normal(next, dIn * r, 0, 1 / r), b: new Float32Array(r * dOut) };
  if (typeof init === 'string' && (init === 'pissa' || init.startsWith('pissa_niter_'))) {
    // K = Wᵀ = V S Uᵀ: the left singular vectors of K are W's right ones.
    const { u, s: sv, v } = topSvd(kernelMat(site), r);
    const a = mat(dIn, r),
      b = mat(r, dOut);
    for (let j = 0; j < r; j++) {
      const f = Math.sqrt(sv[j]! / s);
      for (let i = 0; i < dIn; i++) a.data[i * r + j] = u.data[i * r + j]! * f;
      for (let o = 0; o < dOut; o++) b.data[j * dOut + o] = v.data[o * r + j]! * f;
    }
    return {
      a: Float32Array.from(a.data),
      b: Float32Array.from(b.data),
      residual: residual(site, a, b, s),
    };
  }
  if (init === 'olora') {
    // W = Q R (W = Kᵀ, [dOut, dIn]); B = Q[:, :r], A = R[:r, :].
    const { q, r: rr } = qr(transpose(kernelMat(site)));
    const k = q.cols;
    if (r > k) throw new Error(`olora: r = ${r} exceeds min(d_in, d_out) = ${k} at ${site.name}`);
    const a = mat(dIn, r),
      b = mat(r, dOut);
    for (let j = 0; j < r; j++) {
      for (let i = 0; i < dIn; i++) a.data[i * r + j] = rr.data[j * dIn + i]!;
      for (let o = 0; o < dOut; o++) b.data[j * dOut + o] = q.data[o * k + j]!;
    }
    return {
      a: Float32Array.from(a.data),
      b: Float32Array.from(b.data),
      residual: residual(site, a, b, s),
    };
  }
  throw new Error(
    `init_lora_weights = ${JSON.stringify(init)} is not implemented at run time (use true, false, gaussian, pissa, olora or eva)`,
  );
}

export interface EvaSite {
  /** Principal directions of the site's inputs, columns [dIn, maxRank], by explained variance. */
  components: Mat;
  ratios: number[];
  singular: number[];
}

/** PCA of a site's inputs X [n, dIn] (centred), keeping `maxRank` components. */
export function evaPca(x: Float32Array, n: number, dIn: number, maxRank: number): EvaSite {
  const xm = mat(n, dIn, x);
  for (let c = 0; c < dIn; c++) {
    let mean = 0;
    for (let i = 0; i < n; i++) mean += xm.data[i * dIn + c]!;
    mean /= n;
    for (let i = 0; i < n; i++) xm.data[i * dIn + c] = xm.data[i * dIn + c]! - mean;
  }
  const cov = matmul(transpose(xm), xm);
  const k = Math.min(maxRank, dIn);
  const { values, vectors } = topEigen(cov, k);
  // The explained-variance ratio divides by the total variance, the trace (no full spectrum needed).
  let total = 0;
  for (let i = 0; i < dIn; i++) total += cov.data[i * dIn + i]!;
  total = total || 1;
  const comps = vectors;
  return {
    components: comps,
    ratios: values.slice(0, k).map((v) => Math.max(v, 0) / total),
    singular: values.slice(0, k).map((v) => Math.sqrt(Math.max(v, 0))),
  };
}

/** EVA's rank redistribution: the top `budget` explained-variance ratios over all sites decide r_l. */
export function evaRanks(sites: readonly EvaSite[], budget: number): number[] {
  const all = sites.flatMap((s, l) => s.ratios.map((r) => ({ l, r })));
  all.sort((a, b) => b.r - a.r);
  const ranks = sites.map(() => 0);
  for (const { l } of all.slice(0, budget)) ranks[l]! += 1;
  return ranks;
}
