// @lane integration: the project's Python with ruff and mypy (scripts/python-env.sh)
// The torch backend's Python package is lint-clean (ruff) and type-clean (mypy --strict, python/pyproject.toml).
// Its pytest suite (python/tests) runs in `npm run test:python` (scripts/test-python.sh), with no per-file limit.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { projectPython } from '../../helpers/python';

const PY_DIR = resolve(__dirname, '../../../python');

function run(args: string[]): { code: number | null; out: string } {
  const p = spawnSync(projectPython(), args, {
    cwd: PY_DIR,
    encoding: 'utf8',
    timeout: 270_000,
    env: { ...process.env, PYTHONPATH: PY_DIR },
  });
  return { code: p.status, out: `${p.stdout}\n${p.stderr}` };
}

void test('python/peft_lab_torch is ruff-clean', { timeout: 60_000 }, () => {
  const lint = run(['-m', 'ruff', 'check', '--no-cache', '.']);
  assert.equal(lint.code, 0, lint.out);
});

// mypy reads torch's stubs: minutes on a loaded 2-core machine, so it gets most of the file's budget.
void test('python/peft_lab_torch is mypy --strict clean', { timeout: 280_000 }, () => {
  // A cache outside the checkout: a cold run reads torch's stubs (minutes under load), later runs seconds.
  const types = run(['-m', 'mypy', `--cache-dir=${join(tmpdir(), 'peft-lab-mypy-cache')}`]);
  assert.equal(types.code, 0, types.out);
  assert.match(types.out, /Success: no issues found/);
});
