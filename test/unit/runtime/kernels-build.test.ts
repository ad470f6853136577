import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  KERNELS_WASM_BASE64,
  KERNELS_WASM_FMA_BASE64,
  KERNELS_WASM_SHARED_BASE64,
  KERNELS_WASM_SHARED_FMA_BASE64,
} from '../../../runtime/tf/kernels/kernels-wasm';
import { relaxedSimd } from '../../../runtime/tf/kernels/module';

void test('all four committed builds export every kernel the runtime calls and import only a memory', () => {
  assert.ok(relaxedSimd(), 'relaxed SIMD (the FMA builds) runs once its flag is on');
  for (const [b64, shared] of [
    [KERNELS_WASM_BASE64, false],
    [KERNELS_WASM_SHARED_BASE64, true],
    [KERNELS_WASM_FMA_BASE64, false],
    [KERNELS_WASM_SHARED_FMA_BASE64, true],
  ] as const) {
    const m = new WebAssembly.Module(Buffer.from(b64, 'base64'));
    const names = WebAssembly.Module.exports(m).map((e) => e.name);
    for (const n of [
      'mm_small',
      'transpose2d',
      'attn_fwd',
      'attn_bwd',
      'gelu_fwd',
      'gelu_bwd',
      'ln_fwd',
      'ln_bwd',
      'ce_fwd',
      'ce_bwd',
      'adamw',
      'gemm',
      'colsum',
    ])
      assert.ok(names.includes(n), `missing export ${n}`);
    assert.deepEqual(
      WebAssembly.Module.imports(m),
      [{ module: 'env', name: 'memory', kind: 'memory' }],
      'the module works on the memory it is given (tfjs-wasm heap)',
    );
    // Each build links only against its own kind of memory.
    const memory = new WebAssembly.Memory({ initial: 2, maximum: 65536, shared });
    const other = new WebAssembly.Memory({ initial: 2, maximum: 65536, shared: !shared });
    assert.doesNotThrow(() => new WebAssembly.Instance(m, { env: { memory } }));
    assert.throws(() => new WebAssembly.Instance(m, { env: { memory: other } }));
  }
});
