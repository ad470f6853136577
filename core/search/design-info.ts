/**
 * The linear algebra behind law-guided design (the delta method of c-optimal design, Atkinson &
 * Donev 1992, ch. 17). With log-noise of equal variance, the points' log-gradients jᵢ = ∂ log f(xᵢ)/∂θ
 * give the covariance Σ ∝ (Σᵢ jᵢ·jᵢᵀ)⁻¹; one more trial at x turns it, by Sherman–Morrison, into
 * Σ' = Σ − Σj·jᵀΣ / (1 + jᵀΣj). The prediction's variance at the target is gᵀΣg (g = ∂ log f(t)/∂θ),
 * so its interval shrinks by √(gᵀΣ'g / gᵀΣg); the bootstrap width of the actual fit is the scale.
 */
import { evaluateLaw } from '../laws/resolve';
import type { LawModel } from '../laws/types';

/**
 * The inverse of the information Σᵢ jᵢ·jᵢᵀ of the points' log-gradients `grads` (unit noise: σ²
 * cancels in a width ratio), by Gauss–Jordan with partial pivoting and a tiny ridge so a
 * near-singular design still gives a finite answer. Throws for an empty list.
 */
export function inverseInformation(grads: readonly number[][]): number[][] {
  if (grads.length === 0) throw new Error('design: no points to build the information matrix from');
  const k = grads[0]!.length;
  const m = Array.from({ length: k }, (_, a) => [
    ...Array.from(
      { length: k },
      (_, b) => grads.reduce((s, j) => s + j[a]! * j[b]!, 0) + (a === b ? 1e-9 : 0),
    ),
    ...Array.from({ length: k }, (_, b) => (a === b ? 1 : 0)),
  ]);
  for (let c = 0; c < k; c++) {
    let p = c;
    for (let r = c + 1; r < k; r++) if (Math.abs(m[r]![c]!) > Math.abs(m[p]![c]!)) p = r;
    [m[c], m[p]] = [m[p]!, m[c]!];
    const pivot = m[c]![c]!;
    m[c] = m[c]!.map((v) => v / pivot);
    for (let r = 0; r < k; r++) if (r !== c) m[r] = m[r]!.map((v, j) => v - m[r]![c]! * m[c]![j]!);
  }
  return m.map((row) => row.slice(k));
}

/**
 * θᵢ·∂ log f(x; θ)/∂θᵢ (the gradient in relative units, so the information matrix is well scaled)
 * by central differences; NaN entries where f ≤ 0.
 */
export function logGradient(
  model: LawModel,
  theta: readonly number[],
  constants: Record<string, number>,
  x: readonly number[],
): number[] {
  return theta.map((t, i) => {
    const h = 1e-5 * Math.max(Math.abs(t), 1e-3);
    const up = [...theta];
    const down = [...theta];
    up[i] = t + h;
    down[i] = t - h;
    const d =
      (Math.log(evaluateLaw(model, up, constants, [...x])) -
        Math.log(evaluateLaw(model, down, constants, [...x]))) /
      (2 * h);
    return d * Math.max(Math.abs(t), 1e-3);
  });
}

const matVec = (m: readonly number[][], v: readonly number[]): number[] =>
  m.map((row) => row.reduce((s, a, j) => s + a * v[j]!, 0));
const dot = (a: readonly number[], b: readonly number[]): number =>
  a.reduce((s, v, i) => s + v * b[i]!, 0);

/** gᵀΣg: the delta-method variance of log f at the target. */
export function predictionVariance(sigma: readonly number[][], g: readonly number[]): number {
  return dot(g, matVec(sigma, g));
}

/** Σ after one more observation with gradient `j` and log-noise variance `noise` (Sherman–Morrison). */
export function addObservation(
  sigma: readonly number[][],
  j: readonly number[],
  noise: number,
): number[][] {
  const sj = matVec(sigma, j);
  const denom = noise + dot(j, sj);
  return sigma.map((row, a) => row.map((v, b) => v - (sj[a]! * sj[b]!) / denom));
}
