// A SIGKILLed wasm process leaves its /tmp/peft-wasm-<pid>-* folder; the next one removes it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { removeStaleWasmDirs } from '../../../runtime/tf/wasm-tmp';

/** A pid that is certainly dead: a process that has exited and been reaped. */
const deadPid = (): number => spawnSync(process.execPath, ['-e', '']).pid;

void test('only plain folders of dead owners are removed: not live pids, symlinks, files or old names', () => {
  const tmp = mkdtempSync(join(tmpdir(), 'peft-wasm-tmp-'));
  const dead = deadPid();
  const outside = mkdtempSync(join(tmpdir(), 'peft-wasm-target-'));
  writeFileSync(join(outside, 'keep'), 'x');
  mkdirSync(join(tmp, `peft-wasm-${dead}-abc123`));
  writeFileSync(join(tmp, `peft-wasm-${dead}-abc123`, 'pthread-worker.js'), '');
  mkdirSync(join(tmp, `peft-wasm-${process.pid}-mine12`));
  mkdirSync(join(tmp, `peft-wasm-${process.ppid}-live12`));
  mkdirSync(join(tmp, 'peft-wasm-old123'));
  symlinkSync(outside, join(tmp, `peft-wasm-${dead}-link12`));
  writeFileSync(join(tmp, `peft-wasm-${dead}-file12`), '');
  assert.deepEqual(removeStaleWasmDirs(tmp), [`peft-wasm-${dead}-abc123`]);
  assert.deepEqual(
    readdirSync(tmp).sort(),
    [
      `peft-wasm-${dead}-file12`,
      `peft-wasm-${dead}-link12`,
      `peft-wasm-${process.pid}-mine12`,
      `peft-wasm-${process.ppid}-live12`,
      'peft-wasm-old123',
    ].sort(),
  );
  assert.ok(existsSync(join(outside, 'keep')), 'a symlink is never followed');
  assert.deepEqual(removeStaleWasmDirs(join(tmp, 'missing')), []);
});

void test(
  'the next wasm process removes the folder a SIGKILLed one left',
  { timeout: 120_000 },
  () => {
    const tmp = mkdtempSync(join(tmpdir(), 'peft-wasm-tmp-'));
    const mod = JSON.stringify(join(__dirname, '../../../runtime/tf/wasm-threads.ts'));
    const run = (after: string) =>
      spawnSync(
        process.execPath,
        [
          '--import',
          'tsx',
          '-e',
          `import(${mod}).then((m) => (m.withWasmThreads ?? m.default.withWasmThreads)(1, async () => 1)).then(() => { ${after} })`,
        ],
        { env: { ...process.env, TMPDIR: tmp }, encoding: 'utf8' },
      );
    const killed = run("process.kill(process.pid, 'SIGKILL')");
    assert.equal(killed.signal, 'SIGKILL', killed.stderr);
    const left = readdirSync(tmp).filter((n) => n.startsWith('peft-wasm-'));
    assert.equal(left.length, 1, `the killed process left its folder: ${left.join(',')}`);
    const next = run(
      "console.log(require('node:fs').readdirSync(process.env.TMPDIR).join(','))",
    ).stdout;
    assert.ok(!next.includes(left[0]!), `stale folder still there: ${next}`);
    assert.match(next, /peft-wasm-\d+-/, 'the new process has its own folder while it runs');
    assert.deepEqual(
      readdirSync(tmp).filter((n) => n.startsWith('peft-wasm-')),
      [],
    );
  },
);
