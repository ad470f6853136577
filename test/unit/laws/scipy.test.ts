// @lane integration: the project's Python (scripts/python-env.sh: SciPy) fits the same problems (test/bench/laws_scipy.py)
// Cross-check against SciPy in the same run: our objective ≤ SciPy's × (1 + 1e-6) on every case.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BUILTIN_LAWS } from '../../../core/laws/builtins';
import { annealingAreas } from '../../../core/laws/builtins';
import { fitLaw } from '../../../core/laws/fit';
import type { LawPoint } from '../../../core/laws/types';
import { runScipy, type ScipyCase } from './scipy-anchor';
import { grid2, logspace, synth } from './synth';

const L = BUILTIN_LAWS;

function cases(): ScipyCase[] {
  const out: ScipyCase[] = [];
  const power = (seed: number, noise: number): LawPoint[] =>
    synth(
      L.power!,
      [1.5, 8, 0.35],
      logspace(1e3, 1e7, 12).map((x) => [x]),
      noise,
      seed,
    );
  const chin = (seed: number, noise: number): LawPoint[] =>
    synth(
      L.chinchilla!,
      [1.69, 406.4, 410.7, 0.34, 0.28],
      grid2(logspace(5e7, 5e9, 6), logspace(1e9, 1e11, 6)),
      noise,
      seed,
    );
  const xsN = grid2(logspace(1e7, 3e8, 5), logspace(1e7, 3e8, 5));
  const cN = L.nmt!.constants!([0, 1].map((j) => Float64Array.from(xsN, (x) => x[j]!)));
  const nmt = synth(L.nmt!, [0.6, 0.25, 0.35, 1.1], xsN, 0.002, 3, cN);
  const expo = synth(
    L.exponential!,
    [0.05, 0.6, 3e-5],
    Array.from({ length: 10 }, (_, i) => [1e4 + (i * 1.9e5) / 9]),
    0.005,
    9,
  );
  const lrs = Array.from(
    { length: 20000 },
    (_, i) => 0.1 + 0.45 * (1 + Math.cos((Math.PI * (i + 1)) / 20000)),
  );
  const { S1, S2 } = annealingAreas(lrs);
  const ann = synth(
    L.lr_annealing!,
    [2.5, 24, 0.45, 2e-4],
    Array.from({ length: 100 }, (_, k) => [S1[(k + 1) * 200 - 1]!, S2[(k + 1) * 200 - 1]!]),
    0.003,
    21,
  );
  // Outliers make the Huber objective matter: a few runs 5% off.
  const outliers = chin(8, 0.002).map((p, i) => (i % 11 === 0 ? { ...p, y: p.y * 1.05 } : p));
  for (const loss of ['huber', 'lm'] as const) {
    const o = { loss, bootstrap: 0, holdout: 0, maxStarts: 8 };
    out.push({ name: `power-${loss}-a`, model: L.power!, points: power(1, 0.002), options: o });
    out.push({ name: `power-${loss}-b`, model: L.power!, points: power(2, 0.02), options: o });
    out.push({
      name: `chinchilla-${loss}`,
      model: L.chinchilla!,
      points: chin(5, 0.001),
      options: o,
    });
    out.push({
      name: `chinchilla-outliers-${loss}`,
      model: L.chinchilla!,
      points: outliers,
      options: o,
    });
    out.push({ name: `nmt-${loss}`, model: L.nmt!, points: nmt, options: o });
    out.push({ name: `exponential-${loss}`, model: L.exponential!, points: expo, options: o });
    out.push({ name: `lr_annealing-${loss}`, model: L.lr_annealing!, points: ann, options: o });
  }
  out.push({
    name: 'power-lm-linear',
    model: L.power!,
    points: power(3, 0.01),
    options: { loss: 'lm', residuals: 'linear', bootstrap: 0, holdout: 0, maxStarts: 8 },
  });
  return out;
}

void test('objective no worse than SciPy (L-BFGS-B on Huber, least_squares on LM) on every case', () => {
  const cs = cases();
  const scipy = runScipy(cs);
  assert.equal(scipy.length, cs.length);
  for (const [i, c] of cs.entries()) {
    const ours = fitLaw({ law: c.name, model: c.model, points: c.points, options: c.options });
    const theirs = scipy[i]!;
    assert.ok(ours.ok, c.name);
    assert.ok(theirs.objective !== null, `${c.name}: SciPy found no finite optimum`);
    const o = ours.convergence!.objective;
    assert.ok(
      o <= theirs.objective * (1 + 1e-6) + 1e-300,
      `${c.name}: ours ${o} vs SciPy ${theirs.objective}`,
    );
  }
});
