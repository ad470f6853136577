import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { selectBackend } from '../../../runtime/tf/backend';

void test('the wasm Identity kernel shares data: a clone survives its source and the heap holds one copy', async () => {
  assert.equal(await selectBackend('wasm'), 'wasm');
  const x = tf.tensor2d([1, 2, 3, 4, 5, 6], [2, 3]);
  const before = tf.memory().numBytes;
  const y = tf.engine().runKernel<tf.Tensor2D>('Identity', { x }, {});
  const be = tf.backend() as unknown as { refCount(id: object): number };
  assert.equal(be.refCount(x.dataId), 2, 'one buffer, two references');
  x.dispose();
  assert.deepEqual(Array.from(y.dataSync()), [1, 2, 3, 4, 5, 6]);
  assert.ok(tf.memory().numBytes <= before + 24, 'no second buffer');
  y.dispose();
});

void test('the wasm GatherV2 fast path equals the cpu backend; other shapes still go to the stock kernel', async () => {
  const table = Array.from({ length: 7 * 5 }, (_, i) => Math.sin(i));
  const ids = [6, 0, 3, 3, 1];
  const run = async (be: string): Promise<number[]> => {
    assert.equal(await selectBackend(be), be);
    return tf.tidy(() =>
      Array.from(tf.gather(tf.tensor2d(table, [7, 5]), tf.tensor1d(ids, 'int32')).dataSync()),
    );
  };
  const [wasm, cpu] = [await run('wasm'), await run('cpu')];
  assert.deepEqual(wasm, cpu);
  assert.equal(await selectBackend('wasm'), 'wasm');
  // A 3-D table goes to the stock kernel, with the same values as slicing by hand.
  const t3 = tf.tensor3d(table.slice(0, 24), [4, 3, 2]);
  assert.deepEqual(
    Array.from(tf.gather(t3, tf.tensor1d([2], 'int32')).dataSync()),
    Array.from(Float32Array.from(table.slice(12, 18))),
  );
});
