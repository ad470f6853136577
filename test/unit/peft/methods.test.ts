import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { selectBackend } from '../../../runtime/tf/backend';
import {
  attach,
  batchFor,
  catalogCount,
  logitsOf,
  makeModel,
  maxAbsDiff,
  mergedView,
  train,
} from './helpers';
import { CASES, caseName } from './cases';

before(async () => {
  await selectBackend('cpu');
});

for (const c of CASES) {
  void test(`${caseName(c)}: trainable count equals the catalog formula`, () => {
    const model = makeModel(c.family);
    const m = attach(model, c);
    const expected = c.method === 'eva' ? null : catalogCount(model, c);
    const actual = m.trainableCount();
    if (expected === null) {
      // EVA: Σ r_l = r·#sites, count Σ r_l(d_in + d_out) (rank redistribution is data-driven).
      const state = m.state();
      const ranks = [...state]
        .filter(([k]) => k.endsWith('lora_A.weight'))
        .map(([, v]) => v.shape[0]);
      assert.equal(
        ranks.reduce((a, b) => a + b, 0),
        4 * 2,
      );
      assert.equal(
        actual,
        m.trainable.reduce((s, v) => s + v.size, 0),
      );
    } else assert.equal(actual, expected);
    assert.ok(actual > 0);
    m.dispose();
    model.dispose();
  });

  void test(`${caseName(c)}: output at init ${c.identity ? 'equals' : 'differs from'} the base output`, () => {
    const model = makeModel(c.family);
    const batch = batchFor(c.family);
    const base = logitsOf(model, batch);
    const m = attach(model, c);
    const adapted = logitsOf(model, batch, m);
    assert.equal(adapted.length, base.length);
    if (c.identity)
      assert.ok(maxAbsDiff(base, adapted) < 2e-5, `max diff ${maxAbsDiff(base, adapted)}`);
    else
      assert.ok(
        maxAbsDiff(base, adapted) > 1e-4,
        'a randomly initialised insertion changes the output',
      );
    m.dispose();
    model.dispose();
  });

  void test(`${caseName(c)}: training keeps the frozen base unchanged${c.mergeable ? ' and the merged weights match the adapter' : ''}`, async () => {
    const model = makeModel(c.family);
    const before = new Map(
      [...model.handle.variables].map(([n, v]) => [n, Array.from(v.dataSync())]),
    );
    const m = attach(model, c);
    await train(model, m, 6, 2e-2);
    if (c.method !== 'full') {
      for (const [n, v] of model.handle.variables)
        assert.deepEqual(Array.from(v.dataSync()), before.get(n), `base variable ${n} changed`);
    }
    const batch = batchFor(c.family, 3);
    const adapted = logitsOf(model, batch, m);
    assert.ok(
      maxAbsDiff(adapted, logitsOf(model, batch)) > 1e-5 || c.method === 'full',
      'the adapter moved',
    );
    if (c.mergeable) {
      const mv = mergedView(m, model);
      const view = mv.view;
      const merged = logitsOf(model, batch, view);
      assert.ok(
        maxAbsDiff(adapted, merged) <= 1e-4,
        `merged vs adapter max diff ${maxAbsDiff(adapted, merged)}`,
      );
      mv.dispose();
    } else assert.equal(typeof m.merge, 'undefined');
    const state = m.state();
    assert.ok(state.size > 0);
    for (const t of state.values()) t.dispose();
    m.dispose();
    model.dispose();
  });

  void test(`${caseName(c)}: gradients agree with finite differences`, async () => {
    const model = makeModel(c.family);
    const m = attach(model, { ...c, params: { ...c.params, lora_dropout: 0 } });
    await train(model, m, 3, 2e-2); // move off the init so every factor gets a gradient
    const batch = batchFor(c.family, 2);
    const vars = m.trainable.filter((v) => !c.fdVars || c.fdVars(v.name));
    model.setTrainable(vars);
    const { grads } = tf.variableGrads(() => model.loss(batch, m), vars);
    // Directional derivative along a fixed random direction, in float64 on the host side.
    let analytic = 0;
    const dirs = vars.map((v, i) => {
      const d = Float32Array.from({ length: v.size }, (_, j) => Math.sin(1.7 * j + 0.3 * i));
      const g = grads[v.name]!.dataSync();
      const tg = m.transformGradients?.bind(m);
      const masked = tg
        ? tg(new Map([[v.name, grads[v.name]!]]))
            .get(v.name)!
            .dataSync()
        : g;
      for (let j = 0; j < d.length; j++) if (masked[j] === 0 && g[j] !== 0) d[j] = 0; // stay on the trainable mask
      for (let j = 0; j < d.length; j++) analytic += g[j]! * d[j]!;
      return d;
    });
    const eps = 2e-3;
    const origin = vars.map((v) => v.dataSync().slice());
    const shift = (sign: number) =>
      vars.forEach((v, i) =>
        v.assign(
          tf.tensor(
            origin[i]!.map((x, j) => x + sign * eps * dirs[i]![j]!),
            v.shape,
          ),
        ),
      );
    shift(1);
    const up = model.loss(batch, m).dataSync()[0]!;
    shift(-1);
    const down = model.loss(batch, m).dataSync()[0]!;
    shift(0);
    const numeric = (up - down) / (2 * eps);
    assert.ok(
      Math.abs(numeric - analytic) <= 3e-2 * Math.max(1e-2, Math.abs(analytic)) + 3e-4,
      `numeric ${numeric} vs analytic ${analytic}`,
    );
    for (const g of Object.values(grads)) g.dispose();
    m.dispose();
    model.dispose();
  });
}
