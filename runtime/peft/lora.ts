/**
 * The LoRA family (PEFT-METHODS §1.1–1.2, §1.4–1.5, §1.7–1.9): LoRA, rsLoRA, DoRA, PiSSA, OLoRA,
 * EVA, LoRA+ and ALLoRA share one forward, y = base(x) + s·(drop(x)·A_t)·B_t, with DoRA's magnitude and
 * ALLoRA's per-row update scaling layered on top.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Params } from '../../core/catalog';
import type {
  AttachedMethod,
  BaseModelHandle,
  LinearSite,
  MethodContext,
  MethodFactory,
} from './types';
import {
  count,
  detached,
  effectiveParams,
  num,
  peftKey,
  rng,
  Store,
  targetSites,
  trainDropout,
  variableNamer,
} from './common';
import { evaPca, evaRanks, loraInit, type LoraInit } from './lora-init';
import { alloraScaler } from './allora';

interface LoraSite {
  site: LinearSite;
  a: tf.Variable; // [dIn, r]
  b: tf.Variable; // [r, dOut]
  s: number;
  dropout: number;
  residual: tf.Tensor2D | null;
  magnitude: tf.Variable | null; // DoRA m [dOut]
  loraBias: tf.Variable | null; // lora_bias: a trained bias on lora_B [dOut]
}

const kernelOf = (ls: LoraSite): tf.Tensor2D =>
  ls.residual ?? (ls.site.kernel as unknown as tf.Tensor2D);

/** W + s·A_t·B_t in tfjs layout. */
const combined = (ls: LoraSite): tf.Tensor2D =>
  tf.add(kernelOf(ls), tf.mul(tf.matMul(ls.a, ls.b), ls.s));
/** ‖W + sBA‖ per output unit (the columns in tfjs layout), [dOut]. */
const columnNorm = (w: tf.Tensor2D): tf.Tensor1D => tf.sqrt(tf.sum(tf.square(w), 0)) as tf.Tensor1D;

function scaleOf(p: Params, r: number, allora: boolean): number {
  if (allora) return 1;
  const alpha = num(p, 'lora_alpha', 8);
  return p['use_rslora'] === true ? alpha / Math.sqrt(r) : alpha / r;
}

/**
 * EVA's adjust_scaling_factors (PEFT): α_l = α·r_l/r, so s = α_l/r_l = α/r on every layer, and
 * with rsLoRA s = α_l/√r_l = α·√r_l/r.
 */
function evaScale(p: Params, rl: number): number {
  const alpha = num(p, 'lora_alpha', 8),
    r = num(p, 'r', 8);
  return p['use_rslora'] === true ? (alpha * Math.sqrt(rl)) / r : alpha / r;
}

/** The per-site inits; EVA needs every site's inputs at once to redistribute ranks. */
function initAll(
  model: BaseModelHandle,
  targets: { site: LinearSite; p: Params }[],
  p: Params,
  ctx: MethodContext,
  allora: boolean,
) {
  const next = rng(ctx.seed);
  if (p['init_lora_weights'] !== 'eva') {
    return targets.map(({ site, p: sp }) => {
      const r = num(sp, 'r', 8);
      if (r < 1 || r > Math.min(site.dIn, site.dOut))
        throw new Error(
          `r = ${r} must be in [1, ${Math.min(site.dIn, site.dOut)}] at ${site.name}`,
        );
      const s = scaleOf(sp, r, allora);
      return { site, r, s, init: loraInit(site, r, s, sp['init_lora_weights'], next) };
    });
  }
  if (!ctx.calibrationInputs)
    throw new Error(
      'init_lora_weights = eva needs calibration inputs (MethodContext.calibrationInputs) from the engine',
    );
  const inputs = ctx.calibrationInputs();
  const eva = (p['eva_config'] ?? {}) as Record<string, unknown>;
  const rho = typeof eva['rho'] === 'number' ? eva['rho'] : 2;
  const pcas = targets.map(({ site, p: sp }) => {
    const x = inputs.get(site.name);
    if (!x) throw new Error(`eva: no calibration inputs for site ${site.name}`);
    return evaPca(
      x.dataSync() as Float32Array,
      x.shape[0],
      site.dIn,
      Math.round(rho * num(sp, 'r', 8)),
    );
  });
  const ranks = evaRanks(
    pcas,
    targets.reduce((s, t) => s + num(t.p, 'r', 8), 0),
  );
  const out: { site: LinearSite; r: number; s: number; init: LoraInit }[] = [];
  targets.forEach(({ site, p: sp }, l) => {
    const r = ranks[l]!;
    if (r === 0) return; // EVA drops the layer
    const comps = pcas[l]!.components;
    const a = new Float32Array(site.dIn * r);
    const whiten = eva['whiten'] === true;
    for (let i = 0; i < site.dIn; i++)
      for (let j = 0; j < r; j++)
        a[i * r + j] =
          comps.data[i * comps.cols + j]! / (whiten ? Math.sqrt(pcas[l]!.singular[j]! || 1) : 1);
    out.push({ site, r, s: evaScale(sp, r), init: { a, b: new Float32Array(r * site.dOut) } });
  });
  void model;
  return out;
}

/**
 * A preset's fixed fields (dora: use_dora, pissa: init_lora_weights …) are the catalog defaults of
 * that entry, so a written value wins, exactly as the PEFT export merges them.
 */
function makeLora(methodName: string): MethodFactory {
  return (model, params, ctx) => {
    const p = effectiveParams(methodName, params);
    const allora = methodName === 'allora';
    const dora = p['use_dora'] === true;
    const store = new Store(variableNamer(methodName));
    const sites = new Map<string, LoraSite>();
    for (const { site, r, s, init } of initAll(
      model,
      targetSites(model, p, methodName),
      p,
      ctx,
      allora,
    )) {
      const a = store.variable(`${site.name}.lora_A`, [site.dIn, r], init.a);
      const b = store.variable(`${site.name}.lora_B`, [r, site.dOut], init.b);
      const residual = init.residual
        ? store.keep(tf.tensor2d(init.residual, [site.dIn, site.dOut]))
        : null;
      if (p['lora_bias'] === true && (dora || init.residual !== undefined))
        throw new Error(
          'lora_bias works only with init_lora_weights true/false/gaussian and without DoRA (PEFT rule)',
        );
      const loraBias =
        p['lora_bias'] === true
          ? store.variable(`${site.name}.lora_B_bias`, [site.dOut], new Float32Array(site.dOut))
          : null;
      const ls: LoraSite = {
        site,
        a,
        b,
        s,
        dropout: allora ? 0 : num(p, 'lora_dropout', 0),
        residual,
        magnitude: null,
        loraBias,
      };
      if (dora)
        ls.magnitude = store.variable(
          `${site.name}.lora_magnitude_vector`,
          [site.dOut],
          tf.tidy(() => columnNorm(combined(ls)).dataSync() as Float32Array),
        );
      sites.set(site.name, ls);
    }
    const trainable = [...store.vars];
    const scaler = allora
      ? alloraScaler(
          [...sites.values()].flatMap((ls) => [ls.a, ls.b]),
          num(p, 'eta', 2),
          num(p, 'norm_power', 2),
        )
      : undefined;

    const method: AttachedMethod = {
      trainable,
      linear(site, x, base) {
        const ls = sites.get(site.name);
        if (!ls) return base(x);
        const xd = trainDropout(x, ls.dropout, ctx.seed);
        const low = tf.mul(
          model.linear(
            model.linear(xd, ls.a as unknown as tf.Tensor2D, null, true),
            ls.b as unknown as tf.Tensor2D,
            ls.loraBias as unknown as tf.Tensor1D | null,
            true,
          ),
          ls.s,
        );
        const bias = site.bias as unknown as tf.Tensor1D | null;
        const y0 = ls.residual ? model.linear(x, ls.residual, bias, false) : base(x);
        if (!ls.magnitude) return tf.add(y0, low);
        // DoRA (§1.8): y = base(x) + (m/n − 1)⊙(x·W) + (m/n)⊙(s·x·A·B), n detached.
        const scale = tf.div(
          ls.magnitude,
          detached(() => columnNorm(combined(ls))),
        );
        const xw = model.linear(xd, kernelOf(ls), null, false);
        return tf.add(y0, tf.add(tf.mul(tf.sub(scale, 1), xw), tf.mul(scale, low)));
      },
      mergeBiases() {
        const out = new Map<string, tf.Tensor1D>();
        for (const ls of sites.values()) {
          if (!ls.loraBias) continue;
          if (!ls.site.bias)
            throw new Error(`lora_bias: ${ls.site.name} has no bias to merge into`);
          out.set(
            ls.site.name,
            tf.tidy(() => tf.add<tf.Tensor1D>(ls.site.bias!, tf.mul(ls.loraBias!, ls.s))),
          );
        }
        return out;
      },
      merge() {
        const out = new Map<string, tf.Tensor2D>();
        for (const ls of sites.values()) {
          out.set(
            ls.site.name,
            tf.tidy(() => {
              const w = combined(ls);
              return ls.magnitude ? tf.mul(w, tf.div(ls.magnitude, columnNorm(w))) : w;
            }),
          );
        }
        return out;
      },
      state() {
        const out = new Map<string, tf.Tensor>();
        for (const ls of sites.values()) {
          out.set(peftKey(ls.site.name, 'lora_A.weight'), tf.transpose(ls.a));
          out.set(peftKey(ls.site.name, 'lora_B.weight'), tf.transpose(ls.b));
          if (ls.magnitude)
            out.set(peftKey(ls.site.name, 'lora_magnitude_vector'), tf.clone(ls.magnitude));
          if (ls.loraBias) out.set(peftKey(ls.site.name, 'lora_B.bias'), tf.clone(ls.loraBias));
        }
        return out;
      },
      trainableCount: () => count(trainable),
      dispose() {
        scaler?.dispose();
        store.dispose();
      },
    };
    const ratio = p['loraplus_lr_ratio'];
    if (typeof ratio === 'number' && ratio !== 1) {
      // LoRA+ (Hayou et al. 2024), as PEFT's create_loraplus_optimizer groups them: lora_B and
      // every 1-D adapter vector (lora_B bias, DoRA magnitude) at ratio × lr, lora_A at lr.
      const fast = [...sites.values()]
        .flatMap((ls) => [ls.b, ls.loraBias, ls.magnitude])
        .filter((v): v is tf.Variable => v !== null);
      method.lrScale = new Map(fast.map((v) => [v, ratio]));
    }
    if (scaler) {
      method.transformGradients = (g) => {
        scaler.before();
        return g;
      };
      method.afterStep = () => scaler.after();
    }
    return method;
  };
}

/** The LoRA family by catalog name: one implementation; each preset's fields are its catalog entry's defaults. */
export const LORA_FACTORIES: Record<string, MethodFactory> = Object.fromEntries(
  ['lora', 'dora', 'rslora', 'pissa', 'olora', 'eva', 'loraplus', 'allora'].map((name) => [
    name,
    makeLora(name),
  ]),
);
