import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { decodeSafetensors, encodeSafetensors } from '../../../runtime/io/safetensors';
import { createTransformer } from '../../../runtime/model/transformer';
import { createMlp } from '../../../runtime/model/mlp';
import { exportPytorchWeights, loadWeights, saveWeights } from '../../../runtime/model/build';
import { MODELS } from '../../../core/catalog/models';
import { TINY } from './helpers';

void test('safetensors round-trips tensors, dtypes and metadata with an 8-byte aligned header', () => {
  const t = new Map([
    ['b', { dtype: 'F32' as const, shape: [2, 3], data: new Float32Array([1, 2, 3, 4, 5, -6.5]) }],
    ['a', { dtype: 'I32' as const, shape: [2], data: new Int32Array([7, -8]) }],
  ]);
  const bytes = encodeSafetensors(t, { format: 'pt' });
  const headerLen = Number(new DataView(bytes.buffer).getBigUint64(0, true));
  assert.equal((8 + headerLen) % 8, 0);
  const back = decodeSafetensors(bytes);
  assert.deepEqual(back.metadata, { format: 'pt' });
  assert.deepEqual([...back.tensors.get('b')!.data], [1, 2, 3, 4, 5, -6.5]);
  assert.deepEqual(back.tensors.get('b')!.shape, [2, 3]);
  assert.deepEqual([...back.tensors.get('a')!.data], [7, -8]);
  assert.throws(() => decodeSafetensors(new Uint8Array(4)), /too short/);
});

void test('model weights save/load exactly, and the PyTorch export transposes kernels', async () => {
  await tf.setBackend('cpu');
  const a = createTransformer(TINY, 1);
  const b = createTransformer(TINY, 2);
  loadWeights(b, saveWeights(a));
  for (const [name, v] of a.handle.variables)
    assert.deepEqual(b.handle.variables.get(name)!.dataSync(), v.dataSync(), name);
  const pt = decodeSafetensors(exportPytorchWeights(a));
  const q = a.handle.variables.get('layers.0.attn.q.kernel')!;
  const w = pt.tensors.get('layers.0.attn.q.weight')!;
  assert.deepEqual(w.shape, [q.shape[1], q.shape[0]]);
  assert.equal(w.data[1], q.dataSync()[TINY.width]); // w[0][1] = kernel[1][0]
  a.dispose();
  b.dispose();
});

void test('base parameter counts and site names equal the catalog formula and tree', async () => {
  await tf.setBackend('cpu');
  const cat = MODELS.find((m) => m.name === 'transformer')!;
  for (const p of [TINY, { ...TINY, width: 24, depth: 2, heads: 3, context: 8, mlpRatio: 2 }]) {
    const m = createTransformer(p, 0);
    const params = {
      vocab: 'bytes',
      width: p.width,
      depth: p.depth,
      heads: p.heads,
      context: p.context,
      mlp_ratio: p.mlpRatio,
    };
    const actual = [...m.handle.variables.values()].reduce((n, v) => n + v.size, 0);
    assert.equal(actual, cat.baseParams(params));
    assert.equal(m.paramCount, actual);
    assert.deepEqual(
      m.handle.sites.map((s) => [s.name, s.dIn, s.dOut, s.bias !== null]),
      cat.sites(params).map((s) => [s.name, s.dIn, s.dOut, s.bias]),
    );
    assert.ok(
      m.handle.variables.has('embed.tokens') &&
        m.handle.variables.has('norm_f.gain') &&
        !m.handle.variables.has('head.bias'),
    );
    m.dispose();
  }
  const mcat = MODELS.find((m) => m.name === 'mlp')!;
  const mlp = createMlp({ nIn: 10, hidden: [8, 6], classes: 3 }, 0);
  assert.equal(
    [...mlp.handle.variables.values()].reduce((n, v) => n + v.size, 0),
    mcat.baseParams({ n_in: 10, hidden: [8, 6], classes: 3 }),
  );
  assert.deepEqual(
    mlp.handle.sites.map((s) => s.name),
    ['layers.0', 'layers.1', 'head'],
  );
  mlp.dispose();
});
