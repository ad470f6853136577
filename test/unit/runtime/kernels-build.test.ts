import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { KERNELS_WASM_BASE64 } from '../../../runtime/tf/kernels/kernels-wasm';

void test('the committed fused-kernel binary is what clang builds from kernels.c today', () => {
  // Needs clang + lld (scripts/ci/system-packages.txt); a missing compiler fails with its error.
  const r = spawnSync(process.execPath, ['scripts/build-kernels.mjs', '--check'], { encoding: 'utf8' });
  assert.equal(r.status, 0, `scripts/build-kernels.mjs --check: ${r.stderr || r.error?.message}`);
});

void test('the committed binary is a wasm module exporting every kernel the runtime calls', () => {
  const m = new WebAssembly.Module(Buffer.from(KERNELS_WASM_BASE64, 'base64'));
  const names = WebAssembly.Module.exports(m).map((e) => e.name);
  for (const n of ['memory', 'heap_base', 'mm_small', 'attn_fwd', 'attn_bwd', 'gelu_fwd', 'gelu_bwd', 'ln_fwd', 'ln_bwd', 'ce_fwd', 'ce_bwd']) assert.ok(names.includes(n), `missing export ${n}`);
  assert.deepEqual(WebAssembly.Module.imports(m), [], 'no imports: the module needs nothing from JS');
});
