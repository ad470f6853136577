// lr_annealing from the run store: S1/S2 from metrics.jsonl train records, fitted on eval points.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { annealingAreas, BUILTIN_LAWS } from '../../../core/laws/builtins';
import { annealingPoints } from '../../../core/laws/curve-points';
import { fitPlanLaws } from '../../../core/laws/fit-plan';
import { evaluateLaw } from '../../../core/laws/resolve';
import type { ExperimentPlan, Trial } from '../../../core/types/plan';
import type { MetricRecord } from '../../../core/protocol';

const truth = [2.5, 24, 0.45, 2e-4];
const steps = 4000;

/** Records of a run whose lr is logged every 10 steps (constant within each block) and evaluated every 100. */
function records(lrAt: (s: number) => number): MetricRecord[] {
  const out: MetricRecord[] = [];
  const perStep = Array.from({ length: steps }, (_, i) => lrAt(Math.ceil((i + 1) / 10) * 10));
  const { S1, S2 } = annealingAreas(perStep, 0.999);
  for (let s = 10; s <= steps; s += 10)
    out.push({
      kind: 'train',
      step: s,
      loss: 0,
      lr: lrAt(s),
      tokens: 0,
      flops: 0,
      wall: 0,
      gradNorm: 0,
      tokensPerSec: 0,
    });
  for (let s = 0; s <= steps; s += 100) {
    const y =
      s === 0 ? 9 : evaluateLaw(BUILTIN_LAWS.lr_annealing!, truth, {}, [S1[s - 1]!, S2[s - 1]!]);
    out.push({ kind: 'eval', step: s, tokens: 0, flops: 0, wall: 0, metrics: { eval_loss: y } });
  }
  return out;
}

const cosine = (s: number): number => 0.1 + 0.45 * (1 + Math.cos((Math.PI * s) / steps));
const wsd = (s: number): number =>
  s <= 0.8 * steps ? 1 : Math.pow(0.1, (s - 0.8 * steps) / (0.2 * steps));

void test('annealingPoints: areas from block-logged rates; step-0 eval skipped', () => {
  const pts = annealingPoints(
    records(() => 0.5),
    'eval_loss',
    0.999,
    't',
  );
  assert.equal(pts.length, steps / 100);
  assert.deepEqual(pts[0]!.x, [50, 0]); // constant rate: S1 = 0.5·100, no annealing
  assert.equal(pts[0]!.source, 't@100');
  assert.deepEqual(annealingPoints([], 'eval_loss'), []);
});

void test('fitPlanLaws fits lr_annealing on curves and recovers the law', () => {
  const trial = (id: string): Trial => ({
    id,
    run: 'sched',
    index: 0,
    axes: { schedule: id },
    config: {} as Trial['config'],
    estimates: {} as Trial['estimates'],
  });
  const plan: ExperimentPlan = {
    version: 1,
    experiment: 'e',
    runs: [{ name: 'sched', trials: [trial('cos'), trial('wsd')] }],
    laws: [
      {
        name: 'anneal',
        form: 'lr_annealing',
        source: { kind: 'run', run: 'sched' },
        y: 'eval_loss',
        x: ['step'],
        options: { bootstrap: 0 },
      },
    ],
    predictions: [],
  };
  const data: Record<string, MetricRecord[]> = { cos: records(cosine), wsd: records(wsd) };
  const [fit] = fitPlanLaws(plan, {}, { readMetrics: (id) => data[id] });
  assert.ok(fit?.ok, JSON.stringify(fit?.diagnostics));
  assert.deepEqual(fit.variables, ['S1', 'S2']);
  assert.equal(fit.points.length, 80);
  assert.ok(fit.quality!.rmseLog < 1e-6, `rmse ${fit.quality!.rmseLog}`);
  assert.ok(Math.abs(fit.params.find((p) => p.name === 'alpha')!.value - 0.45) < 1e-3);
  const [noReader] = fitPlanLaws(plan, {});
  assert.equal(noReader!.diagnostics[0]!.code, 'no-curves');
});
