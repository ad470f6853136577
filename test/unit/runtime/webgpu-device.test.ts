import { test } from 'node:test';
import assert from 'node:assert/strict';
import { describeAdapter } from '../../../runtime/tf/webgpu';
import { backendLabel } from '../../../cli/commands/status';

void test("Dawn's adapter info becomes the recorded device; software devices are recognised", () => {
  const lavapipe = describeAdapter({
    vendor: 'mesa',
    architecture: 'software',
    device: 'llvmpipe-llvm-15',
    description: 'llvmpipe: Mesa 25.0.7 (LLVM 15.0.6) 0.0.1',
    isFallbackAdapter: true,
  });
  assert.deepEqual(lavapipe, {
    adapter: 'llvmpipe: Mesa 25.0.7 (LLVM 15.0.6) 0.0.1',
    vendor: 'mesa',
    architecture: 'software',
    device: 'llvmpipe-llvm-15',
    software: true,
  });
  const nvidia = describeAdapter({
    vendor: 'nvidia',
    architecture: 'hopper',
    device: '',
    description: 'NVIDIA H200',
  });
  assert.deepEqual(nvidia, {
    adapter: 'NVIDIA H200',
    vendor: 'nvidia',
    architecture: 'hopper',
    device: undefined,
    software: false,
  });
  // SwiftShader reports no fallback flag on some builds: the name alone marks it.
  assert.equal(
    describeAdapter({ vendor: 'google', description: 'SwiftShader Device (Subzero)' }).software,
    true,
  );
  assert.equal(describeAdapter({}).adapter, 'unknown adapter');
});

void test('peft status labels where a trial ran, flagging software devices', () => {
  assert.equal(backendLabel(undefined), '');
  assert.equal(backendLabel({ backend: 'wasm' }), 'wasm');
  assert.equal(
    backendLabel({ backend: 'webgpu', device: { adapter: 'NVIDIA H200', software: false } }),
    'webgpu on NVIDIA H200',
  );
  assert.equal(
    backendLabel({
      backend: 'webgpu',
      device: { adapter: 'llvmpipe: Mesa 25.0.7', software: true },
    }),
    'webgpu on llvmpipe: Mesa 25.0.7 (software, no GPU)',
  );
});

void test("the catalog's backend values are exactly the runtime's backends (a file can force each one)", async () => {
  const { getParam } = await import('../../../core/catalog');
  const { BACKENDS } = await import('../../../runtime/tf/backend');
  const spec = getParam('run', undefined, 'backend');
  assert.ok(spec && spec.type === 'enum', 'run blocks have an enum backend');
  // Every tfjs backend, plus `torch`: the PyTorch worker (runtime/torch), which is not a tfjs backend.
  assert.deepEqual([...(spec.values ?? [])].sort(), [...BACKENDS, 'torch'].sort());
});
