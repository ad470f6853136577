// @lane integration: the project's Python with torch + peft (scripts/python-env.sh or PEFT_LAB_PYTHON)
// `peft run --backend torch` (here: `backend = "torch"` in the file) writes the ordinary run store, which
// `peft status`, `peft fit` and `peft report` read unchanged.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readTrialStatus } from '../../../store';
import { peft, tempProject } from '../sweeps/helpers';
import { requireTorch, TORCH_FILE } from './helpers';

async function cli(
  args: string[],
  dir: string,
): Promise<{ code: number | string; out: string; err: string }> {
  const p = peft(args, dir);
  let out = '';
  p.proc.stdout!.on('data', (d: Buffer) => void (out += d.toString()));
  const code = await p.exit;
  return { code, out, err: p.stderr() };
}

void test(
  'a torch sweep writes trial.json, metrics.jsonl, status.json, the adapter; status, fit and report read them',
  { timeout: 280_000 },
  async () => {
    requireTorch();
    const { dir, file } = tempProject('torchrun', TORCH_FILE.replace('STEPS', '10'));
    const run = await cli(['run', file, '--workers', '1'], dir);
    assert.equal(run.code, 0, run.out + run.err);
    const exp = join(dir, '.peft', 'runs', 'torchrun');
    const ids = readdirSync(exp).filter((f) => /^[0-9a-f]+$/.test(f));
    assert.equal(ids.length, 3);
    for (const id of ids) {
      for (const f of ['trial.json', 'metrics.jsonl', 'status.json', 'adapter.safetensors'])
        assert.ok(existsSync(join(exp, id, f)), `${id}/${f}`);
      const st = readTrialStatus(dir, 'torchrun', id);
      assert.equal(st?.state, 'done');
      assert.equal(st?.backend, 'torch-cpu');
      const lines = readFileSync(join(exp, id, 'metrics.jsonl'), 'utf8')
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as { kind: string; step: number });
      assert.deepEqual(
        lines.filter((l) => l.kind === 'train').map((l) => l.step),
        [1, 2, 3, 4, 5, 6, 7, 8, 9, 10],
      );
      assert.deepEqual(
        lines.filter((l) => l.kind === 'eval').map((l) => l.step),
        [5, 10],
      );
    }
    const status = await cli(['status', file, '--json'], dir);
    assert.equal(status.code, 0, status.err);
    assert.equal((status.out.match(/"done"/g) ?? []).length >= 3, true, status.out);
    const fit = await cli(['fit', file, '--json'], dir);
    assert.equal(fit.code, 0, fit.out + fit.err);
    assert.match(fit.out, /rank_law/);
    const report = await cli(['report', file, '--out', 'r.html'], dir);
    assert.equal(report.code, 0, report.err);
    assert.match(readFileSync(join(dir, 'r.html'), 'utf8'), /rank_law/);
  },
);
