import { test } from 'node:test';
import assert from 'node:assert/strict';
import { KERNELS_WASM_BASE64 } from '../../../runtime/tf/kernels/kernels-wasm';

void test('the committed binary is a wasm module exporting every kernel the runtime calls', () => {
  const m = new WebAssembly.Module(Buffer.from(KERNELS_WASM_BASE64, 'base64'));
  const names = WebAssembly.Module.exports(m).map((e) => e.name);
  for (const n of [
    'memory',
    'heap_base',
    'mm_small',
    'attn_fwd',
    'attn_bwd',
    'gelu_fwd',
    'gelu_bwd',
    'ln_fwd',
    'ln_bwd',
    'ce_fwd',
    'ce_bwd',
    'adamw',
  ])
    assert.ok(names.includes(n), `missing export ${n}`);
  assert.deepEqual(
    WebAssembly.Module.imports(m),
    [],
    'no imports: the module needs nothing from JS',
  );
});
