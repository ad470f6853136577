// @lane integration: the project's Python with torch + peft and a single-node SLURM (scripts/slurm-local.sh)
// A torch trial through the SLURM executor on the real single-node SLURM (scripts/slurm-local.sh, CPU
// only): the array task runs `peft trial`, which runs the Python worker; the store shows torch-cpu.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readTrialStatus } from '../../../store';
import { peft, tempProject } from '../sweeps/helpers';
import { useLocalSlurm } from '../sweeps/slurm-cluster';
import { requireTorch, TORCH_FILE } from './helpers';

const env = useLocalSlurm();

void test(
  'peft run --executor slurm with backend torch: each array task trains through the Python worker',
  { timeout: 280_000 },
  async () => {
    requireTorch();
    const text = TORCH_FILE.replace('STEPS', '6')
      .replace('r = sweep [1, 2, 4]', 'r = sweep [1, 2]')
      .replace(
        'backend = "torch"',
        'backend = "torch"\n  executor = "slurm"\n  slurm = { time = "00:10:00"  cpus = 1  gpus = 0 }',
      );
    const { dir, file } = tempProject('torchslurm', text);
    const p = peft(['run', file, '--json'], dir, env);
    assert.equal(await p.exit, 0, p.stderr());
    const ids = p.events.flatMap((e) => (e.type === 'plan' ? e.trials.map((t) => t.id) : []));
    assert.equal(ids.length, 2);
    for (const id of ids) {
      const st = readTrialStatus(dir, 'torchslurm', id);
      assert.equal(st?.state, 'done');
      assert.equal(st?.backend, 'torch-cpu');
    }
    const slurmDir = join(dir, '.peft', 'runs', 'torchslurm', 'slurm');
    const script = readFileSync(
      join(
        slurmDir,
        readdirSync(slurmDir).find((f) => f.endsWith('.sh'))!,
      ),
      'utf8',
    );
    assert.match(script, /'trial' '--store'/);
  },
);
