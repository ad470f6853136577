// Hyperband (Li et al. 2017): bracket budgets as in Algorithm 1, seeded bracket assignment, and
// successive halving within a bracket only.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bracketOf, hyperbandBrackets, hyperbandDecide } from '../../../core/search/hyperband';
import { Timeline } from './curves';

const o = { minResource: 1, maxResource: 27, reductionFactor: 3, seed: 7 };

void test('bracket budgets n_s = ⌈(s_max+1)/(s+1)·η^s⌉ for R/r = 27, η = 3', () => {
  assert.deepEqual(hyperbandBrackets(o), [27, 12, 6, 4]);
  assert.deepEqual(
    hyperbandBrackets({ minResource: 1, maxResource: 81, reductionFactor: 3 }),
    [81, 34, 15, 8, 5],
  );
  assert.throws(
    () => hyperbandBrackets({ minResource: 10, maxResource: 1 }),
    /maxResource \(1\) must be ≥ minResource \(10\)/,
  );
});

void test('assignment is deterministic under a seed and follows the budgets', () => {
  const ids = Array.from({ length: 4900 }, (_, i) => `trial-${i}`);
  const counts = [0, 0, 0, 0];
  for (const id of ids) counts[bracketOf(id, o)]!++;
  // Expected shares 27/49, 12/49, 6/49, 4/49 of 4900 = 2700, 1200, 600, 400 (±4σ of a binomial).
  [2700, 1200, 600, 400].forEach((e, s) =>
    assert.ok(Math.abs(counts[s]! - e) < 4 * Math.sqrt(e), `bracket ${s}: ${counts[s]} vs ${e}`),
  );
  assert.deepEqual(
    ids.map((id) => bracketOf(id, o)),
    ids.map((id) => bracketOf(id, { ...o })),
  );
  const other = ids.filter((id) => bracketOf(id, o) !== bracketOf(id, { ...o, seed: 8 })).length;
  assert.ok(other > 1000, `another seed moves trials between brackets (${other} moved)`);
});

void test('trials compete only within their bracket, from the bracket’s first rung', () => {
  const pick = (s: number, n: number): string[] =>
    Array.from({ length: 200 }, (_, i) => `t${i}`)
      .filter((id) => bracketOf(id, o) === s)
      .slice(0, n);
  const [a, b] = pick(0, 2);
  const [c, d] = pick(1, 2);
  const [e] = pick(3, 1);
  const t = new Timeline()
    .report(a!, 1, 0.5)
    .report(b!, 1, 0.7)
    .report(c!, 1, 0.9)
    .report(e!, 1, 5);
  const h = t.history();
  assert.equal(hyperbandDecide(h, a!, o), 'continue');
  assert.equal(hyperbandDecide(h, b!, o), 'prune'); // bracket 0: rung 1, worse than a
  assert.equal(hyperbandDecide(h, c!, o), 'continue'); // bracket 1 starts at rung 3
  t.report(c!, 3, 0.8).report(d!, 1, 0.1).report(d!, 3, 0.85).report(e!, 26, 9);
  const h2 = t.history();
  assert.equal(hyperbandDecide(h2, c!, o), 'continue');
  assert.equal(hyperbandDecide(h2, d!, o), 'prune'); // bracket 1, rung 3: c's 0.8 came first
  assert.equal(hyperbandDecide(h2, e!, o), 'continue'); // bracket 3 never prunes (first rung = R)
});
