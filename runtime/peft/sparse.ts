/**
 * SpIEL sparse fine-tuning (PEFT-METHODS §1.22; Ansell et al. 2024): k = num_tunable_weights or
 * round(density·Σ numel) entries of the targeted kernels train, stored sparsely as indices φ and
 * values η (8 bytes per entry, not a dense delta). W' = W + scatter(φ, η).
 * Every reselection_steps steps (selection = gradient | momentum) each site drops the p_c·k_s
 * entries that moved least and regrows as many from candidates_per_replacement_slot × that many
 * sampled inactive positions, scored by |Σ g| of the dense gradient over the last
 * selection_accumulation_steps steps (gradient), or by |m|, its β = 0.9 moving average over every
 * step so far (momentum, SpIEL-MA's idea without SM3's compression); p_c = p₀/c. Each site keeps
 * its share of k (its initial random draw). selection = random keeps the first mask (APET-style).
 * l1_reg adds λ·sign(η) to η's gradient. Deviation: the optimizer's moments of a re-used slot are
 * kept (SpIEL resets them).
 */
import * as tf from '@tensorflow/tfjs-core';
import type { AttachedMethod, LinearSite, MethodFactory } from './types';
import { effectiveParams, num, peftKey, rng, Store, targetSites, variableNamer } from './common';
import { customGrad } from '../model/linear';
import { choose, dropRate, inWindow, isReselection, regrow, type Schedule } from './sparse-select';

interface SparseSite {
  site: LinearSite;
  indices: Uint32Array; // flat [dIn, dOut] offsets, one per slot
  indexTensor: tf.Tensor2D; // int32 [k_s, 1] copy for the forward
  values: tf.Variable; // η [k_s]
  probe: tf.Variable | null; // zero [dIn, dOut] whose gradient is dL/dW' while scoring
  score: Float32Array | null;
}

export const sparse: MethodFactory = (model, params, ctx) => {
  const p = effectiveParams('sparse', params);
  const targets = targetSites(model, p, 'sparse').map((t) => t.site);
  const total = targets.reduce((s, t) => s + t.dIn * t.dOut, 0);
  const fixed = p['num_tunable_weights'];
  const k = typeof fixed === 'number' ? fixed : Math.round(num(p, 'density', 0.01) * total);
  if (!(k >= 1 && k <= total))
    throw new Error(
      `sparse: k = ${k} tunable weights must be in [1, ${total}] (density = ${num(p, 'density', 0.01)})`,
    );
  const next = rng(ctx.seed);
  const chosen = choose(total, k, next);
  const mode =
    p['selection'] === 'momentum'
      ? 'momentum'
      : p['selection'] === 'random'
        ? 'random'
        : 'gradient';
  const every = num(p, 'reselection_steps', 20);
  const schedule: Schedule = {
    every,
    accumulate: Math.min(every, num(p, 'selection_accumulation_steps', 5)),
    rate0: num(p, 'initial_reselection_rate', 0.2),
  };
  const perSlot = num(p, 'candidates_per_replacement_slot', 5);
  const l1 = num(p, 'l1_reg', 0);
  const store = new Store(variableNamer('sparse'));
  const sites: SparseSite[] = [];
  let offset = 0;
  for (const site of targets) {
    const n = site.dIn * site.dOut;
    const own = Uint32Array.from(
      chosen.filter((g) => g >= offset && g < offset + n),
      (g) => g - offset,
    ).sort();
    offset += n;
    if (own.length === 0) continue;
    sites.push({
      site,
      indices: own,
      indexTensor: tf.keep(tf.tensor2d(Int32Array.from(own), [own.length, 1], 'int32')),
      values: store.variable(
        `${site.name}.sparse_values`,
        [own.length],
        new Float32Array(own.length),
      ),
      probe: null,
      score: null,
    });
  }
  const bySite = new Map(sites.map((s) => [s.site.name, s]));
  const trainable: tf.Variable[] = [...store.vars];
  /**
   * scatter(φ, η) as a dense kernel. tfjs has no ScatterNd gradient (and wasm no
   * UnsortedSegmentSum), so the gradient is given: dL/dη = gather(dL/dΔ, φ), the sparse gradient.
   */
  const dense = (s: SparseSite): tf.Tensor2D => {
    const n = s.site.dIn * s.site.dOut;
    const idx = s.indexTensor;
    const scatter = customGrad((values: tf.Tensor, save: tf.GradSaveFunc) => {
      save([]);
      return {
        value: tf.scatterND(idx, values, [n]),
        gradFunc: (dy: tf.Tensor) => tf.gatherND(dy, idx),
      };
    });
    return tf.reshape(scatter(s.values), [s.site.dIn, s.site.dOut]);
  };
  const adapted = (s: SparseSite): tf.Tensor2D => {
    const w = tf.add<tf.Tensor2D>(s.site.kernel, dense(s));
    return s.probe ? tf.add<tf.Tensor2D>(w, s.probe) : w;
  };

  /** Opens or closes the scoring window for the coming step (probes train only inside it). */
  const setWindow = (open: boolean): void => {
    for (const s of sites) {
      if (open) s.score ??= new Float32Array(s.site.dIn * s.site.dOut);
      if (open && !s.probe) {
        s.probe = tf.variable(tf.zeros([s.site.dIn, s.site.dOut]), true, `${s.values.name}.probe`);
        trainable.push(s.probe);
      } else if (!open && s.probe) {
        trainable.splice(trainable.indexOf(s.probe), 1);
        s.probe.dispose();
        s.probe = null;
      }
    }
  };
  let reselections = 0;
  const reselect = (): void => {
    reselections++;
    for (const s of sites) {
      const values = s.values.dataSync() as Float32Array;
      const slots = regrow(
        s.indices,
        values,
        s.score ?? new Float32Array(s.site.dIn * s.site.dOut),
        Math.round(dropRate(schedule, reselections) * s.indices.length),
        perSlot,
        next,
      );
      for (const slot of slots) values[slot] = 0; // a regrown entry starts from the base weight
      s.values.assign(tf.tensor1d(values));
      s.indexTensor.dispose();
      s.indexTensor = tf.keep(
        tf.tensor2d(Int32Array.from(s.indices), [s.indices.length, 1], 'int32'),
      );
      if (mode === 'gradient') s.score = null; // momentum carries over
    }
  };
  const windowAt = (step: number): boolean => mode === 'momentum' || inWindow(schedule, step);
  if (mode !== 'random') setWindow(windowAt(1));

  const method: AttachedMethod = {
    trainable,
    linear(site, x, base) {
      const s = bySite.get(site.name);
      return s
        ? model.linear(x, adapted(s), site.bias as unknown as tf.Tensor1D | null, true)
        : base(x);
    },
    transformGradients(grads) {
      const out = new Map(grads);
      for (const s of sites) {
        const g = s.probe ? grads.get(s.probe.name) : undefined;
        if (g && s.score) {
          const d = g.dataSync();
          for (let i = 0; i < d.length; i++)
            s.score[i] =
              mode === 'momentum' ? 0.9 * s.score[i]! + 0.1 * d[i]! : s.score[i]! + d[i]!;
          out.delete(s.probe!.name); // scored, never stepped: the probe stays zero
        }
        const gv = out.get(s.values.name);
        if (gv && l1 > 0)
          out.set(
            s.values.name,
            tf.tidy(() => tf.add(gv, tf.mul(tf.sign(s.values), l1))),
          );
      }
      return out;
    },
    afterStep(step) {
      if (mode === 'random') return;
      if (isReselection(schedule, step)) reselect();
      setWindow(windowAt(step + 1));
    },
    merge: () =>
      new Map(sites.map((s) => [s.site.name, tf.tidy(() => tf.add(s.site.kernel, dense(s)))])),
    state() {
      // Stored sparse: indices into PyTorch's [dOut, dIn] weight (int32) and their values.
      const out = new Map<string, tf.Tensor>();
      for (const s of sites) {
        const { dIn, dOut } = s.site;
        out.set(
          peftKey(s.site.name, 'sparse_indices'),
          tf.tensor1d(
            Int32Array.from(s.indices, (f) => (f % dOut) * dIn + Math.floor(f / dOut)),
            'int32',
          ),
        );
        out.set(peftKey(s.site.name, 'sparse_values'), tf.clone(s.values));
      }
      return out;
    },
    trainableCount: () => k,
    dispose() {
      setWindow(false);
      for (const s of sites) s.indexTensor.dispose();
      store.dispose();
    },
  };
  return method;
};
