/**
 * Built-ins beyond plain power laws: the learning-rate annealing law (§2.6), broken neural scaling
 * laws with one break (§2.10) and the exponential law of data pruning (§2.11).
 */
import type { LawModel } from './types';

/**
 * Forward and annealing areas of a learning-rate schedule (Tissue et al. 2024, §2.6):
 * S1(s) = Σ_{i≤s} η_i, m_i = λ·m_{i−1} + (η_{i−1} − η_i), S2(s) = Σ_{i≤s} m_i, with m_0 = 0 and
 * η_0 = η_1 (no annealing before the first step). `lrs[i]` is the rate of step i+1. Returns
 * arrays of the same length as `lrs`. Throws when λ is outside [0, 1).
 */
export function annealingAreas(
  lrs: ArrayLike<number>,
  lambda = 0.999,
): { S1: Float64Array; S2: Float64Array } {
  if (!(lambda >= 0 && lambda < 1))
    throw new RangeError(`annealingAreas: lambda must be in [0, 1), got ${lambda}`);
  const n = lrs.length;
  const S1 = new Float64Array(n);
  const S2 = new Float64Array(n);
  let s1 = 0;
  let s2 = 0;
  let m = 0;
  let prev = n ? lrs[0]! : 0;
  for (let i = 0; i < n; i++) {
    const eta = lrs[i]!;
    m = lambda * m + (prev - eta);
    prev = eta;
    s1 += eta;
    s2 += m;
    S1[i] = s1;
    S2[i] = s2;
  }
  return { S1, S2 };
}

/** L = L0 + A·S1^−alpha − C·S2: loss along a schedule from its forward and annealing areas. */
export const lrAnnealingLaw: LawModel = {
  form: 'lr_annealing',
  expression: 'L0 + A*S1^-alpha - C*S2',
  doc: 'Learning-rate annealing law: the loss falls with the forward area S1 and drops further with the annealing area S2.',
  variables: ['S1', 'S2'],
  positive: [true, false],
  params: [
    { name: 'L0', doc: 'loss floor', lower: 0, upper: 10, log: true, grid: [1, 2, 4] },
    {
      name: 'A',
      doc: 'scale of the forward-area term',
      lower: 0,
      upper: Infinity,
      log: true,
      grid: [1e-2, 1e-1, 1, 10, 100],
    },
    {
      name: 'alpha',
      doc: 'forward-area exponent',
      lower: 0,
      upper: 10,
      log: false,
      grid: [0.2, 0.4, 0.6, 0.8, 1.0, 1.2],
    },
    {
      name: 'C',
      doc: 'loss drop per unit of annealing area',
      lower: 0,
      upper: Infinity,
      log: true,
      grid: [1e-5, 1e-4, 1e-3, 1e-2, 1e-1, 1],
    },
  ],
  bind([S1, S2]) {
    const l1 = S1!.map((v) => Math.log(v));
    const s2 = S2!;
    return {
      n: l1.length,
      eval(t, out, jac) {
        const [L0, A, a, C] = [t[0]!, t[1]!, t[2]!, t[3]!];
        for (let i = 0; i < l1.length; i++) {
          const q = Math.exp(-a * l1[i]!);
          out[i] = L0 + A * q - C * s2[i]!;
          if (jac) {
            jac[i * 4] = 1;
            jac[i * 4 + 1] = q;
            jac[i * 4 + 2] = -A * q * l1[i]!;
            jac[i * 4 + 3] = -s2[i]!;
          }
        }
      },
    };
  },
};

const softplus = (z: number): number => (z > 30 ? z : Math.log1p(Math.exp(z)));
const sigmoid = (z: number): number => 1 / (1 + Math.exp(-z));

function quantiles(col: Float64Array, qs: number[]): number[] {
  const s = Array.from(col).sort((a, b) => a - b);
  return qs.map((q) => s[Math.min(s.length - 1, Math.max(0, Math.round(q * (s.length - 1))))] ?? 1);
}

/**
 * Broken neural scaling law with one break (Caballero et al. 2022):
 * y = a + b·x^−c0·(1 + (x/d1)^(1/f1))^(−c1·f1). Break location d1 starts at data quantiles.
 */
export const brokenPowerLaw: LawModel = {
  form: 'broken_power',
  expression: 'a + b*x^-c0*(1 + (x/d1)^(1/f1))^(-c1*f1)',
  doc: 'Broken power law (one break): slope c0 before the break at d1, c0 + c1 after it; f1 sets how sharp the break is.',
  variables: ['x'],
  positive: [true],
  params: [
    {
      name: 'a',
      doc: 'limit as x → ∞',
      lower: 0,
      upper: Infinity,
      log: true,
      grid: [Math.exp(-1), 1, Math.E],
    },
    {
      name: 'b',
      doc: 'scale',
      lower: 0,
      upper: Infinity,
      log: true,
      grid: [1, Math.exp(5), Math.exp(10)],
    },
    {
      name: 'c0',
      doc: 'exponent before the break',
      lower: -3,
      upper: 3,
      log: false,
      grid: [0, 0.3, 0.8],
    },
    {
      name: 'c1',
      doc: 'change of exponent at the break',
      lower: -3,
      upper: 3,
      log: false,
      grid: [-0.3, 0, 0.3, 0.8],
    },
    {
      name: 'd1',
      doc: 'break location (in x units)',
      lower: 0,
      upper: Infinity,
      log: true,
      grid: [1],
      gridFromData: ([x]) => quantiles(x!, [0.25, 0.5, 0.75]),
    },
    {
      name: 'f1',
      doc: 'break sharpness (smaller is sharper)',
      lower: 1e-2,
      upper: 10,
      log: true,
      grid: [0.1, 0.5, 1],
    },
  ],
  bind([x]) {
    const lx = x!.map((v) => Math.log(v));
    return {
      n: lx.length,
      eval(t, out, jac) {
        const [a, b, c0, c1, d, f] = [t[0]!, t[1]!, t[2]!, t[3]!, t[4]!, t[5]!];
        const ld = Math.log(d);
        for (let i = 0; i < lx.length; i++) {
          const z = (lx[i]! - ld) / f;
          const sp = softplus(z); // log(1 + q), q = (x/d)^(1/f)
          const T = b * Math.exp(-c0 * lx[i]! - c1 * f * sp);
          out[i] = a + T;
          if (jac) {
            const sg = sigmoid(z); // q/(1+q)
            const k = i * 6;
            jac[k] = 1;
            jac[k + 1] = T / b;
            jac[k + 2] = -lx[i]! * T;
            jac[k + 3] = -f * sp * T;
            jac[k + 4] = (T * c1 * sg) / d;
            jac[k + 5] = T * (-c1 * sp + c1 * sg * z);
          }
        }
      },
    };
  },
};

/** ε(P) = E + A·exp(−k·P) (Sorscher et al. 2022): faster-than-power-law scaling under data pruning. */
export const exponentialLaw: LawModel = {
  form: 'exponential',
  expression: 'E + A*exp(-k*x)',
  doc: 'Exponential law: the error falls exponentially with the kept data size x (data pruning).',
  variables: ['x'],
  positive: [false],
  params: [
    {
      name: 'E',
      doc: 'irreducible error',
      lower: 0,
      upper: Infinity,
      log: true,
      grid: [-4, -3, -2, -1, 0].map(Math.exp),
    },
    {
      name: 'A',
      doc: 'reducible error at x = 0',
      lower: 0,
      upper: Infinity,
      log: true,
      grid: [-2, -1, 0, 1].map(Math.exp),
    },
    {
      name: 'k',
      doc: 'decay rate per unit of x',
      lower: 0,
      upper: Infinity,
      log: true,
      grid: [1],
      gridFromData: ([x]) => {
        const max = Math.max(...Array.from(x!).map(Math.abs), 1e-300);
        return [0.1, 0.3, 1, 3, 10].map((v) => v / max);
      },
    },
  ],
  bind([x]) {
    const xs = x!;
    return {
      n: xs.length,
      eval(t, out, jac) {
        const [E, A, k] = [t[0]!, t[1]!, t[2]!];
        for (let i = 0; i < xs.length; i++) {
          const q = Math.exp(-k * xs[i]!);
          out[i] = E + A * q;
          if (jac) {
            jac[i * 3] = 1;
            jac[i * 3 + 1] = q;
            jac[i * 3 + 2] = -A * xs[i]! * q;
          }
        }
      },
    };
  },
};
