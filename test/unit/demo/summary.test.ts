/**
 * `peft summary` on a synthetic run store: statuses written through store/, fits through
 * store/fits, values generated from known laws, so the best trials, the method ranking, the fitted
 * exponent and the compute-optimal N*, D* are all checkable.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { analyze } from '../../../core/plan/analyze';
import type { Trial } from '../../../core/types/plan';
import { fitAndSave } from '../../../store/fits';
import { command } from '../../../cli/commands/summary';
import type { ExperimentSummary } from '../../../cli/commands/summary-data';
import { writeStatus, writeTrialJson } from '../../../store';

const TEXT = `
data task = tiny { holdout = 10% }
model m = transformer { vocab = bytes  width = 16  depth = 1  heads = 2  context = 16 }
adapter ft = full {}
adapter lora = lora { target_modules = [q, v]  r = 4 }
adapter dora = lora { use_dora = true }
run methods { model = m  data = task  adapter = sweep [lora, dora]  r = sweep [1, 2, 4, 8, 16, 32]  steps = 10 }
run ref { model = m  data = task  adapter = ft  steps = 10 }
run iso { model = m  data = task  adapter = ft  width = sweep [24, 32, 48, 64]  budget = isoflop [1e9, 3e9, 1e10] }
law rank_law = power(methods.eval_loss ~ r) by adapter
predict rank_law at r = [64, 128]
law frontier = chinchilla(iso.eval_loss ~ N, D)
`;

/** The synthetic truth: power in r per adapter (dora better), chinchilla over N, D. */
function lossOf(t: Trial): number {
  if (t.run === 'methods')
    return (t.axes.adapter === 'dora' ? 2.0 : 2.1) + 0.6 * Number(t.axes.r) ** -0.5;
  if (t.run === 'ref') return 1.9;
  const N = t.estimates.totalParams;
  const D = t.estimates.tokens;
  return 1.5 + 400 * N ** -0.4 + 300 * D ** -0.3;
}

function project(): { dir: string; file: string } {
  const dir = mkdtempSync(join(tmpdir(), 'peft-summary-'));
  const file = join(dir, 'exp.peft');
  writeFileSync(file, TEXT);
  const { plan, diagnostics } = analyze(TEXT, { experiment: 'exp' });
  assert.deepEqual(
    diagnostics.filter((d) => d.severity === 'error').map((d) => d.message),
    [],
  );
  for (const t of plan.runs.flatMap((r) => r.trials)) {
    writeTrialJson(dir, t);
    // One dora trial failed: it must be counted, and left out of the best/ranking.
    const failed = t.axes.adapter === 'dora' && t.axes.r === 1;
    writeStatus(
      dir,
      'exp',
      t.id,
      failed
        ? { state: 'failed', error: 'synthetic' }
        : { state: 'done', final: { eval_loss: lossOf(t) } },
    );
  }
  fitAndSave(dir, plan);
  return { dir, file };
}

async function summary(dir: string, args: string[]): Promise<{ code: number; out: string }> {
  let out = '';
  const io = {
    stdout: (s: string) => void (out += s),
    stderr: (s: string) => void (out += s),
    cwd: dir,
    signal: new AbortController().signal,
  };
  const code = await command.run(args, io);
  return { code, out };
}

test('peft summary --json: best trial per run, method ranking with the reference, fitted exponent, N* and D* beyond the sweep', async () => {
  const { dir } = project();
  const { code, out } = await summary(dir, ['exp.peft', '--json']);
  assert.equal(code, 0, out);
  const s = JSON.parse(out) as ExperimentSummary;
  const methods = s.runs.find((r) => r.run === 'methods')!;
  assert.equal(methods.done, 11);
  assert.equal(methods.failed, 1);
  assert.deepEqual(methods.best?.axes, { adapter: 'dora', r: 32 });
  assert.deepEqual(
    methods.ranking?.map((m) => m.adapter),
    ['ft', 'dora', 'lora'],
  );
  assert.equal(methods.ranking?.find((m) => m.adapter === 'dora')?.trials, 5);
  const lora = s.laws.find((l) => l.law === 'rank_law' && l.group === 'lora')!;
  assert.ok(lora.ok);
  const alpha = lora.params.find((p) => p.name === 'alpha')!;
  assert.ok(Math.abs(alpha.value - 0.5) < 0.02, `alpha ${alpha.value}`);
  assert.ok(alpha.lo <= alpha.value && alpha.value <= alpha.hi);
  assert.deepEqual(
    lora.predictions.map((p) => p.point.r),
    [64, 128],
  );
  assert.ok(Math.abs(lora.predictions[0]!.value - (2.1 + 0.6 / 8)) < 0.01);
  const frontier = s.laws.find((l) => l.law === 'frontier')!;
  assert.ok(frontier.ok, frontier.problems.join('; '));
  const opt = frontier.computeOptimal!;
  assert.ok(opt.flops >= 10 * 1e9, `budget ${opt.flops}`);
  assert.ok(Math.abs(opt.params * opt.tokens * 6 - opt.flops) / opt.flops < 1e-6, 'C = 6·N*·D*');
});

test('peft summary prints the table, the ranking and each law with intervals; a missing file is a usage error', async () => {
  const { dir } = project();
  const { code, out } = await summary(dir, ['exp.peft']);
  assert.equal(code, 0, out);
  assert.match(out, /methods\s+11\/12 \(1 failed\)\s+eval_loss\s+2\.106\s+adapter=dora r=32/);
  assert.match(out, /method ranking/);
  assert.match(out, /rank_law \[lora\]: power/);
  assert.match(out, /alpha = 0\.5\d* \[/);
  assert.match(out, /compute-optimal at C = .*: N\* = /);
  await assert.rejects(summary(dir, ['missing.peft']), /missing\.peft: no such file/);
});
