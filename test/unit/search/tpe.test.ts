// TPE (Bergstra et al. 2011) against random search on a known function, with a fixed seed budget
// over several seeds: a statistical test that fails if TPE stops learning from its observations.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mulberry32 } from '../../../core/random';
import { sampleUniform, type Axis, type Params } from '../../../core/search/space';
import { createTpe, suggest, tell, type TpeState } from '../../../core/search/tpe';
import { reviveTpe, serializeTpe } from '../../../core/search/tpe-state';

const axes: Axis[] = [
  { name: 'lr', kind: 'log', low: 1e-6, high: 1e-1 },
  { name: 'batch', kind: 'log', low: 4, high: 512 },
  { name: 'optimizer', kind: 'categorical', choices: ['sgd', 'adamw', 'lion'] },
];

/** A shifted quadratic in log10 lr × log2 batch (optimum lr = 3e-4, batch = 32, adamw) with noise. */
function objective(p: Params, noise: () => number): number {
  const a = Math.log10(Number(p.lr)) + 3.5;
  const b = Math.log2(Number(p.batch)) - 5;
  return a * a + 0.5 * b * b + (p.optimizer === 'adamw' ? 0 : 1) + 0.1 * noise();
}

function runTpe(seed: number, budget: number): { best: number; state: TpeState } {
  const noise = mulberry32(seed + 1000);
  let state = createTpe(axes, seed);
  let best = Infinity;
  for (let i = 0; i < budget; i++) {
    const s = suggest(state);
    const v = objective(s.trials[0]!.params, noise);
    best = Math.min(best, v);
    state = tell(s.state, s.trials[0]!.number, v);
  }
  return { best, state };
}

function runRandom(seed: number, budget: number): number {
  const rng = mulberry32(seed);
  const noise = mulberry32(seed + 1000);
  let best = Infinity;
  for (let i = 0; i < budget; i++)
    best = Math.min(
      best,
      objective(Object.fromEntries(axes.map((a) => [a.name, sampleUniform(a, rng)])), noise),
    );
  return best;
}

void test('TPE beats random search with 40 trials on at least 7 of 10 seeds', () => {
  const seeds = Array.from({ length: 10 }, (_, i) => i + 1);
  const tpe = seeds.map((s) => runTpe(s, 40).best);
  const rnd = seeds.map((s) => runRandom(s, 40));
  const wins = seeds.filter((_, i) => tpe[i]! < rnd[i]!).length;
  const mean = (v: number[]): number => v.reduce((a, b) => a + b, 0) / v.length;
  assert.ok(
    wins >= 7,
    `TPE won ${wins}/10 (TPE ${tpe.map((v) => v.toFixed(3)).join(' ')}; random ${rnd.map((v) => v.toFixed(3)).join(' ')})`,
  );
  assert.ok(
    mean(tpe) < 0.7 * mean(rnd),
    `mean best: TPE ${mean(tpe).toFixed(3)} vs random ${mean(rnd).toFixed(3)}`,
  );
});

void test('deterministic under a seed; the state round-trips through JSON to identical next suggestions', () => {
  const a = runTpe(3, 15).state;
  assert.deepEqual(a, runTpe(3, 15).state);
  assert.notDeepEqual(
    a.trials.map((t) => t.params),
    runTpe(4, 15).state.trials.map((t) => t.params),
  );
  const revived = reviveTpe(serializeTpe(a));
  assert.deepEqual(suggest(revived, 3).trials, suggest(a, 3).trials);
});

void test('a batch for parallel workers is distinct (constant liar) and later tells complete it', () => {
  const { state } = runTpe(5, 12);
  const batch = suggest(state, 4);
  assert.equal(new Set(batch.trials.map((t) => JSON.stringify(t.params))).size, 4);
  assert.deepEqual(
    batch.trials.map((t) => t.number),
    [12, 13, 14, 15],
  );
  let s = tell(batch.state, 14, 0.5);
  s = tell(s, 13, NaN);
  assert.deepEqual(
    s.trials.slice(12).map((t) => t.state),
    ['pending', 'failed', 'done', 'pending'],
  );
  assert.throws(() => tell(s, 14, 1), /trial 14 is already done/);
  assert.throws(() => tell(s, 99, 1), /no trial number 99 \(16 suggested\)/);
});

void test('bad spaces and damaged states are clear errors', () => {
  assert.throws(
    () => createTpe([{ name: 'lr', kind: 'log', low: 0, high: 1 }], 1),
    /axis "lr" needs 0 < low < high, got \[0, 1\]/,
  );
  assert.throws(() => createTpe([], 1), /no axes/);
  assert.throws(() => reviveTpe('{"version":2}'), /not a version-1 TPE state/);
  const text = serializeTpe(runTpe(1, 3).state).replace('"state":"done"', '"state":"finished"');
  assert.throws(() => reviveTpe(text), /trial 0 has state "finished"/);
});
