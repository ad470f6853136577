// @lane integration: Dawn needs a Vulkan driver (Mesa lavapipe from bookworm-backports on CI)
// "auto" takes webgpu only on a real GPU: a software adapter (lavapipe/llvmpipe) is many times
// slower than the wasm backend, so auto skips it with one line saying why; forcing webgpu uses it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';

const BACKEND = resolve(__dirname, '../../../runtime/tf/backend.ts');

/** Selects `wanted` in a fresh process (the choice is cached per process); returns its log. */
function select(wanted: string): {
  name: string;
  device: { software: boolean } | null;
  log: string[];
} {
  const script = `const b = require(${JSON.stringify(BACKEND)}); const log = [];
    b.selectBackend(${JSON.stringify(wanted)}, { log: (l) => log.push(l) }).then((name) => {
      console.log('RESULT ' + JSON.stringify({ name, device: b.backendDevice() ?? null, log })); process.exit(0);
    }, (e) => { console.log('RESULT ' + JSON.stringify({ name: 'error: ' + e.message, device: null, log })); process.exit(0); });`;
  const r = spawnSync(process.execPath, ['--import', 'tsx', '-e', script], {
    encoding: 'utf8',
    timeout: 120_000,
  });
  const line = r.stdout.split('\n').find((l) => l.startsWith('RESULT '));
  assert.ok(line, `no result from the child: ${r.stderr.slice(-500)}`);
  return JSON.parse(line.slice(7)) as ReturnType<typeof select>;
}

void test('auto skips a software WebGPU adapter (one line) and takes a hardware one', () => {
  const forced = select('webgpu');
  assert.equal(forced.name, 'webgpu', `forcing webgpu works here: ${forced.log.join(' | ')}`);
  const auto = select('auto');
  if (forced.device!.software) {
    assert.notEqual(auto.name, 'webgpu');
    assert.equal(
      auto.log.filter((l) => /^backend webgpu skipped: only a software adapter/.test(l)).length,
      1,
      auto.log.join(' | '),
    );
  } else {
    assert.ok(
      ['webgpu', 'tensorflow-gpu'].includes(auto.name),
      `auto on a GPU machine: ${auto.name}; ${auto.log.join(' | ')}`,
    );
  }
});
