/**
 * Optimizers over explicit variable lists: AdamW (decoupled weight decay), SGD with momentum
 * (PyTorch's form: buf = μ·buf + g; p −= lr·buf), AdaGrad (PyTorch's form, eps 1e-10).
 * State is created lazily per variable, so a method may add trainables mid-run (IncreLoRA).
 */
import { requireNum } from '../../core/catalog/values';
import * as tf from '@tensorflow/tfjs-core';
import type { ResolvedOptimizer } from '../../core/types/plan';
import { ADAMW, hasFusedKernels, type AdamWAttrs } from '../tf/kernels/fused';

export interface Optimizer {
  readonly name: string;
  /**
   * Applies one update with learning rate `lr` to each variable that has a gradient; `scale`
   * multiplies the rate of some variables (LoRA+ trains B at loraplus_lr_ratio × lr).
   */
  step(
    vars: readonly tf.Variable[],
    grads: Map<tf.Variable, tf.Tensor>,
    lr: number,
    scale?: ReadonlyMap<tf.Variable, number>,
  ): void;
  /** Scalars of optimizer state held (for memory checks). */
  stateSize(): number;
  /**
   * The state a checkpoint holds: the update count and, for each of `vars` (by position), its
   * slot tensors (live variables, read before the next step) or null when it has none yet.
   */
  exportState(vars: readonly tf.Variable[]): OptimizerState;
  /** Restores `exportState`'s result onto `vars` (same order and shapes); throws naming a mismatch. */
  importState(vars: readonly tf.Variable[], state: OptimizerState): void;
  dispose(): void;
}

export interface OptimizerState {
  /** Updates applied so far (AdamW's bias-correction step). */
  t: number;
  slots: (tf.Tensor[] | null)[];
}

const num = (params: Record<string, unknown>, key: string, fallback: number): number =>
  requireNum(params, key, 'optimizer', fallback);

class Slots {
  private readonly map = new Map<tf.Variable, tf.Variable[]>();
  constructor(private readonly count: number) {}
  get(v: tf.Variable): tf.Variable[] {
    let s = this.map.get(v);
    if (!s) {
      s = Array.from({ length: this.count }, () => tf.variable(tf.zerosLike(v), false));
      this.map.set(v, s);
    }
    return s;
  }
  peek(v: tf.Variable): tf.Variable[] | null {
    return this.map.get(v) ?? null;
  }
  /** Replaces `v`'s slots with copies of `values` (checked against the variable's shape). */
  restore(v: tf.Variable, values: readonly tf.Tensor[]): void {
    if (values.length !== this.count)
      throw new Error(
        `optimizer state for ${v.name} has ${values.length} slots, expected ${this.count}`,
      );
    for (const t of values)
      if (t.shape.join('x') !== v.shape.join('x'))
        throw new Error(
          `optimizer state for ${v.name} has shape [${t.shape.join(', ')}], expected [${v.shape.join(', ')}]`,
        );
    for (const old of this.map.get(v) ?? []) old.dispose();
    this.map.set(
      v,
      values.map((t) => tf.variable(t, false)),
    );
  }
  export(vars: readonly tf.Variable[]): (tf.Tensor[] | null)[] {
    return vars.map((v) => this.peek(v));
  }
  import(vars: readonly tf.Variable[], slots: readonly (tf.Tensor[] | null)[]): void {
    if (slots.length !== vars.length)
      throw new Error(
        `optimizer state covers ${slots.length} variables, the method trains ${vars.length}`,
      );
    vars.forEach((v, i) => {
      const s = slots[i];
      if (s) this.restore(v, s);
    });
  }
  size(): number {
    let n = 0;
    for (const s of this.map.values()) for (const t of s) n += t.size;
    return n;
  }
  dispose(): void {
    for (const s of this.map.values()) for (const t of s) t.dispose();
    this.map.clear();
  }
}

export function createAdamW(params: Record<string, unknown> = {}): Optimizer {
  const betas = params['betas'];
  const b1 = Array.isArray(betas) ? Number(betas[0]) : num(params, 'beta1', 0.9);
  const b2 = Array.isArray(betas) ? Number(betas[1]) : num(params, 'beta2', 0.999);
  const eps = num(params, 'eps', 1e-8);
  const wd = num(params, 'weight_decay', 0.01);
  const slots = new Slots(2);
  let t = 0;
  return {
    name: 'adamw',
    step(vars, grads, lr0, scale) {
      t++;
      const c1 = 1 - b1 ** t;
      const c2 = 1 - b2 ** t;
      tf.tidy(() => {
        for (const v of vars) {
          const g = grads.get(v);
          if (!g) continue;
          const lr = lr0 * (scale?.get(v) ?? 1);
          const [m, s] = slots.get(v) as [tf.Variable, tf.Variable];
          if (hasFusedKernels() && v.dtype === 'float32') {
            // One fused op instead of ~14 (runtime/tf/kernels): same formula, same order.
            const attrs: AdamWAttrs = { b1, b2, c1, c2, eps, lr, decay: wd > 0 ? 1 - lr * wd : 1 };
            const [nv, nm, ns] = tf
              .engine()
              .runKernel<tf.Tensor[]>(ADAMW, { v, g, m, s }, attrs as unknown as tf.NamedAttrMap);
            m.assign(nm!);
            s.assign(ns!);
            v.assign(nv!);
            continue;
          }
          m.assign(tf.add(tf.mul(m, b1), tf.mul(g, 1 - b1)));
          s.assign(tf.add(tf.mul(s, b2), tf.mul(tf.square(g), 1 - b2)));
          const upd = tf.div(tf.div(m, c1), tf.add(tf.sqrt(tf.div(s, c2)), eps));
          const decayed = wd > 0 ? tf.mul(v, 1 - lr * wd) : v;
          v.assign(tf.sub(decayed, tf.mul(upd, lr)));
        }
      });
    },
    stateSize: () => slots.size(),
    exportState: (vars) => ({ t, slots: slots.export(vars) }),
    importState(vars, state) {
      slots.import(vars, state.slots);
      t = state.t;
    },
    dispose: () => slots.dispose(),
  };
}

export function createSgd(params: Record<string, unknown> = {}): Optimizer {
  const mu = num(params, 'momentum', 0.9);
  const wd = num(params, 'weight_decay', 0);
  const slots = new Slots(mu > 0 ? 1 : 0);
  return {
    name: 'sgd',
    step(vars, grads, lr0, scale) {
      tf.tidy(() => {
        for (const v of vars) {
          let g = grads.get(v);
          if (!g) continue;
          const lr = lr0 * (scale?.get(v) ?? 1);
          if (wd > 0) g = tf.add(g, tf.mul(v, wd));
          if (mu > 0) {
            const [buf] = slots.get(v) as [tf.Variable];
            buf.assign(tf.add(tf.mul(buf, mu), g));
            g = buf;
          }
          v.assign(tf.sub(v, tf.mul(g, lr)));
        }
      });
    },
    stateSize: () => slots.size(),
    exportState: (vars) => ({ t: 0, slots: slots.export(vars) }),
    importState: (vars, state) => slots.import(vars, state.slots),
    dispose: () => slots.dispose(),
  };
}

export function createAdagrad(params: Record<string, unknown> = {}): Optimizer {
  const eps = num(params, 'eps', 1e-10);
  const init = num(params, 'initial_accumulator_value', 0);
  const slots = new Slots(1);
  const seeded = new Set<tf.Variable>();
  return {
    name: 'adagrad',
    step(vars, grads, lr0, scale) {
      tf.tidy(() => {
        for (const v of vars) {
          const g = grads.get(v);
          if (!g) continue;
          const lr = lr0 * (scale?.get(v) ?? 1);
          const [acc] = slots.get(v) as [tf.Variable];
          if (init !== 0 && !seeded.has(v)) {
            acc.assign(tf.fill(acc.shape, init));
            seeded.add(v);
          }
          acc.assign(tf.add(acc, tf.square(g)));
          v.assign(tf.sub(v, tf.mul(tf.div(g, tf.add(tf.sqrt(acc), eps)), lr)));
        }
      });
    },
    stateSize: () => slots.size(),
    exportState: (vars) => ({ t: 0, slots: slots.export(vars) }),
    importState(vars, state) {
      slots.import(vars, state.slots);
      // A restored accumulator already holds its initial value.
      vars.forEach((v, i) => state.slots[i] && seeded.add(v));
    },
    dispose: () => slots.dispose(),
  };
}

/** By catalog name; throws naming the unknown optimizer. */
export function createOptimizer(o: ResolvedOptimizer): Optimizer {
  switch (o.name.toLowerCase()) {
    case 'adamw':
    case 'adam':
      return createAdamW(
        o.name.toLowerCase() === 'adam' ? { weight_decay: 0, ...o.params } : o.params,
      );
    case 'sgd':
      return createSgd(o.params);
    case 'adagrad':
      return createAdagrad(o.params);
    default:
      throw new Error(`unknown optimizer "${o.name}"; expected adamw, adam, sgd or adagrad`);
  }
}

/** The learning rate from optimizer params (`lr`), or `fallback`. */
export function baseLr(o: ResolvedOptimizer, fallback = 1e-3): number {
  return num(o.params, 'lr', fallback);
}
