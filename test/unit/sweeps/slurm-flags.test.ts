import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mergeSlurm, takeSlurmFlags } from '../../../cli/executor/slurm-flags';
import { UsageError } from '../../../cli/command';

void test('--slurm-* flags are split off and override the file field by field; extra lines only from flags', () => {
  const { overrides, rest } = takeSlurmFlags([
    'x.peft',
    '--json',
    '--slurm-partition',
    'gpu',
    '--slurm-cpus=4',
    '--slurm-extra',
    '--account=lab',
    '--slurm-extra',
    '--qos=high',
  ]);
  assert.deepEqual(rest, ['x.peft', '--json']);
  assert.deepEqual(overrides, {
    partition: 'gpu',
    cpus: 4,
    extra: ['--account=lab', '--qos=high'],
  });
  assert.deepEqual(
    mergeSlurm({ partition: 'cpu', time: '01:00:00', extra: ['--mail-type=END'] }, overrides),
    {
      partition: 'gpu',
      time: '01:00:00',
      cpus: 4,
      extra: ['--account=lab', '--qos=high'],
    },
  );
});

void test('bad --slurm-* values are usage errors', () => {
  assert.throws(() => takeSlurmFlags(['--slurm-gpus', 'two']), UsageError);
  assert.throws(() => takeSlurmFlags(['--slurm-mem']), UsageError);
});
