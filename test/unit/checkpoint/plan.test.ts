// The plan side of checkpoints: checkpoint_every reaches the trials without changing their ids,
// engines that cannot checkpoint say not-runnable at the option, and WSD branching groups only
// trials whose learning rates agree up to the branch point.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyze } from '../../../core/plan/analyze';
import { assignBranches } from '../../../core/plan/branches';
import { BASE } from '../plan/fixture';

const plan = (text: string) => analyze(text, { experiment: 'x' });
const trials = (text: string) => plan(text).plan.runs.flatMap((r) => r.trials);
const withRun = (extra: string) => BASE.replace('steps = 10', `steps = 10  ${extra}`);

void test('checkpoint_every sets Trial.checkpoint and keeps the trial id', () => {
  const [plain] = trials(BASE);
  const [ck] = trials(withRun('checkpoint_every = 5  keep_checkpoints = 3'));
  assert.equal(ck!.id, plain!.id);
  assert.deepEqual(ck!.checkpoint, { every: 5, keep: 3 });
  assert.equal(plain!.checkpoint, undefined);
  assert.deepEqual(
    plan(withRun('checkpoint_every = 5')).diagnostics.map((d) => d.code),
    [],
  );
});

void test('checkpoint_every on the torch engine is not-runnable at the option, with removing it as the fix', () => {
  const text = withRun('checkpoint_every = 5  backend = "torch"');
  const ds = plan(text).diagnostics.filter((d) => d.code === 'not-runnable');
  assert.equal(ds.length, 1);
  assert.equal(text.slice(ds[0]!.range.start, ds[0]!.range.end), 'checkpoint_every');
  assert.match(ds[0]!.message, /torch engine/);
  assert.equal(ds[0]!.data?.kind, 'remove');
});

void test('a method whose state a checkpoint does not hold is not-runnable with checkpoint_every', () => {
  const text = withRun('checkpoint_every = 5').replace(
    'lo = lora { r = 4  lora_alpha = 8 }',
    'lo = increlora { }',
  );
  const ds = plan(text).diagnostics.filter((d) => d.code === 'not-runnable');
  assert.equal(ds.length, 1, JSON.stringify(plan(text).diagnostics));
  assert.match(ds[0]!.message, /IncreLoRA/);
});

const WSD = (schedule: string, axes: string) =>
  BASE.replace('steps = 10', `steps = 100  schedule = wsd { ${schedule} }  ${axes}`);

void test('a decay sweep branches at each variant decay start; the leader keeps those checkpoints', () => {
  const ts = trials(WSD('warmup = 10', 'decay = sweep [0.3, 0.1, 0.2]'));
  assert.equal(ts[1]!.branchFrom, undefined, 'the latest decay leads');
  assert.deepEqual(ts[0]!.branchFrom, { trial: ts[1]!.id, step: 70 });
  assert.deepEqual(ts[2]!.branchFrom, { trial: ts[1]!.id, step: 80 });
  assert.deepEqual(ts[1]!.checkpoint, { every: 0, keep: 0, at: [70, 80] });
});

void test('MiniCPM lengths: a steps sweep with a fixed warm-up and decay length branches too', () => {
  const ts = trials(WSD('warmup = 10  decay = 20', 'steps = sweep [100, 200]'));
  assert.deepEqual(ts[0]!.branchFrom, { trial: ts[1]!.id, step: 80 });
});

void test('no branching without a shared prefix: other seeds, other schedules, torch, warm-up fractions', () => {
  const none = (text: string) => trials(text).filter((t) => t.branchFrom).length;
  assert.equal(none(WSD('warmup = 10', 'decay = 0.2  seeds = 3')), 0);
  assert.equal(none(BASE.replace('steps = 10', 'steps = sweep [50, 100]  schedule = cosine')), 0);
  assert.equal(none(WSD('warmup = 10', 'decay = sweep [0.1, 0.2]  backend = "torch"')), 0);
  // 5% warm-up of 100 and of 200 steps: the rates differ from step 0 on.
  assert.equal(none(WSD('warmup = 5%  decay = 20', 'steps = sweep [100, 200]')), 0);
  assert.equal(assignBranches([]), 0);
});
