// Ill-posed fits are diagnostics, never exceptions.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BUILTIN_LAWS } from '../../../core/laws/builtins';
import { fitLaw } from '../../../core/laws/fit';
import { predict } from '../../../core/laws/predict';
import { logspace, synth } from './synth';

const power = BUILTIN_LAWS.power!;
const quick = { bootstrap: 20, holdout: 0 };
const codes = (f: { diagnostics: Array<{ code: string }> }): string[] =>
  f.diagnostics.map((d) => d.code);

void test('empty data → no-data error', () => {
  const f = fitLaw({ law: 'p', model: power, points: [], options: quick });
  assert.equal(f.ok, false);
  assert.deepEqual(codes(f), ['no-data']);
  assert.ok(Number.isNaN(predict(f, [10]).value));
});

void test('one point, and all x equal → too-few-points naming the counts', () => {
  const one = fitLaw({ law: 'p', model: power, points: [{ x: [10], y: 2 }], options: quick });
  assert.equal(one.ok, false);
  assert.match(one.diagnostics[0]!.message, /3 parameters/);
  const same = fitLaw({
    law: 'p',
    model: power,
    points: [1, 2, 3, 4].map((i) => ({ x: [100], y: 2 + i * 0.01 })),
    options: quick,
  });
  assert.equal(same.ok, false);
  assert.match(
    same.diagnostics.find((d) => d.code === 'too-few-points')!.message,
    /same inputs \(100\)/,
  );
});

void test('NaN, infinite and non-positive values are dropped with a warning; the rest still fits', () => {
  const good = synth(
    power,
    [1.5, 8, 0.35],
    logspace(1e3, 1e7, 10).map((x) => [x]),
    0.002,
    1,
  );
  const bad = [
    ...good,
    { x: [NaN], y: 2 },
    { x: [1e4], y: NaN },
    { x: [-5], y: 2 },
    { x: [0], y: 2 },
    { x: [1e5], y: -1 },
    { x: [1e5], y: Infinity },
  ];
  const f = fitLaw({ law: 'p', model: power, points: bad, options: quick });
  assert.ok(f.ok);
  assert.equal(f.points.length, 10);
  const d = f.diagnostics.find((x) => x.code === 'dropped-points')!;
  assert.match(d.message, /6 point\(s\) dropped/);
  assert.match(d.message, /x = -5 ≤ 0 \(a power law takes its log\)/);
});

void test('only negative x for a power law → diagnostic, not an exception', () => {
  const f = fitLaw({
    law: 'p',
    model: power,
    points: [-1, -2, -3, -4].map((x) => ({ x: [x], y: 1 })),
    options: quick,
  });
  assert.equal(f.ok, false);
  assert.deepEqual(codes(f), ['dropped-points', 'no-data']);
});

void test('duplicate points are fine (repeats are runs): fit succeeds and intervals exist', () => {
  const base = synth(
    power,
    [1.5, 8, 0.35],
    logspace(1e3, 1e7, 6).map((x) => [x]),
    0.002,
    2,
  );
  const f = fitLaw({
    law: 'p',
    model: power,
    points: [...base, ...base, ...base],
    options: { ...quick, bootstrap: 50 },
  });
  assert.ok(f.ok);
  assert.equal(f.points.length, 18);
  assert.ok(
    f.params.every((p) => p.lo <= p.value && p.value <= p.hi),
    JSON.stringify(f.params),
  );
});

void test('wrong arity and a law with no finite start are diagnostics', () => {
  const f = fitLaw({ law: 'p', model: power, points: [{ x: [1, 2], y: 1 }], options: quick });
  assert.equal(f.ok, false);
  assert.match(f.diagnostics[0]!.message, /has 2 input\(s\), the law takes 1/);
  const g = fitLaw({
    law: 'p',
    model: power,
    points: logspace(1, 100, 5).map((x) => ({ x: [x], y: 1 })),
    options: {
      ...quick,
      bounds: { E: [0, 1e-9], A: [0, 1e-9] },
      starts: { E: [1e-10], A: [1e-10] },
    },
  });
  assert.ok(g.ok || codes(g).includes('no-finite-start'));
});
