// `peft run` with a pool of workers on a WSD decay sweep: the branches wait for their leader, start
// from its checkpoint (their first trained step is the branch point + 1), and say so in trial.json.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readMetrics, readStoredTrial } from '../../../store';
import { peft, tempProject, tinyFile } from '../sweeps/helpers';

const RUN = `run w {
  model = m  data = task  adapter = ft
  optimizer = adamw { lr = 3e-3 }  schedule = wsd { warmup = 2 }
  decay = sweep [0.5, 0.25]
  batch = 2  steps = 16  eval_every = 4  backend = "cpu"
}`;

void test(
  'the pool runs the leader first and the branch from its checkpoint',
  { timeout: 120_000 },
  async () => {
    const { dir, file } = tempProject('wsd', tinyFile(RUN));
    const p = peft(['run', file, '--json', '--workers', '2'], dir);
    assert.equal(await p.exit, 0, p.stderr());
    const plan = p.events.find((e) => e.type === 'plan');
    const [branch, leader] = plan?.type === 'plan' ? plan.trials.map((t) => t.id) : [];
    const order = p.events.flatMap((e) =>
      e.type === 'trial-start' || e.type === 'trial-end' ? [`${e.type} ${e.id}`] : [],
    );
    assert.ok(
      order.indexOf(`trial-end ${leader}`) < order.indexOf(`trial-start ${branch}`),
      order.join('\n'),
    );
    assert.deepEqual(readStoredTrial(dir, 'wsd', branch!)?.branchedFrom, {
      trial: leader,
      step: 8,
    });
    const trained = p.events.filter((e) => e.type === 'metric' && e.id === branch);
    assert.deepEqual(
      trained.map((e) => e.type === 'metric' && e.step),
      [9, 10, 11, 12, 13, 14, 15, 16],
    );
    const steps = readMetrics(dir, 'wsd', branch!).filter((r) => r.kind === 'train');
    assert.deepEqual(
      steps.map((r) => r.step),
      Array.from({ length: 16 }, (_, i) => i + 1),
      'the shared steps come from the leader, once',
    );
  },
);
