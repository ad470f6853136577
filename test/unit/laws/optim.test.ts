// The optimisers on problems with known answers, bounds and weights.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { minimizeLbfgsb } from '../../../core/laws/optim/lbfgsb';
import { minimizeLm } from '../../../core/laws/optim/lm';
import { BUILTIN_LAWS } from '../../../core/laws/builtins';
import { fitLaw } from '../../../core/laws/fit';
import { logspace, param, synth } from './synth';

const inf = (n: number): Float64Array => new Float64Array(n).fill(Infinity);

void test('L-BFGS-B: Rosenbrock minimum, and the bounded minimum on a box that excludes it', () => {
  const rosen = (x: Float64Array, g: Float64Array): number => {
    const [a, b] = [x[0]!, x[1]!];
    g[0] = -2 * (1 - a) - 400 * a * (b - a * a);
    g[1] = 200 * (b - a * a);
    return (1 - a) ** 2 + 100 * (b - a * a) ** 2;
  };
  const free = minimizeLbfgsb(
    rosen,
    [-1.2, 1],
    inf(2).map((v) => -v),
    inf(2),
  );
  assert.ok(
    free.converged && Math.abs(free.x[0]! - 1) < 1e-6 && Math.abs(free.x[1]! - 1) < 1e-6,
    JSON.stringify(free),
  );
  // With b ≤ 0.5 the minimum is on the bound b = 0.5, at a ≈ 0.7071 (∂f/∂a = 0 there).
  const boxed = minimizeLbfgsb(rosen, [-1.2, 0], Float64Array.of(-2, -2), Float64Array.of(2, 0.5));
  assert.equal(boxed.x[1], 0.5);
  const g = new Float64Array(2);
  rosen(boxed.x, g);
  assert.ok(Math.abs(g[0]!) < 1e-6 && g[1]! < 0, `projected gradient ${g[0]}, pushing out ${g[1]}`);
  assert.equal(
    minimizeLbfgsb(() => NaN, [0], Float64Array.of(-1), Float64Array.of(1)).reason,
    'non-finite-start',
  );
});

void test('LM: exact exponential fit, and bounds respected', () => {
  const t = [0, 1, 2, 3, 4, 5];
  const y = t.map((v) => 2 * Math.exp(-0.7 * v));
  const res = (x: Float64Array, r: Float64Array, J: Float64Array | null): boolean => {
    t.forEach((v, i) => {
      const e = Math.exp(-x[1]! * v);
      r[i] = x[0]! * e - y[i]!;
      if (J) {
        J[i * 2] = e;
        J[i * 2 + 1] = -x[0]! * v * e;
      }
    });
    return true;
  };
  const r = minimizeLm(res, t.length, [1, 0.1], Float64Array.of(-Infinity, -Infinity), inf(2));
  assert.ok(Math.abs(r.x[0]! - 2) < 1e-8 && Math.abs(r.x[1]! - 0.7) < 1e-8, JSON.stringify(r));
  const b = minimizeLm(
    res,
    t.length,
    [1, 0.1],
    Float64Array.of(-Infinity, -Infinity),
    Float64Array.of(Infinity, 0.5),
  );
  assert.equal(b.x[1], 0.5);
});

void test('weights: weight 0 drops a point, weight 2 equals a duplicate; a binding bound is reported', () => {
  const power = BUILTIN_LAWS.power!;
  const pts = synth(
    power,
    [1.5, 8, 0.35],
    logspace(1e3, 1e7, 10).map((x) => [x]),
    0.01,
    4,
  );
  for (const loss of ['huber', 'lm'] as const) {
    const o = { loss, bootstrap: 0, holdout: 0 };
    const zero = fitLaw({
      law: 'p',
      model: power,
      points: pts.map((p, i) => (i === 3 ? { ...p, weight: 0 } : p)),
      options: o,
    });
    const dropped = fitLaw({
      law: 'p',
      model: power,
      points: pts.filter((_, i) => i !== 3),
      options: o,
    });
    assert.ok(
      Math.abs(zero.convergence!.objective - dropped.convergence!.objective) <=
        1e-9 * dropped.convergence!.objective,
      loss,
    );
    const two = fitLaw({
      law: 'p',
      model: power,
      points: pts.map((p, i) => (i === 3 ? { ...p, weight: 2 } : p)),
      options: o,
    });
    const dup = fitLaw({ law: 'p', model: power, points: [...pts, pts[3]!], options: o });
    assert.ok(
      Math.abs(two.convergence!.objective - dup.convergence!.objective) <=
        1e-9 * dup.convergence!.objective,
      loss,
    );
  }
  const bounded = fitLaw({
    law: 'p',
    model: power,
    points: pts,
    options: { bootstrap: 0, holdout: 0, bounds: { alpha: [0, 0.3] } },
  });
  assert.equal(param(bounded, 'alpha'), 0.3);
  assert.ok(
    bounded.diagnostics.some((d) => d.code === 'at-bound' && d.message.startsWith('alpha')),
  );
});
