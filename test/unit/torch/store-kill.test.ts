// @lane integration: the project's Python with torch + peft (scripts/python-env.sh or PEFT_LAB_PYTHON)
// kill -9 of `peft run` (the CLI process alone, as a user would) while a torch trial trains: the pool's
// worker and the Python worker exit by themselves (IPC disconnect, then EOF on stdin); `--resume` then
// finishes the trial exactly once.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import type { RunEvent } from '../../../core/protocol';
import { readTrialStatus } from '../../../store';
import { peft, tempProject } from '../sweeps/helpers';
import { requireTorch, TORCH_FILE } from './helpers';

/** Pids of live processes whose environment carries `mark` (only our own processes are readable). */
function marked(mark: string): number[] {
  const out: number[] = [];
  for (const pid of readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    try {
      if (readFileSync(`/proc/${pid}/environ`, 'latin1').includes(mark)) out.push(Number(pid));
    } catch {
      // gone, or not ours
    }
  }
  return out;
}

void test(
  'kill -9 of peft run mid-trial: no orphan Python worker; --resume finishes the trial once',
  { timeout: 280_000 },
  async () => {
    requireTorch();
    const { dir, file } = tempProject(
      'torchkill',
      TORCH_FILE.replace('STEPS', '300').replace('r = sweep [1, 2, 4]', 'r = 2'),
    );
    const mark = `${process.pid}x${Date.now()}`;
    const run = peft(['run', file, '--json', '--workers', '1'], dir, { PEFT_TEST_MARK: mark });
    await run.waitFor((e) => e.type === 'metric' && e.step >= 3);
    assert.ok(
      marked(mark).length >= 3,
      'the CLI, its pool worker and the Python worker are running',
    );
    process.kill(run.proc.pid!, 'SIGKILL');
    await run.exit;
    const deadline = Date.now() + 10_000;
    while (marked(mark).length && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 200));
    assert.deepEqual(marked(mark), [], 'a process outlived the killed run');
    const again = peft(['run', file, '--json', '--resume', '--workers', '1'], dir);
    assert.equal(await again.exit, 0, again.stderr());
    const ends = again.events.filter(
      (e): e is Extract<RunEvent, { type: 'trial-end' }> => e.type === 'trial-end',
    );
    assert.deepEqual(
      ends.map((e) => e.status),
      ['done'],
    );
    assert.equal(readTrialStatus(dir, 'torchkill', ends[0]!.id)?.state, 'done');
    const third = peft(['run', file, '--json', '--resume'], dir);
    assert.equal(await third.exit, 0);
    assert.ok(!third.events.some((e) => e.type === 'trial-start'), 'a finished trial ran again');
  },
);
