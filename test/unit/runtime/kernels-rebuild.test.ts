// @lane integration: clang + lld rebuild the fused kernels (scripts/ci/system-packages.txt)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';

void test('the committed fused-kernel binary is what clang builds from kernels.c today', () => {
  const r = spawnSync(process.execPath, ['scripts/build-kernels.mjs', '--check'], {
    encoding: 'utf8',
  });
  assert.equal(r.status, 0, `scripts/build-kernels.mjs --check: ${r.stderr || r.error?.message}`);
});
