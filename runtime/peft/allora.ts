/**
 * ALLoRA's per-row adaptive learning rate (PEFT-METHODS §1.9): every row θ_i of A and B (the
 * columns of the tfjs-layout A_t [dIn, r] and B_t [r, dOut]) moves by c_i × the optimizer's
 * update, c_i = 1/√(‖θ_i‖^p + 1/η²) from the parameters before the step. Scaling the gradient
 * instead would be undone by Adam's second moment, so the update itself is rescaled:
 * `before()` snapshots θ (called from transformGradients, i.e. just before the optimizer step),
 * `after()` sets θ ← θ_old + c ⊙ (θ_new − θ_old).
 */
import * as tf from '@tensorflow/tfjs-core';

export interface AlloraScaler {
  before(): void;
  after(): void;
  dispose(): void;
}

/** c per column of v (one value per row θ_i of the PyTorch-layout matrix), shape [1, cols]. */
export function alloraCoefficients(v: tf.Tensor2D, eta: number, power: number): tf.Tensor2D {
  return tf.tidy(() => {
    const sq = tf.sum(tf.square(v), 0, true);
    const normP = power === 1 ? tf.sqrt(sq) : sq;
    return tf.rsqrt(tf.add(normP, 1 / (eta * eta))) as tf.Tensor2D;
  });
}

export function alloraScaler(
  vars: readonly tf.Variable[],
  eta: number,
  power: number,
): AlloraScaler {
  if (!(eta > 0)) throw new Error(`allora: eta must be > 0, got ${eta}`);
  if (power !== 1 && power !== 2)
    throw new Error(`allora: norm_power must be 1 or 2, got ${power}`);
  let snap: { old: tf.Tensor2D; c: tf.Tensor2D }[] | null = null;
  const clear = () => {
    for (const s of snap ?? []) {
      s.old.dispose();
      s.c.dispose();
    }
    snap = null;
  };
  return {
    before() {
      clear();
      snap = vars.map((v) => ({
        old: tf.keep(tf.clone(v)) as tf.Tensor2D,
        c: tf.keep(alloraCoefficients(v as unknown as tf.Tensor2D, eta, power)),
      }));
    },
    after() {
      if (!snap) return;
      vars.forEach((v, i) => {
        const { old, c } = snap![i]!;
        tf.tidy(() => v.assign(tf.add(old, tf.mul(c, tf.sub(v, old)))));
      });
      clear();
    },
    dispose: clear,
  };
}
