// @lane integration: dpkg (Debian)
// scripts/ci/system-deps.sh reads the list, and does nothing (no apt, no lock) when every package
// is installed: the fast path every `npm test` takes after the first.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import test from 'node:test';

const SCRIPT = resolve(__dirname, '../../../scripts/ci/system-deps.sh');

function run(list: string): { status: number | null; out: string } {
  const dir = mkdtempSync(join(tmpdir(), 'system-deps-'));
  try {
    writeFileSync(join(dir, 'list.txt'), list);
    // A lock in a folder that does not exist: any apt call would fail on it.
    const env = {
      ...process.env,
      PEFT_LAB_SYSTEM_PACKAGES: join(dir, 'list.txt'),
      APT_LOCK: join(dir, 'missing', 'apt.lock'),
    };
    const r = spawnSync('bash', [SCRIPT], { encoding: 'utf8', env, timeout: 60_000 });
    return { status: r.status, out: r.stdout + r.stderr };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

void test('everything installed: exits 0 without touching apt', () => {
  const r = run('# comment\n\nbash  # why: a shell\ncoreutils  # why: ls # and a second hash\n');
  assert.equal(r.status, 0, r.out);
  assert.equal(r.out, '');
});

void test('a missing package goes to apt (which fails here on the unusable lock, naming the package)', () => {
  const r = run('bash  # why: a shell\npeft-lab-no-such-package  # why: never installed\n');
  assert.notEqual(r.status, 0);
  assert.match(r.out, /installing peft-lab-no-such-package/);
});
