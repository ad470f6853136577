/**
 * Power-law built-ins (§2.1, §2.3, §2.7, §2.15 of SCALING-LAWS.md), each with an analytic Jacobian.
 * Coefficients are `log` parameters (the Chinchilla parameterisation a = log A); exponents are raw.
 */
import type { LawModel, ParamSpec } from './types';

const range = (from: number, to: number, step: number): number[] => {
  const out: number[] = [];
  for (let v = from; v <= to + 1e-9; v += step) out.push(v);
  return out;
};
const exps = (logs: number[]): number[] => logs.map((v) => Math.exp(v));

function logs(col: Float64Array): Float64Array {
  const out = new Float64Array(col.length);
  for (let i = 0; i < col.length; i++) out[i] = Math.log(col[i]!);
  return out;
}

const coef = (name: string, doc: string, grid: number[]): ParamSpec => ({
  name,
  doc,
  lower: 0,
  upper: Infinity,
  log: true,
  grid,
});
const exponent = (name: string, doc: string, grid: number[], lower = 0, upper = 3): ParamSpec => ({
  name,
  doc,
  lower,
  upper,
  log: false,
  grid,
});

/** L(x) = E + A·x^−α (Hestness et al.; Henighan et al.). Start grid from SCALING-LAWS.md §2.1. */
export const powerLaw: LawModel = {
  form: 'power',
  expression: 'E + A*x^-alpha',
  doc: 'Power law plus constant: irreducible E plus a term that falls as x^-alpha.',
  variables: ['x'],
  positive: [true],
  params: [
    coef('E', 'irreducible loss (the value as x → ∞)', exps([-1, -0.5, 0, 0.5, 1])),
    coef('A', 'scale of the reducible term', exps(range(0, 25, 2.5))),
    exponent('alpha', 'exponent: how fast the reducible term falls', [0, 0.25, 0.5, 1, 1.5, 2]),
  ],
  bind([x]) {
    const lx = logs(x!);
    return {
      n: lx.length,
      eval(t, out, jac) {
        const E = t[0]!;
        const A = t[1]!;
        const a = t[2]!;
        for (let i = 0; i < lx.length; i++) {
          const px = Math.exp(-a * lx[i]!);
          out[i] = E + A * px;
          if (jac) {
            jac[i * 3] = 1;
            jac[i * 3 + 1] = px;
            jac[i * 3 + 2] = -A * px * lx[i]!;
          }
        }
      },
    };
  },
};

/** L(N, D) = E + A/N^α + B/D^β (Hoffmann et al. 2022, eq. 2; start grid of D.2). */
export const chinchillaLaw: LawModel = {
  form: 'chinchilla',
  expression: 'E + A*N^-alpha + B*D^-beta',
  doc: 'Chinchilla: irreducible loss E, a model-size term A/N^alpha and a data term B/D^beta.',
  variables: ['N', 'D'],
  positive: [true, true],
  params: [
    coef('E', 'irreducible loss (entropy of the data)', exps([-1, -0.5, 0, 0.5, 1])),
    coef('A', 'model-size coefficient', exps(range(0, 25, 5))),
    coef('B', 'data coefficient', exps(range(0, 25, 5))),
    exponent('alpha', 'model-size exponent', [0, 0.5, 1, 1.5, 2]),
    exponent('beta', 'data exponent', [0, 0.5, 1, 1.5, 2]),
  ],
  bind([N, D]) {
    const lN = logs(N!);
    const lD = logs(D!);
    return {
      n: lN.length,
      eval(t, out, jac) {
        const [E, A, B, a, b] = [t[0]!, t[1]!, t[2]!, t[3]!, t[4]!];
        for (let i = 0; i < lN.length; i++) {
          const pn = Math.exp(-a * lN[i]!);
          const pd = Math.exp(-b * lD[i]!);
          out[i] = E + A * pn + B * pd;
          if (jac) {
            const k = i * 5;
            jac[k] = 1;
            jac[k + 1] = pn;
            jac[k + 2] = pd;
            jac[k + 3] = -A * pn * lN[i]!;
            jac[k + 4] = -B * pd * lD[i]!;
          }
        }
      },
    };
  },
};

/** Geometric mean of a positive column (nmt's normalising sizes N̄). */
function geomean(col: Float64Array): number {
  let s = 0;
  for (let i = 0; i < col.length; i++) s += Math.log(col[i]!);
  return Math.exp(s / Math.max(1, col.length));
}

/**
 * L(N_e, N_d) = alpha·(N_e/Ne_ref)^−p_e·(N_d/Nd_ref)^−p_d + L_inf (Ghorbani et al. 2021). The
 * references are the data's geometric means (stored in the fit's constants), so alpha is the
 * reducible loss of the "typical" model and its start grid does not depend on units.
 */
export const nmtLaw: LawModel = {
  form: 'nmt',
  expression: 'alpha*(Ne/Ne_ref)^-p_e*(Nd/Nd_ref)^-p_d + L_inf',
  doc: 'Bivariate encoder/decoder law: the reducible loss is a product of encoder and decoder power laws.',
  variables: ['Ne', 'Nd'],
  positive: [true, true],
  params: [
    coef('alpha', 'reducible loss at the reference sizes', exps([-3, -1, 0, 1])),
    exponent('p_e', 'encoder exponent', [0.05, 0.1, 0.2, 0.4, 0.8]),
    exponent('p_d', 'decoder exponent', [0.05, 0.1, 0.2, 0.4, 0.8]),
    coef('L_inf', 'irreducible loss', exps([-1, 0, 0.5, 1])),
  ],
  constants: ([Ne, Nd]) => ({ Ne_ref: geomean(Ne!), Nd_ref: geomean(Nd!) }),
  bind([Ne, Nd], c) {
    const le = logs(Ne!).map((v) => v - Math.log(c.Ne_ref!));
    const ld = logs(Nd!).map((v) => v - Math.log(c.Nd_ref!));
    return {
      n: le.length,
      eval(t, out, jac) {
        const [al, pe, pd, Li] = [t[0]!, t[1]!, t[2]!, t[3]!];
        for (let i = 0; i < le.length; i++) {
          const q = Math.exp(-pe * le[i]! - pd * ld[i]!);
          out[i] = al * q + Li;
          if (jac) {
            jac[i * 4] = q;
            jac[i * 4 + 1] = -al * q * le[i]!;
            jac[i * 4 + 2] = -al * q * ld[i]!;
            jac[i * 4 + 3] = 1;
          }
        }
      },
    };
  },
};

/**
 * Best learning rate against batch size, lr = c·B^kappa (§2.15): fit kappa to see whether a sweep
 * follows the linear (SGD, kappa = 1) or square-root (Adam, kappa = 1/2) rule.
 */
export const batchLrLaw: LawModel = {
  form: 'batch_lr',
  expression: 'c*B^kappa',
  doc: 'Best learning rate as a power of batch size: `batch_lr(run.eval_loss ~ batch)` takes, per batch size, the lr of the trial with the lowest eval_loss (highest for accuracy) and fits lr* = c·B^kappa; kappa ≈ 1 for SGD (linear rule), ≈ 0.5 for Adam (square-root rule).',
  variables: ['B'],
  positive: [true],
  params: [
    coef('c', 'learning rate at batch size 1', exps([-12, -9, -6, -3, 0])),
    exponent('kappa', 'batch-size exponent', [0.25, 0.5, 1], -1, 2),
  ],
  bind([B]) {
    const lb = logs(B!);
    return {
      n: lb.length,
      eval(t, out, jac) {
        for (let i = 0; i < lb.length; i++) {
          const v = t[0]! * Math.exp(t[1]! * lb[i]!);
          out[i] = v;
          if (jac) {
            jac[i * 2] = v / t[0]!;
            jac[i * 2 + 1] = v * lb[i]!;
          }
        }
      },
    };
  },
};

/**
 * The batch-size/learning-rate rule (§2.15): η(B) = η_ref·(B/B_ref)^κ with κ = 1 for SGD and
 * κ = 1/2 for adaptive optimisers (Adam, AdamW, AdaGrad, …). Throws on non-positive sizes or rates.
 */
export function scaleLearningRate(
  lrRef: number,
  batchRef: number,
  batch: number,
  optimizer: string,
): number {
  if (!(lrRef > 0) || !(batchRef > 0) || !(batch > 0))
    throw new RangeError(
      `scaleLearningRate: need positive lr and batch sizes, got lr=${lrRef}, batchRef=${batchRef}, batch=${batch}`,
    );
  const kappa = /^(sgd|momentum|nesterov)/i.test(optimizer) ? 1 : 0.5;
  return lrRef * Math.pow(batch / batchRef, kappa);
}
