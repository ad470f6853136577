import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

// Threaded wasm (tfjs' pthreads plus the kernel helper) once kept every process that selected it
// alive after its work was done, so scripts and tests had to call process.exit. A child that
// trains nothing but runs the threaded GEMM must now exit by itself, with the right result.
void test('a process on threaded wasm runs the GEMM on both threads and then exits on its own', () => {
  const child = join(__dirname, 'children', 'threaded-gemm.ts');
  const r = spawnSync(process.execPath, ['--import', 'tsx', child], {
    encoding: 'utf8',
    timeout: 90_000,
    env: { ...process.env, PEFT_KERNEL_THREADS: '2' },
  });
  assert.equal(
    r.signal,
    null,
    `the child did not exit on its own (killed after 90 s): ${r.stderr}`,
  );
  assert.equal(r.status, 0, r.stderr);
  const out = JSON.parse(r.stdout.trim().split('\n').pop()!) as {
    threads: number;
    err: number;
    shared: number;
  };
  assert.equal(out.threads, 2, 'tfjs runs its pthread pool');
  assert.ok(out.shared > 0, 'the kernel helper thread shared GEMM calls');
  assert.ok(out.err < 1e-3, `PeftGemm vs tf.matMul on threaded wasm: ${out.err}`);
});
