// @lane integration: the project's Python (scripts/python-env.sh) runs pytest
// `npm run test:python`: passes with no test files yet, fails on a failing test and on test files
// that collect nothing (pytest exit 5), passes on passing tests.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import test from 'node:test';
import { projectPython } from '../../helpers/python';

const SCRIPT = resolve(__dirname, '../../../scripts/test-python.sh');

function run(files: Record<string, string>): { status: number | null; out: string } {
  const dir = mkdtempSync(join(tmpdir(), 'test-python-'));
  try {
    mkdirSync(join(dir, 'tests'));
    for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, 'tests', name), text);
    const env = {
      ...process.env,
      PEFT_LAB_PYTHON: projectPython(),
      PEFT_LAB_PYTHON_TESTS: join(dir, 'tests'),
    };
    const r = spawnSync('bash', [SCRIPT, '-q'], { encoding: 'utf8', env, timeout: 120_000 });
    return { status: r.status, out: r.stdout + r.stderr };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

void test('no test files yet: says so and passes', () => {
  const r = run({ 'helper.py': 'X = 1\n' });
  assert.equal(r.status, 0, r.out);
  assert.match(r.out, /no test files under .* yet/);
});

void test('passing tests pass; a failing test fails', () => {
  const ok = run({ 'test_ok.py': 'def test_one():\n    assert 1 + 1 == 2\n' });
  assert.equal(ok.status, 0, ok.out);
  assert.match(ok.out, /1 passed/);
  const bad = run({ 'test_bad.py': 'def test_one():\n    assert 1 + 1 == 3\n' });
  assert.equal(bad.status, 1, bad.out);
  assert.match(bad.out, /1 failed/);
});

void test('test files that collect nothing fail (pytest exit 5), never pass silently', () => {
  const r = run({ 'test_empty.py': 'def helper():\n    pass\n' });
  assert.equal(r.status, 5, r.out);
  assert.match(r.out, /collected no tests .* failing/);
});
