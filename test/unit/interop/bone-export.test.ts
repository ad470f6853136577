import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fromAdapterConfig, toAdapterConfig } from '../../../core/interop/peft-config';
import { getMethod } from '../../../core/catalog';

// PEFT 0.21.2 has no BoneConfig: MissConfig(init_weights="bat") builds Bone's block-affine variant
// (miss_block [d_out/r, r, r]); its default init_weights = True would build the other variant.
void test('peft export of a Bone adapter is MiSS with init_weights = "bat"', () => {
  const cfg = toAdapterConfig({
    name: 'b',
    method: 'bone',
    params: { r: 4, target_modules: ['q', 'v'] },
  });
  assert.equal(cfg['peft_type'], 'MISS');
  assert.equal(cfg['init_weights'], 'bat');
  assert.equal(cfg['r'], 4);
  assert.deepEqual(cfg['target_modules'], ['q', 'v']);
});

void test('the exported config reads back as a method that runs the same variant on tfjs', () => {
  const cfg = toAdapterConfig({ name: 'b', method: 'bone', params: { r: 4 } });
  const back = fromAdapterConfig(cfg);
  assert.equal(back.method, 'miss');
  assert.equal(back.params['init_weights'], 'bat');
  const support = getMethod('miss')!.engines.tfjs;
  assert.ok(
    support.runs &&
      !support.unsupported?.some((u) => u.param === 'init_weights' && u.values?.includes('bat')),
  );
});

void test('MiSS variants tfjs does not run (the default, mini) are declared not-runnable, with bat as the fix', () => {
  const support = getMethod('miss')!.engines.tfjs;
  const u = support.runs ? support.unsupported?.find((x) => x.param === 'init_weights') : undefined;
  assert.deepEqual(u?.values, [true, false, 'mini']);
  assert.equal(u?.instead, 'bat');
});
