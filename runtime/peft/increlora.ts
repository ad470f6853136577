// tf.tidy's inferred generic is Tensor<Rank>; the casts name the rank the formulas produce.
/* eslint-disable @typescript-eslint/no-unnecessary-type-assertion */
/**
 * IncreLoRA (PEFT-METHODS §1.13): ΔW = (α/r_t)·B·diag(e)·A per site, ranks grown after
 * init_warmup every incre_interval steps on the top_h sites by smoothed importance until
 * Σ r = target_r·#sites. Components come in groups (A_g [dIn, k], e_g [k], B_g [k, dOut]); A, B ~
 * N(0, 0.02²), e = 0 at init; new components start with e = 1e-5. With advance_learn a reserve
 * group per site trains A, B (e frozen at 1e-5) before it is activated.
 * Importance: the IncreLoRA score needs ∂L/∂ΔW, which the low-rank backward never forms; it is
 * approximated AdaLoRA-style by Σ|θ ⊙ ∂L/∂θ| over the site's A, B, e, divided by √numel(ΔW).
 */
import * as tf from '@tensorflow/tfjs-core';
import { increRankNum } from '../../core/catalog/methods/dynamic';
import type { AttachedMethod, LinearSite, MethodFactory } from './types';
import {
  count,
  effectiveParams,
  normal,
  num,
  peftKey,
  rng,
  Store,
  targetSites,
  trainDropout,
  variableNamer,
} from './common';
import { cacheOnHost } from '../tf/readback';

/** IncreLoRA's attachment also reports the current rank per site name. */
export type IncreLoraMethod = AttachedMethod & { ranks(): Map<string, number> };

interface Group {
  a: tf.Variable;
  b: tf.Variable;
  e: tf.Tensor1D; // a Variable when active, a frozen constant in the reserve
}
interface IncreSite {
  site: LinearSite;
  active: Group[];
  reserve: Group | null;
  rank: number;
  ipt: number;
  unc: number;
}

export const increlora: MethodFactory = (model, params, ctx) => {
  const p = effectiveParams('increlora', params);
  const store = new Store(variableNamer('increlora'));
  const next = rng(ctx.seed);
  const alpha = num(p, 'lora_alpha', 8);
  const dropout = num(p, 'lora_dropout', 0);
  const r0 = num(p, 'r', 2);
  const targetR = num(p, 'target_r', 8);
  const incre = increRankNum(targetR);
  const advance = p['advance_learn'] !== false;
  const [warmup, interval, topH, beta1, beta2] = [
    num(p, 'init_warmup', 50),
    num(p, 'incre_interval', 10),
    num(p, 'top_h', 2),
    num(p, 'beta1', 0.85),
    num(p, 'beta2', 0.85),
  ];
  let groupId = 0;
  const trainable: tf.Variable[] = [];
  const group = (site: LinearSite, k: number, e0: number, activeE: boolean): Group => {
    const id = groupId++;
    const a = store.variable(
      `${site.name}.lora_A.${id}`,
      [site.dIn, k],
      normal(next, site.dIn * k, 0, 0.02),
    );
    const b = store.variable(
      `${site.name}.lora_B.${id}`,
      [k, site.dOut],
      normal(next, k * site.dOut, 0, 0.02),
    );
    const eVals = new Float32Array(k).fill(e0);
    const e = activeE
      ? (store.variable(`${site.name}.lora_E.${id}`, [k], eVals) as unknown as tf.Tensor1D)
      : store.keep(tf.tensor1d(eVals));
    trainable.push(a, b, ...(activeE ? [e as unknown as tf.Variable] : []));
    return { a, b, e };
  };
  const sites: IncreSite[] = targetSites(model, p, 'increlora').map(({ site }) => ({
    site,
    active: r0 > 0 ? [group(site, r0, 0, true)] : [],
    reserve: advance ? group(site, incre, 1e-5, false) : null,
    rank: r0,
    ipt: 0,
    unc: 0,
  }));
  const bySite = new Map(sites.map((s) => [s.site.name, s]));
  const targetTotal = targetR * sites.length;

  const groupsOf = (s: IncreSite) => (s.reserve ? [...s.active, s.reserve] : s.active);
  const deltaX = (s: IncreSite, x: tf.Tensor2D) =>
    groupsOf(s).map((g) =>
      model.linear(
        tf.mul(model.linear(x, g.a as unknown as tf.Tensor2D, null, true), g.e) as tf.Tensor2D,
        g.b as unknown as tf.Tensor2D,
        null,
        true,
      ),
    );

  function activate(s: IncreSite, k: number): void {
    if (s.reserve && s.reserve.a.shape[1] === k) {
      const eVar = store.variable(
        `${s.site.name}.lora_E.${groupId++}`,
        [k],
        s.reserve.e.dataSync() as Float32Array,
      );
      trainable.push(eVar);
      s.active.push({ ...s.reserve, e: eVar as unknown as tf.Tensor1D });
      s.reserve = group(s.site, incre, 1e-5, false);
    } else s.active.push(group(s.site, k, 1e-5, true));
    s.rank += k;
  }

  const method: IncreLoraMethod = {
    ranks: () => new Map(sites.map((s) => [s.site.name, s.rank])),
    trainable,
    linear(site, x, base) {
      const s = bySite.get(site.name);
      if (!s || s.rank + (s.reserve ? 1 : 0) === 0) return base(x);
      // lora_dropout on the adapter input, as PEFT's AdaLoRA/IncreLoRA layers (training only).
      const parts = deltaX(s, trainDropout(x, dropout, ctx.seed));
      return tf.add(
        base(x),
        tf.mul(parts.length === 1 ? parts[0]! : tf.addN(parts), alpha / Math.max(s.rank, 1)),
      );
    },
    async afterStep(step, grads) {
      // Scores are read back together, awaited: GPU backends cannot read synchronously.
      const scoreTensors = sites.map((s) =>
        tf.tidy(() => {
          const terms = groupsOf(s)
            .flatMap((g) => [g.a, g.b, g.e])
            .map((v) => {
              const gr = grads.get((v as tf.Variable).name);
              return gr && v instanceof tf.Variable ? tf.sum(tf.abs(tf.mul(v, gr))) : tf.scalar(0);
            });
          return tf.addN(terms);
        }),
      );
      const values = await Promise.all(scoreTensors.map((t) => t.data()));
      scoreTensors.forEach((t) => t.dispose());
      sites.forEach((s, i) => {
        const score = Number(values[i]![0]) / Math.sqrt(s.site.dIn * s.site.dOut);
        s.ipt = beta1 * s.ipt + (1 - beta1) * score;
        s.unc = beta2 * s.unc + (1 - beta2) * Math.abs(score - s.ipt);
      });
      const total = sites.reduce((a, s) => a + s.rank, 0);
      if (step < warmup || (step - warmup) % interval !== 0 || total >= targetTotal) return;
      // activate() reads the reserve's E synchronously: cache it on the host first.
      await cacheOnHost(sites.flatMap((s) => (s.reserve ? [s.reserve.e] : [])));
      let left = targetTotal - total;
      for (const s of [...sites].sort((x, y) => y.ipt * y.unc - x.ipt * x.unc).slice(0, topH)) {
        if (left <= 0) break;
        const k = Math.min(incre, left);
        activate(s, k);
        left -= k;
      }
    },
    merge: () =>
      new Map(
        sites.map((s) => [
          s.site.name,
          tf.tidy(() => {
            const parts = groupsOf(s).map((g) => tf.matMul(tf.mul(g.a, g.e), g.b));
            return parts.length
              ? (tf.add(
                  s.site.kernel,
                  tf.mul(tf.addN(parts), alpha / Math.max(s.rank, 1)),
                ) as tf.Tensor2D)
              : (tf.clone(s.site.kernel) as tf.Tensor2D);
          }),
        ]),
      ),
    state() {
      const out = new Map<string, tf.Tensor>();
      for (const s of sites) {
        if (s.active.length === 0) continue;
        out.set(
          peftKey(s.site.name, 'lora_A.weight'),
          tf.tidy(() =>
            tf.transpose(
              tf.concat(
                s.active.map((g) => g.a),
                1,
              ),
            ),
          ),
        );
        out.set(
          peftKey(s.site.name, 'lora_B.weight'),
          tf.tidy(() =>
            tf.transpose(
              tf.concat(
                s.active.map((g) => g.b),
                0,
              ),
            ),
          ),
        );
        out.set(
          peftKey(s.site.name, 'lora_E.weight'),
          tf.tidy(() =>
            tf.reshape(
              tf.concat(
                s.active.map((g) => g.e),
                0,
              ),
              [-1, 1],
            ),
          ),
        );
      }
      return out;
    },
    trainableCount: () => count(trainable),
    dispose: () => store.dispose(),
  };
  return method;
};
