// batch_lr fits the best learning rate per batch size, not the loss.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyze } from '../../../core/plan/analyze';
import { fitPlanLaws } from '../../../core/laws/fit-plan';
import { bestLrPoints } from '../../../core/laws/best-lr';
import type { TrialResults } from '../../../core/laws/points';

const LRS = [1e-4, 2e-4, 4e-4, 8e-4, 1.6e-3, 3.2e-3, 6.4e-3];
const TEXT = `data task = corpus "tiny"
model m = transformer { width = 16  depth = 1  heads = 2  context = 8 }
adapter a = lora { r = 2 }
run s {
  model = m  data = task  adapter = a  steps = 10
  batch = sweep [8, 32, 128, 512]
  lr = sweep [${LRS.join(', ')}]
}
law l = batch_lr(s.eval_loss ~ batch)
`;

/** A loss whose minimum over lr sits at lr*(B) = 2e-5·√B, so the best lr per batch follows the square-root rule. */
function results(plan: ReturnType<typeof analyze>['plan']): TrialResults {
  const out: TrialResults = {};
  for (const t of plan.runs[0]!.trials) {
    const best = 2e-5 * Math.sqrt(t.config.batch);
    const lr = t.config.optimizer.params['lr'] as number;
    out[t.id] = { eval_loss: 2 + (Math.log(lr) - Math.log(best)) ** 2 };
  }
  return out;
}

void test('the points are the best lr per batch (the lowest eval_loss), never the loss', () => {
  const { plan } = analyze(TEXT);
  const pts = bestLrPoints(plan.laws[0]!, plan.runs[0]!.trials, results(plan)).groups.get(
    undefined,
  )!;
  assert.deepEqual(
    pts.map((p) => p.x[0]),
    [8, 32, 128, 512],
  );
  // lr* = 5.7e-5, 1.1e-4, 2.3e-4, 4.5e-4: the nearest grid values in log space
  assert.deepEqual(
    pts.map((p) => p.y),
    [1e-4, 1e-4, 2e-4, 4e-4],
  );
});

void test('fitting batch_lr on a plan recovers the square-root rule from the best-lr points', () => {
  const { plan } = analyze(TEXT);
  const [fit] = fitPlanLaws(plan, results(plan));
  assert.ok(fit!.ok, JSON.stringify(fit!.diagnostics));
  const kappa = fit!.params.find((p) => p.name === 'kappa')!.value;
  assert.ok(Math.abs(kappa - 0.5) < 0.2, `kappa = ${kappa}`);
  assert.ok(
    fit!.points.every((p) => p.y < 0.01),
    'the fitted y values are learning rates, not losses',
  );
});

void test('a batch size swept at one learning rate is said to have no identified best lr', () => {
  const { plan } = analyze(TEXT.replace(`lr = sweep [${LRS.join(', ')}]`, 'lr = 3e-4'));
  const d = bestLrPoints(plan.laws[0]!, plan.runs[0]!.trials, results(plan)).diagnostics;
  assert.ok(
    d.some((x) => x.code === 'best-lr-unidentified'),
    JSON.stringify(d),
  );
});
