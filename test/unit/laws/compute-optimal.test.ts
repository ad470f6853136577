import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chinchillaOptimal, chinchillaOptimalNumeric } from '../../../core/laws/compute-optimal';

const paper = { E: 1.69, A: 406.4, B: 410.7, alpha: 0.34, beta: 0.28 };

void test('Chinchilla published law: N*, D* for 1e21…1e25 FLOPs match the closed form and a numerical minimisation', () => {
  const s = paper.alpha + paper.beta;
  const G = Math.pow((paper.alpha * paper.A) / (paper.beta * paper.B), 1 / s);
  for (const C of [1e21, 1e22, 1e23, 1e24, 1e25]) {
    const closed = chinchillaOptimal(paper, C);
    const numeric = chinchillaOptimalNumeric(paper, C);
    // Closed form written out independently here (Hoffmann et al. eq. 4).
    const N = G * Math.pow(C / 6, paper.beta / s);
    const D = Math.pow(C / 6, paper.alpha / s) / G;
    assert.ok(Math.abs(closed.params / N - 1) < 1e-12 && Math.abs(closed.tokens / D - 1) < 1e-12);
    assert.ok(
      Math.abs(numeric.params / N - 1) < 1e-6,
      `C=${C}: numeric N* ${numeric.params} vs ${N}`,
    );
    assert.ok(Math.abs(numeric.tokens / D - 1) < 1e-6);
    assert.ok(
      Math.abs((6 * closed.params * closed.tokens) / C - 1) < 1e-12,
      'budget is spent: 6·N·D = C',
    );
    // The optimum is a minimum along the budget line.
    for (const f of [0.9, 1.1]) {
      const n2 = N * f;
      const l2 = paper.E + paper.A * n2 ** -paper.alpha + paper.B * (C / (6 * n2)) ** -paper.beta;
      assert.ok(l2 > closed.loss);
    }
    assert.ok(Math.abs(closed.tokensPerParam - D / N) < 1e-9 * (D / N));
  }
  // Published exponents: N* ∝ C^0.45, so 10× compute → 10^0.4516× params.
  const r = chinchillaOptimal(paper, 1e24).params / chinchillaOptimal(paper, 1e23).params;
  assert.ok(Math.abs(Math.log10(r) - paper.beta / (paper.alpha + paper.beta)) < 1e-12);
});

void test('compute-optimal rejects budgets and parameters without an interior optimum', () => {
  assert.throws(() => chinchillaOptimal(paper, 0), /positive finite FLOP count, got 0/);
  assert.throws(() => chinchillaOptimal({ ...paper, alpha: 0 }, 1e21), /alpha=0/);
});

void test('computeOptimalFor: a fitted chinchilla law gives N*, D* with bootstrap intervals around the truth', async () => {
  const { BUILTIN_LAWS } = await import('../../../core/laws/builtins');
  const { fitLaw } = await import('../../../core/laws/fit');
  const { computeOptimalFor } = await import('../../../core/laws/compute-optimal');
  const { grid2, logspace, synth } = await import('./synth');
  const truth = [paper.E, paper.A, paper.B, paper.alpha, paper.beta];
  const pts = synth(
    BUILTIN_LAWS.chinchilla!,
    truth,
    grid2(logspace(5e7, 5e9, 6), logspace(1e9, 1e11, 6)),
    0.001,
    5,
  );
  const fit = fitLaw({
    law: 'c',
    model: BUILTIN_LAWS.chinchilla!,
    points: pts,
    options: { bootstrap: 40, holdout: 0, maxStarts: 4 },
  });
  const o = computeOptimalFor(fit, 1e21)!;
  const t = chinchillaOptimal(paper, 1e21);
  assert.ok(o.interval, 'interval present');
  const [lo, hi] = o.interval.params;
  assert.ok(lo <= o.params && o.params <= hi && lo < hi);
  assert.ok(lo <= t.params && t.params <= hi, `true N* ${t.params} outside [${lo}, ${hi}]`);
  assert.ok(Math.abs(o.params / t.params - 1) < 0.25);
  assert.equal(fit.computeOptimal!.length, 5);
  assert.ok(
    fit.computeOptimal!.every(
      (c) => c.interval && c.interval.tokens[0] <= c.tokens && c.tokens <= c.interval.tokens[1],
    ),
  );
  assert.equal(computeOptimalFor({ ...fit, form: 'power' }, 1e21), undefined);
});
