// Recovery of known parameters from noisy synthetic data (SCALING-LAWS.md §2.19).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { annealingAreas, BUILTIN_LAWS } from '../../../core/laws/builtins';
import { fitLaw } from '../../../core/laws/fit';
import { predict } from '../../../core/laws/predict';
import { evaluateLaw } from '../../../core/laws/resolve';
import { customLaw } from '../../../core/laws/custom';
import { grid2, logspace, param, synth } from './synth';

const quick = { bootstrap: 0, holdout: 0 };
const L = BUILTIN_LAWS;

function roundTrip(
  form: string,
  theta: number[],
  fitTheta: number[],
  xs: number[][],
  constants: Record<string, number> = {},
): void {
  const m = L[form]!;
  for (const x of xs) {
    const t = evaluateLaw(m, theta, constants, x);
    const f = evaluateLaw(m, fitTheta, constants, x);
    assert.ok(Math.abs(f / t - 1) < 0.01, `${form} at ${x.join(',')}: fit ${f} vs truth ${t}`);
  }
  const far = xs[xs.length - 1]!.map((v) => 2 * v);
  const t = evaluateLaw(m, theta, constants, far);
  const f = evaluateLaw(m, fitTheta, constants, far);
  assert.ok(Math.abs(f / t - 1) < 0.03, `${form} at 2× the largest point: fit ${f} vs truth ${t}`);
}

void test('power: E 1.5, A 8, α 0.35 from 12 points with 0.2% noise', () => {
  const truth = [1.5, 8, 0.35];
  const xs = logspace(1e3, 1e7, 12).map((x) => [x]);
  const fit = fitLaw({
    law: 'p',
    model: L.power!,
    points: synth(L.power!, truth, xs, 0.002, 11),
    options: quick,
  });
  assert.ok(fit.ok);
  assert.ok(Math.abs(param(fit, 'alpha') - 0.35) <= 0.01, `alpha ${param(fit, 'alpha')}`);
  assert.ok(Math.abs(param(fit, 'E') - 1.5) <= 0.02);
  assert.ok(Math.abs(param(fit, 'A') / 8 - 1) <= 0.1, `A ${param(fit, 'A')}`);
  roundTrip(
    'power',
    truth,
    fit.params.map((p) => p.value),
    xs,
  );
});

for (const [label, truth] of [
  ['paper', [1.69, 406.4, 410.7, 0.34, 0.28]],
  ['Epoch AI refit', [1.82, 482.01, 2085.43, 0.3478, 0.3658]],
] as const) {
  void test(`chinchilla (${label}): 6×6 grid, 0.1% noise → α, β, E within 0.02`, () => {
    const xs = grid2(logspace(5e7, 5e9, 6), logspace(1e9, 1e11, 6));
    const fit = fitLaw({
      law: 'c',
      model: L.chinchilla!,
      points: synth(L.chinchilla!, [...truth], xs, 0.001, 5),
      options: quick,
    });
    assert.ok(fit.ok);
    assert.ok(Math.abs(param(fit, 'alpha') - truth[3]) <= 0.02, `alpha ${param(fit, 'alpha')}`);
    assert.ok(Math.abs(param(fit, 'beta') - truth[4]) <= 0.02, `beta ${param(fit, 'beta')}`);
    assert.ok(Math.abs(param(fit, 'E') - truth[0]) <= 0.02, `E ${param(fit, 'E')}`);
    roundTrip(
      'chinchilla',
      [...truth],
      fit.params.map((p) => p.value),
      xs,
    );
    assert.equal(fit.computeOptimal?.length, 5);
  });
}

void test('nmt: 5 encoder × 5 decoder sizes, 0.2% noise → p_e, p_d within 0.03', () => {
  const xs = grid2(logspace(1e7, 3e8, 5), logspace(1e7, 3e8, 5));
  const constants = L.nmt!.constants!(xs[0]!.map((_, j) => Float64Array.from(xs, (x) => x[j]!)));
  const truth = [0.6, 0.25, 0.35, 1.1];
  const fit = fitLaw({
    law: 'n',
    model: L.nmt!,
    points: synth(L.nmt!, truth, xs, 0.002, 3, constants),
    options: quick,
  });
  assert.ok(Math.abs(param(fit, 'p_e') - 0.25) <= 0.03, `p_e ${param(fit, 'p_e')}`);
  assert.ok(Math.abs(param(fit, 'p_d') - 0.35) <= 0.03, `p_d ${param(fit, 'p_d')}`);
  assert.ok(Math.abs(param(fit, 'L_inf') - 1.1) <= 0.05);
});

void test('exponential (data pruning): ε∞ 0.05, A 0.6, k 3e-5 → k within 5%', () => {
  const xs = Array.from({ length: 10 }, (_, i) => [1e4 + (i * (2e5 - 1e4)) / 9]);
  const fit = fitLaw({
    law: 'e',
    model: L.exponential!,
    points: synth(L.exponential!, [0.05, 0.6, 3e-5], xs, 0.005, 9),
    options: quick,
  });
  assert.ok(Math.abs(param(fit, 'k') / 3e-5 - 1) <= 0.05, `k ${param(fit, 'k')}`);
});

void test('lr_annealing: fit a cosine curve, predict a WSD curve within 0.02', () => {
  const steps = 20000;
  const cosine = Array.from(
    { length: steps },
    (_, i) => 0.1 + 0.45 * (1 + Math.cos((Math.PI * (i + 1)) / steps)),
  );
  const wsd = Array.from({ length: steps }, (_, i) =>
    i < 0.9 * steps ? 1 : Math.pow(0.1, (i + 1 - 0.9 * steps) / (0.1 * steps)),
  );
  const truth = [2.5, 24, 0.45, 2e-4];
  const at = (lrs: number[]): number[][] => {
    const { S1, S2 } = annealingAreas(lrs, 0.999);
    return Array.from({ length: 200 }, (_, k) => [S1[(k + 1) * 100 - 1]!, S2[(k + 1) * 100 - 1]!]);
  };
  const fit = fitLaw({
    law: 'a',
    model: L.lr_annealing!,
    points: synth(L.lr_annealing!, truth, at(cosine), 0.003, 21),
    options: quick,
  });
  assert.ok(fit.ok, JSON.stringify(fit.diagnostics));
  let worst = 0;
  for (const x of at(wsd))
    worst = Math.max(
      worst,
      Math.abs(predict(fit, x).value - evaluateLaw(L.lr_annealing!, truth, {}, x)),
    );
  assert.ok(worst < 0.02, `WSD prediction max error ${worst}`);
});

void test('broken_power: one break, round trip within 1% in range', () => {
  const truth = [0.3, 30, 0.2, 0.5, 1e4, 0.3];
  const xs = logspace(1e2, 1e6, 20).map((x) => [x]);
  const fit = fitLaw({
    law: 'b',
    model: L.broken_power!,
    points: synth(L.broken_power!, truth, xs, 0.002, 4),
    options: quick,
  });
  assert.ok(fit.ok);
  for (const x of xs) {
    const t = evaluateLaw(L.broken_power!, truth, {}, x);
    assert.ok(
      Math.abs(predict(fit, x).value / t - 1) < 0.01,
      `at ${x.join(',')}: ${predict(fit, x).value} vs ${t}`,
    );
  }
});

void test('batch_lr: Adam-like sweep recovers the square-root rule', () => {
  const xs = [8, 16, 32, 64, 128, 256].map((b) => [b]);
  const fit = fitLaw({
    law: 'l',
    model: L.batch_lr!,
    points: synth(L.batch_lr!, [3e-5, 0.5], xs, 0.01, 2),
    options: quick,
  });
  assert.ok(Math.abs(param(fit, 'kappa') - 0.5) < 0.03, `kappa ${param(fit, 'kappa')}`);
});

void test('custom expression law fits like the built-in it spells out', () => {
  const truth = [1.5, 8, 0.35];
  const xs = logspace(1e3, 1e7, 12).map((x) => [x]);
  const points = synth(L.power!, truth, xs, 0.002, 11);
  const builtin = fitLaw({ law: 'p', model: L.power!, points, options: { ...quick, loss: 'lm' } });
  const custom = fitLaw({
    law: 'q',
    model: customLaw('E + A*r^-a', ['r']).model!,
    points,
    variables: ['r'],
    options: { ...quick, loss: 'lm', starts: { E: [1, 2], A: [1, 10, 100], a: [0.1, 0.5, 1] } },
  });
  assert.ok(custom.ok);
  assert.ok(
    custom.convergence!.objective <= builtin.convergence!.objective * (1 + 1e-6) + 1e-15,
    `custom ${custom.convergence!.objective} vs builtin ${builtin.convergence!.objective}`,
  );
  assert.ok(Math.abs(param(custom, 'a') - param(builtin, 'alpha')) < 1e-4);
});
