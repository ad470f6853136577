// Early stopping end to end: real `peft run` processes train the tiny corpus with
// `early_stop = asha { … }`. The pruned set must be what ASHA's rule gives on the curves the trials
// actually recorded (replayed with core/search in arrival order); a second store with the same file
// and seed prunes the same trials at the same steps; kill -9 mid-run then --resume decides the same;
// a resume after the end re-runs nothing (pruned trials are settled); `peft status` says pruned.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import type { RunEvent } from '../../../core/protocol';
import { ashaDecide } from '../../../core/search/asha';
import type { TrialCurve } from '../../../core/search/types';
import { readMetrics, readTrialStatus } from '../../../store';
import { CLI, TSX, killGroup, peft, tempProject, tinyFile } from './helpers';

// Learning rates from useless (1e-5) to harmful (0.3): eval losses at the rungs spread widely,
// so a float-level difference between runs cannot flip a decision.
const LRS = [1e-5, 3e-3, 0.3, 1e-2, 1e-4, 0.1, 5e-3, 3e-5, 2e-2];
const RUN = `run tune {\n  model = m  data = task  adapter = ft\n  lr = sweep [${LRS.join(', ')}]\n  optimizer = adamw\n  batch = 2  steps = 12  eval_every = 2  backend = "wasm"\n  early_stop = asha { min_steps = 2  reduction = 3 }\n}`;
const ENV = { PEFT_WASM_THREADS: '1' };

type Outcome = Map<string, string>;

async function runToEnd(dir: string, file: string, resume = false): Promise<RunEvent[]> {
  const run = peft(
    ['run', file, '--json', '--workers', '1', ...(resume ? ['--resume'] : [])],
    dir,
    ENV,
  );
  const code = await run.exit;
  assert.equal(code, 0, run.stderr());
  return run.events;
}

function outcome(dir: string, ids: string[]): Outcome {
  return new Map(
    ids.map((id) => {
      const s = readTrialStatus(dir, 'es', id);
      return [id, s?.state === 'pruned' ? `pruned@${s.step}` : String(s?.state)];
    }),
  );
}

/** ASHA (r = 2, η = 3, R = 12: rungs 2 and 6) replayed on the recorded curves, trials in plan order (one worker). */
function expectedByRule(dir: string, ids: string[]): Outcome {
  const curves = ids.map((id) =>
    readMetrics(dir, 'es', id).flatMap((r) =>
      r.kind === 'eval' ? [{ step: r.step, v: r.metrics.eval_loss! }] : [],
    ),
  );
  const history: TrialCurve[] = [];
  let seq = 0;
  const out: Outcome = new Map();
  ids.forEach((id, k) => {
    const c: TrialCurve = { id, state: 'running', reports: [] };
    history.push(c);
    let verdict = 'done';
    for (const p of curves[k]!) {
      c.reports.push({ step: p.step, value: p.v, seq: seq++ });
      if (
        p.step < 12 &&
        ashaDecide(history, id, { minResource: 2, reductionFactor: 3, maxResource: 12 }) === 'prune'
      ) {
        verdict = `pruned@${p.step}`;
        break;
      }
    }
    out.set(id, verdict);
  });
  return out;
}

void test(
  'asha on real curves: the rule’s pruned set, deterministic, the same after kill -9 and --resume',
  { timeout: 600_000 },
  async () => {
    const a = tempProject('es', tinyFile(RUN));
    const events = await runToEnd(a.dir, a.file);
    const plan = events.find((e) => e.type === 'plan');
    assert.ok(plan?.type === 'plan');
    const ids = plan.trials.map((t) => t.id);
    const got = outcome(a.dir, ids);
    const pruned = [...got.values()].filter((v) => v.startsWith('pruned'));
    assert.ok(pruned.length >= 3 && pruned.length <= 7, `pruned: ${[...got.values()].join(' ')}`);
    assert.deepEqual(got, expectedByRule(a.dir, ids));
    for (const e of events)
      if (e.type === 'trial-end' && e.status === 'pruned') assert.ok(e.step === 2 || e.step === 6);
    const done = events.find((e) => e.type === 'done');
    assert.equal(done?.type === 'done' && done.pruned, pruned.length);

    // peft status shows pruned trials as such, with their step.
    const status = spawnSync(process.execPath, [...TSX, CLI, 'status', a.file], {
      cwd: a.dir,
      encoding: 'utf8',
    });
    assert.match(status.stdout, new RegExp(`${pruned.length} pruned`));
    assert.match(status.stdout, /pruned\s+tune\/\w+ .* at step [26]/);

    // A resume after the end re-runs nothing: pruned trials stay pruned.
    const again = await runToEnd(a.dir, a.file, true);
    assert.equal(again.filter((e) => e.type === 'trial-start').length, 0);
    const replan = again.find((e) => e.type === 'plan');
    assert.equal(
      replan?.type === 'plan' && replan.trials.filter((t) => t.state === 'pruned').length,
      pruned.length,
    );

    // A SLURM task (`peft trial`) reads the pruner from trial.json: a pruned trial whose status was
    // lost (its task killed after the decision) is re-trained there and pruned again, same step.
    const victim = ids.find((id) => got.get(id)!.startsWith('pruned'))!;
    rmSync(join(a.dir, '.peft', 'runs', 'es', victim, 'status.json'));
    const task = spawnSync(
      process.execPath,
      [...TSX, CLI, 'trial', '--store', a.dir, '--experiment', 'es', '--id', victim],
      { cwd: a.dir, encoding: 'utf8', env: { ...process.env, ...ENV } },
    );
    assert.equal(task.status, 0, task.stderr);
    assert.match(task.stdout, new RegExp(`^pruned ${victim}`, 'm'));
    assert.deepEqual(outcome(a.dir, ids), got);

    // Same file, same seed, a fresh store: the same trials pruned at the same steps.
    const b = tempProject('es', tinyFile(RUN));
    await runToEnd(b.dir, b.file);
    assert.deepEqual(outcome(b.dir, ids), got);

    // kill -9 of the whole run after some trials ended, then --resume: the same decisions.
    const c = tempProject('es', tinyFile(RUN));
    const run = peft(['run', c.file, '--json', '--workers', '1'], c.dir, ENV);
    let ended = 0;
    await run.waitFor((e) => e.type === 'trial-end' && ++ended >= 3);
    await run.waitFor((e) => e.type === 'eval');
    killGroup(run);
    await run.exit;
    await runToEnd(c.dir, c.file, true);
    assert.deepEqual(outcome(c.dir, ids), got);
  },
);
