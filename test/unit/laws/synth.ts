// Synthetic data from known laws with multiplicative log-normal noise (seeded).
import { makeRng } from '../../../core/laws/bootstrap';
import { evaluateLaw } from '../../../core/laws/resolve';
import type { LawModel, LawPoint } from '../../../core/laws/types';

export function gaussian(seed: number): () => number {
  const rng = makeRng(seed);
  return () => Math.sqrt(-2 * Math.log(1 - rng())) * Math.cos(2 * Math.PI * rng());
}

export const logspace = (lo: number, hi: number, n: number): number[] =>
  Array.from({ length: n }, (_, i) => lo * Math.pow(hi / lo, n === 1 ? 0 : i / (n - 1)));

/** Points y = f(x; θ)·exp(σ·ε) at the given inputs. */
export function synth(
  model: LawModel,
  theta: number[],
  xs: number[][],
  sigma: number,
  seed: number,
  constants: Record<string, number> = {},
): LawPoint[] {
  const g = gaussian(seed);
  return xs.map((x) => ({ x, y: evaluateLaw(model, theta, constants, x) * Math.exp(sigma * g()) }));
}

export const grid2 = (a: number[], b: number[]): number[][] =>
  a.flatMap((u) => b.map((v) => [u, v]));

export const param = (
  fit: { params: Array<{ name: string; value: number }> },
  name: string,
): number => {
  const p = fit.params.find((q) => q.name === name);
  if (!p) throw new Error(`no parameter ${name}`);
  return p.value;
};
