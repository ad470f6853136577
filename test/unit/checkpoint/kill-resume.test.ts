// kill -9 of a whole `peft run` mid-trial, then `peft run --resume`: the trial resumes from its
// last checkpoint (not step 0), metrics.jsonl has every step once, and the curve equals an
// uninterrupted run's.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readMetrics, readStoredTrial, readTrialStatus } from '../../../store';
import { killGroup, peft, tempProject, tinyFile } from '../sweeps/helpers';

const RUN = `run r {
  model = m  data = task  adapter = ft
  optimizer = adamw { lr = 3e-3 }  schedule = wsd { warmup = 10  decay = 0.2 }
  batch = 2  steps = 300  eval_every = 50  backend = "cpu"
  checkpoint_every = 10  keep_checkpoints = 2
}`;

const curve = (dir: string, id: string) =>
  readMetrics(dir, 'crash', id).map((r) =>
    r.kind === 'train'
      ? `train ${r.step} ${r.loss}`
      : `eval ${r.step} ${JSON.stringify(r.metrics)}`,
  );

void test(
  'kill -9 of the run, then --resume: the trial goes on from its last checkpoint with the same curve',
  { timeout: 240_000 },
  async () => {
    const whole = tempProject('crash', tinyFile(RUN));
    assert.equal(await peft(['run', whole.file, '--json'], whole.dir).exit, 0);
    const { dir, file } = tempProject('crash', tinyFile(RUN));
    const first = peft(['run', file, '--json'], dir);
    const plan = await first.waitFor((e) => e.type === 'plan');
    const id = plan.type === 'plan' ? plan.trials[0]!.id : '';
    await first.waitFor((e) => e.type === 'metric' && e.step >= 25);
    killGroup(first);
    await first.exit;
    assert.notEqual(
      readTrialStatus(dir, 'crash', id)?.state,
      'done',
      'the kill landed before the end',
    );
    const second = peft(['run', file, '--json', '--resume'], dir);
    assert.equal(await second.exit, 0, second.stderr());
    const resumedFrom = readStoredTrial(dir, 'crash', id)?.provenance.resumedFrom;
    assert.ok(resumedFrom !== undefined && resumedFrom >= 20, `resumed from ${resumedFrom}`);
    const firstStep = second.events.find((e) => e.type === 'metric' && e.id === id);
    assert.equal(
      firstStep?.type === 'metric' && firstStep.step,
      resumedFrom + 1,
      'no step trained twice',
    );
    const a = curve(whole.dir, id);
    assert.equal(a.length, 300 + 6);
    assert.deepEqual(curve(dir, id), a);
  },
);
