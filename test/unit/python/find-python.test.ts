// findProjectPython: PEFT_LAB_PYTHON first, else the hashed environment only once it is complete,
// and the same location as scripts/python-env.sh computes (the two implementations must agree).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import test from 'node:test';
import {
  findProjectPython,
  lockHash,
  projectEnvDir,
  projectRoot,
  READY_MARKER,
} from '../../../runtime/python/find-python';

const REPO = resolve(__dirname, '../../..');

/** A fake checkout (python/ lock files + scripts/python-env.sh) and an empty cache folder. */
function fixture(): { root: string; cache: string; done: () => void } {
  const base = mkdtempSync(join(tmpdir(), 'find-python-'));
  const root = join(base, 'repo');
  mkdirSync(join(root, 'python'), { recursive: true });
  mkdirSync(join(root, 'scripts'));
  writeFileSync(join(root, 'python/requirements.txt'), 'numpy==2.4.6\n');
  writeFileSync(join(root, 'python/constraints.txt'), 'numpy==2.4.6\n');
  copyFileSync(join(REPO, 'scripts/python-env.sh'), join(root, 'scripts/python-env.sh'));
  return {
    root,
    cache: join(base, 'cache'),
    done: () => rmSync(base, { recursive: true, force: true }),
  };
}

void test('PEFT_LAB_PYTHON wins, even over a complete project environment', () => {
  assert.equal(
    findProjectPython({ PEFT_LAB_PYTHON: '/opt/my-cuda/bin/python' }, REPO),
    '/opt/my-cuda/bin/python',
  );
});

void test('the project environment counts only once the build wrote its marker', () => {
  const f = fixture();
  try {
    const env = { XDG_CACHE_HOME: f.cache, HOME: '/nonexistent' };
    const dir = projectEnvDir(f.root, env);
    assert.equal(dir, join(f.cache, 'peft-lab', `py-${lockHash(f.root)}`));
    assert.equal(findProjectPython(env, f.root), undefined, 'nothing built yet');
    mkdirSync(join(dir, 'bin'), { recursive: true });
    writeFileSync(join(dir, 'bin/python'), '', { mode: 0o755 });
    assert.equal(
      findProjectPython(env, f.root),
      undefined,
      'an interrupted build (no marker) is not used',
    );
    writeFileSync(join(dir, READY_MARKER), '');
    assert.equal(findProjectPython(env, f.root), join(dir, 'bin/python'));
    // The shell script names the same interpreter (it hashes the same files the same way).
    const sh = spawnSync('bash', [join(f.root, 'scripts/python-env.sh'), '--print'], {
      encoding: 'utf8',
      env: { PATH: process.env.PATH, HOME: '/nonexistent', XDG_CACHE_HOME: f.cache },
    });
    assert.equal(sh.status, 0, sh.stderr);
    assert.equal(sh.stdout.trim(), join(dir, 'bin/python'));
    // A change of pins is a different environment.
    writeFileSync(join(f.root, 'python/constraints.txt'), 'numpy==2.4.5\n');
    assert.equal(findProjectPython(env, f.root), undefined);
  } finally {
    f.done();
  }
});

void test('without XDG_CACHE_HOME the environment lives under ~/.cache', () => {
  assert.equal(
    projectEnvDir(REPO, { HOME: '/home/u' }),
    join('/home/u/.cache/peft-lab', `py-${lockHash(REPO)}`),
  );
});

void test('the project root is found upwards from the runtime sources, and not outside a checkout', () => {
  assert.equal(projectRoot(join(REPO, 'runtime/python')), REPO);
  assert.equal(projectRoot('/'), undefined);
});
