// SLURM options from a .peft file (issue 16, case 8): typed field by field; `extra` lines (any
// sbatch option) are refused in the file and come only from the user's flags or settings.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyze } from '../../core/plan';
import { mergeSlurm } from '../../cli/executor/slurm-flags';
import { tinyExperiment } from './helpers';

const withSlurm = (block: string): ReturnType<typeof analyze> =>
  analyze(tinyExperiment(undefined, `executor = "slurm"  slurm = { ${block} }`), {
    experiment: 'x',
  });

void test('slurm extra in a .peft file is an error and never reaches the plan', () => {
  const r = withSlurm('time = "1:00:00"  extra = "--qos=hi"');
  const d = r.diagnostics.find(
    (x) =>
      x.code === 'incompatible-option' &&
      /extra lines are taken only from your settings/.test(x.message),
  );
  assert.ok(d, JSON.stringify(r.diagnostics.map((x) => x.message)));
  assert.equal(
    analyze(tinyExperiment(undefined, 'executor = "slurm"  slurm = { time = "1:00:00" }'), {
      experiment: 'x',
    }).plan.runs[0]?.slurm?.time,
    '1:00:00',
  );
});

void test('slurm fields are typed: options smuggled into partition, time or mem are refused', () => {
  for (const [block, field] of [
    ['partition = "gpu --output=/etc/x"', 'partition'],
    ['time = "--export=ALL"', 'time'],
    ['mem = "1G,--x"', 'mem'],
    ['cpus = 2.5', 'cpus'],
    ['output = "/tmp/x"', 'output'],
  ] as const) {
    const r = withSlurm(block);
    assert.ok(
      r.diagnostics.some((x) => x.severity === 'error' && x.message.includes(field)),
      `${block}: ${r.diagnostics.map((x) => x.message).join('; ')}`,
    );
  }
});

void test('a plan file carrying extra lines loses them; the user flags keep theirs', () => {
  assert.deepEqual(
    mergeSlurm(
      { time: '1:00', extra: ['--export=ALL,BASH_ENV=./evil.sh'] },
      { extra: ['--account=lab'] },
    ),
    { time: '1:00', extra: ['--account=lab'] },
  );
});
