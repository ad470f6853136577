// `slurm { gpus = N  gpu_type = … }`: typed in the file (located diagnostics), requested from sbatch.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyze } from '../../../core/plan';
import { sbatchArgs } from '../../../cli/executor/slurm-script';

const file = (slurm: string): string => `data task = corpus "tiny"
model m = transformer { width = 16  depth = 1  heads = 2  context = 16 }
adapter lo = lora { r = 2 }
run a {
  model = m  data = task  adapter = lo  backend = "torch"  executor = "slurm"
  ${slurm}
}
`;

void test('slurm options are typed: a wrong type or an unknown key is an error at its location', () => {
  const text = file('slurm { partition = "gpu"  gpus = "two"  gpux = 1 }');
  const bad = analyze(text);
  const located = bad.diagnostics
    .filter((d) => d.severity === 'error')
    .map((d) => `${d.code}@${text.slice(d.range.start, d.range.end)}`);
  assert.deepEqual(located, ['type-mismatch@"two"', 'unknown-parameter@gpux']);
  const good = analyze(
    file('slurm = { partition = "gpu"  gpus = 2  gpu_type = "a100"  time = "01:00:00" }'),
  );
  assert.deepEqual(
    good.diagnostics.filter((d) => d.severity === 'error'),
    [],
  );
  assert.deepEqual(good.plan.runs[0]!.slurm, {
    partition: 'gpu',
    gpus: 2,
    gpu_type: 'a100',
    time: '01:00:00',
  });
});

void test('gpus become --gpus-per-task, or --gres=gpu:TYPE:N with gpu_type', () => {
  const job = { name: 'n', tasks: 2, output: 'o', chdir: 'c' };
  assert.ok(sbatchArgs({ gpus: 1 }, job).includes('--gpus-per-task=1'));
  const typed = sbatchArgs({ gpus: 2, gpu_type: 'a100' }, job);
  assert.ok(
    typed.includes('--gres=gpu:a100:2') && !typed.some((a) => a.startsWith('--gpus-per-task')),
    typed.join(' '),
  );
  assert.ok(!sbatchArgs({ gpus: 0 }, job).some((a) => a.includes('gpu')));
  assert.throws(() => sbatchArgs({ gpus: 1.5 }, job), /gpus must be a non-negative integer/);
});
