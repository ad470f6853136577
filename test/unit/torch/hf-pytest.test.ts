// @lane integration: the project's Python with torch, transformers and peft (scripts/python-env.sh)
// The Hugging Face side's pytest modules (python/tests/test_hf_*.py: real models trained on CPU), in a
// file of their own so the core suite (pytest.test.ts) keeps its own 5-minute per-file budget.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { projectPython } from '../../helpers/python';

const PY_DIR = resolve(__dirname, '../../../python');
const HF = readdirSync(join(PY_DIR, 'tests'))
  .filter((f) => /^test_hf_.*\.py$/.test(f))
  .sort();

// One test per module: node's --test-timeout is per test, and MiniLM alone trains for about a minute on 2 cores.
void test('python/tests/test_hf_*.py modules exist', () =>
  assert.ok(HF.length > 0, 'no test_hf_*.py modules found'));
for (const f of HF) {
  void test(`python/tests/${f} passes (pytest)`, { timeout: 295_000 }, () => {
    const p = spawnSync(
      projectPython(),
      ['-m', 'pytest', '-q', '-p', 'no:cacheprovider', join(PY_DIR, 'tests', f)],
      {
        cwd: PY_DIR,
        encoding: 'utf8',
        timeout: 290_000,
        env: { ...process.env, PYTHONPATH: PY_DIR },
      },
    );
    assert.equal(p.status, 0, `${p.stdout}\n${p.stderr}`);
    assert.match(p.stdout, /\d+ passed/);
  });
}
