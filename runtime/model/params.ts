/** Model hyper-parameters from catalog values, with the defaults the brief fixes. */
import type { PlanValue } from '../../core/types/plan';
import { requireNum } from '../../core/catalog/values';

export interface TransformerParams {
  vocab: number;
  width: number;
  depth: number;
  heads: number;
  context: number;
  mlpRatio: number;
}

export interface MlpParams {
  nIn: number;
  hidden: number[];
  classes: number;
}

/** The catalog's reader of a validated number (same messages as the optimizers'). */
const num = (p: Record<string, PlanValue>, key: string, fallback?: number): number =>
  requireNum(p, key, 'model', fallback);

/** Reads transformer params; `vocab = bytes` (or absent) means 256. Throws on invalid values. */
export function transformerParams(p: Record<string, PlanValue>): TransformerParams {
  const vocab = p['vocab'] === 'bytes' || p['vocab'] === undefined ? 256 : num(p, 'vocab');
  const out = {
    vocab,
    width: num(p, 'width'),
    depth: num(p, 'depth'),
    heads: num(p, 'heads', 4),
    context: num(p, 'context'),
    mlpRatio: num(p, 'mlp_ratio', 4),
  };
  if (out.width % out.heads !== 0)
    throw new Error(`width ${out.width} is not divisible by heads ${out.heads}`);
  return out;
}

/** The brief's formula: V·d + T·d + L·(4d² + 4d + 2·d·d_ff + d_ff + d + 4d) + 2d + d·V. */
export function transformerParamCount(p: TransformerParams): number {
  const { vocab: V, width: d, depth: L, context: T } = p;
  const ff = Math.round(p.mlpRatio * d);
  return V * d + T * d + L * (4 * d * d + 4 * d + 2 * d * ff + ff + d + 4 * d) + 2 * d + d * V;
}

/** Reads MLP params: n_in, hidden (list or number), classes. */
export function mlpParams(p: Record<string, PlanValue>): MlpParams {
  const h = p['hidden'];
  const hidden = Array.isArray(h) ? h.map((v) => Number(v)) : h === undefined ? [128] : [Number(h)];
  if (hidden.some((v) => !Number.isInteger(v) || v <= 0))
    throw new Error(`model parameter "hidden" must be positive integers, got ${JSON.stringify(h)}`);
  return { nIn: num(p, 'n_in', 1024), hidden, classes: num(p, 'classes', 2) };
}

export function mlpParamCount(p: MlpParams): number {
  let n = 0;
  let prev = p.nIn;
  for (const h of [...p.hidden, p.classes]) {
    n += prev * h + h;
    prev = h;
  }
  return n;
}
