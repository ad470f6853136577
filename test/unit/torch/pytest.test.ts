// @lane integration: the project's Python with torch + peft, pytest, ruff and mypy (scripts/python-env.sh)
// The Python package's own suite (python/tests), its lint (ruff) and its types (mypy --strict), run with
// the project's interpreter so `npm test` covers the Python side too.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { projectPython } from '../../helpers/python';

const PY_DIR = resolve(__dirname, '../../../python');

function run(args: string[]): { code: number | null; out: string } {
  const p = spawnSync(projectPython(), args, { cwd: PY_DIR, encoding: 'utf8', timeout: 470_000, env: { ...process.env, PYTHONPATH: PY_DIR } });
  return { code: p.status, out: `${p.stdout}\n${p.stderr}` };
}

// The core modules' tests; the Hugging Face ones (tests/test_hf_*.py) train real models and run from
// their own files (hf-pytest.test.ts), so each stays inside the 5-minute per-file limit.
const CORE = ['test_rng_data.py', 'test_models_worker.py'];

void test('python/tests of the core modules pass (pytest)', { timeout: 290_000 }, () => {
  const r = run(['-m', 'pytest', '-q', '-p', 'no:cacheprovider', ...CORE.map((f) => join(PY_DIR, 'tests', f))]);
  assert.equal(r.code, 0, r.out);
  assert.match(r.out, /\d+ passed/);
});

void test('python/peft_lab_torch is ruff-clean and mypy --strict clean', { timeout: 200_000 }, () => {
  const lint = run(['-m', 'ruff', 'check', '--no-cache', '.']);
  assert.equal(lint.code, 0, lint.out);
  const types = run(['-m', 'mypy', '--no-incremental', '--cache-dir=/dev/null']);
  assert.equal(types.code, 0, types.out);
});
