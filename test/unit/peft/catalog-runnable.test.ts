/**
 * The catalog and the engine agree: every method the catalog marks runnable has an implementation
 * in runtime/peft's static map, the map holds nothing the catalog does not name, and the LoRA
 * presets take their fixed fields from the catalog entry (one source of truth).
 */
import assert from 'node:assert/strict';
import test from 'node:test';
import { getMethod, methods } from '../../../core/catalog';
import { getMethodFactory, resolveMethod, RUNNABLE_METHODS } from '../../../runtime/peft';

void test('every catalog method the tfjs engine runs has an implementation, and only those', () => {
  const runnable = methods()
    .filter((m) => m.engines.tfjs.runs)
    .map((m) => m.name)
    .sort();
  assert.ok(runnable.length >= 10, `the catalog marks ${runnable.length} methods runnable`);
  for (const name of runnable)
    assert.equal(
      typeof getMethodFactory(name),
      'function',
      `${name} is runnable in the catalog but has no implementation`,
    );
  for (const name of RUNNABLE_METHODS) {
    const entry = getMethod(name);
    assert.ok(entry, `runtime/peft implements "${name}", which is not a catalog method`);
    assert.equal(
      entry.engines.tfjs.runs,
      true,
      `runtime/peft implements "${name}" but the catalog says it is not runnable`,
    );
  }
});

void test('resolveMethod throws naming the method; prototype names are not methods', () => {
  assert.throws(() => resolveMethod('no_such_method'), /"no_such_method".*runnable: full, lora/);
  assert.equal(getMethodFactory('toString'), undefined);
  assert.equal(getMethodFactory('constructor'), undefined);
});

void test('the catalog fields that replaced parallel lists say what they did', () => {
  const m = (name: string) => getMethod(name)!;
  assert.equal(m('lora').peftType, 'LORA');
  assert.equal(m('dora').peftType, undefined, 'a preset exports as its base');
  assert.equal(m('dora').preset?.base, 'lora');
  for (const name of ['lora', 'dora', 'pissa', 'olora', 'eva', 'lora_ga', 'loraplus', 'rslora'])
    assert.equal(m(name).alphaScaled, true, name);
  assert.equal(
    m('rslora').preset?.params['use_rslora'],
    true,
    'rsLoRA is exempt from the α/r advice through its preset',
  );
  for (const name of ['lora', 'pissa', 'olora', 'eva', 'lora_ga', 'loraplus', 'allora', 'rslora'])
    assert.equal(m(name).loraTensors, true, name);
  assert.equal(m('lokr').loraTensors, undefined);
});
