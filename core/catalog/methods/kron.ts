/** Kronecker-product methods: PEFT LoKr (general, with low-rank factors) and DiffuseKronA. */
import type { MethodDef, Params, Site } from '../types';
import { num } from '../values';
import { LORA_ALPHA, R, TARGET_PARAMS } from './common-params';
import { PAPERS } from './papers';
import { matchedSites, rule, TARGET_RULES } from './rules';

/** PEFT/LyCORIS `factorization(dimension, factor)`: (m, n) with m·n = dimension, m ≤ n near √dimension. */
export function factorization(dimension: number, factor = -1): [number, number] {
  if (factor > 0 && dimension % factor === 0) return [factor, dimension / factor];
  const f = factor === -1 ? dimension : factor;
  let m = 1;
  let n = dimension;
  const length = m + n;
  while (m < n) {
    let nm = m + 1;
    while (dimension % nm !== 0) nm++;
    const nn = dimension / nm;
    if (nm + nn > length || nm > f) break;
    m = nm;
    n = nn;
  }
  return m > n ? [n, m] : [m, n];
}

/** LoKr shapes for a linear site, as PEFT's LoKrLayer.update_layer. */
export function lokrShapes(site: Site, p: Params) {
  const r = num(p, 'r', 8);
  const f = num(p, 'decompose_factor', -1);
  const [inM, inN] = factorization(site.dIn, f);
  const [outL, outK] = factorization(site.dOut, f);
  const useW1 = !(p['decompose_both'] === true && r < Math.max(outL, inM) / 2);
  const useW2 = !(r < Math.max(outK, inN) / 2);
  return { r, w1: [outL, inM] as const, w2: [outK, inN] as const, useW1, useW2 };
}

/** w1 (out_l × in_m, or r-factored) + w2 (out_k × in_n, or r-factored). */
export function lokrSiteParams(site: Site, p: Params): number {
  const { r, w1, w2, useW1, useW2 } = lokrShapes(site, p);
  const n1 = useW1 ? w1[0] * w1[1] : r * (w1[0] + w1[1]);
  const n2 = useW2 ? w2[0] * w2[1] : r * (w2[0] + w2[1]);
  return n1 + n2;
}

export const LOKR: MethodDef = {
  kind: 'method',
  name: 'lokr',
  peftType: 'LOKR',
  title: 'LoKr',
  doc: 'ΔW = (α/r)·(w1 ⊗ w2), factors sized by factorization(d, decompose_factor); w2 (and w1 with decompose_both) becomes rank-r when r < max(dims)/2.',
  paper: PAPERS.lokr,
  family: 'lora-like',
  usesTargets: true,
  mergeable: true,
  params: [
    R,
    { ...LORA_ALPHA, name: 'alpha', aliases: [], doc: 'Scaling numerator: scale = alpha / r.' },
    ...TARGET_PARAMS,
    {
      name: 'decompose_factor',
      type: 'int',
      min: -1,
      default: -1,
      doc: 'Kronecker factor size; -1 = near √dim.',
    },
    {
      name: 'decompose_both',
      type: 'bool',
      default: false,
      doc: 'Also factor w1 into rank-r matrices when small enough.',
    },
    {
      name: 'rank_dropout',
      type: 'fraction',
      min: 0,
      max: 1,
      exclusiveMax: true,
      default: 0,
      doc: 'Drop rows of ΔW during training.',
    },
    {
      name: 'module_dropout',
      type: 'fraction',
      min: 0,
      max: 1,
      exclusiveMax: true,
      default: 0,
      doc: 'Skip the whole adapter with this probability during training.',
    },
    {
      name: 'init_weights',
      type: ['bool', 'enum'],
      values: ['lycoris'],
      default: true,
      doc: 'true: w1 = 0 (no-op start); lycoris: w2 = 0; false: random.',
    },
  ],
  siteParams: lokrSiteParams,
  siteFlops: (site) => 2 * site.dIn * site.dOut, // PEFT materialises ΔW and applies F.linear
  siteStepFlops: (site, p) => {
    const { r, w1, w2, useW1, useW2 } = lokrShapes(site, p);
    return (
      (useW1 ? 0 : 2 * r * w1[0] * w1[1]) +
      (useW2 ? 0 : 2 * r * w2[0] * w2[1]) +
      site.dIn * site.dOut
    );
  },
  rules: TARGET_RULES,
};

export const DIFFUSEKRONA: MethodDef = {
  kind: 'method',
  name: 'diffusekrona',
  title: 'DiffuseKronA',
  doc: 'ΔW = A ⊗ B with A (a1×a2), B (d_out/a1 × d_in/a2), B = 0 at init: a1·a2 + (d_out/a1)(d_in/a2) per site.',
  paper: PAPERS.diffusekrona,
  family: 'lora-like',
  usesTargets: true,
  mergeable: true,
  params: [
    {
      name: 'a1',
      type: 'int',
      min: 1,
      default: 64,
      doc: 'Rows of A (must divide d_out).',
      paper: PAPERS.diffusekrona,
    },
    {
      name: 'a2',
      type: 'int',
      min: 1,
      default: 8,
      doc: 'Columns of A (must divide d_in).',
      paper: PAPERS.diffusekrona,
    },
    ...TARGET_PARAMS,
  ],
  siteParams: (s, p) => {
    const a1 = num(p, 'a1', 64),
      a2 = num(p, 'a2', 8);
    return a1 * a2 + (s.dOut / a1) * (s.dIn / a2);
  },
  siteFlops: (s, p) => {
    const a1 = num(p, 'a1', 64),
      a2 = num(p, 'a2', 8);
    const b1 = s.dOut / a1,
      b2 = s.dIn / a2;
    return Math.min(2 * b1 * a2 * (b2 + a1), 2 * a1 * b2 * (a2 + b1));
  },
  rules: [
    ...TARGET_RULES,
    rule(
      'kron-divisible',
      'error',
      'd_out % a1 == 0 and d_in % a2 == 0.',
      'PEFT-METHODS §1.26',
      (p, _s, model) => {
        const a1 = num(p, 'a1', 64),
          a2 = num(p, 'a2', 8);
        const bad = matchedSites(p, model).find((s) => s.dOut % a1 !== 0 || s.dIn % a2 !== 0);
        return bad
          ? {
              message: `a1 = ${a1} must divide d_out = ${bad.dOut} and a2 = ${a2} must divide d_in = ${bad.dIn} at ${bad.name}`,
              params: [bad.dOut % a1 !== 0 ? 'a1' : 'a2'],
            }
          : undefined;
      },
    ),
  ],
};
