// The IDX reader and the Fashion-MNIST data on the committed slice (test/fixtures/corpora/
// fashion-tiny, written by scripts/make-fashion-fixture.ts): headers, bounds, damaged files, the
// holdout split, `limit`, batches, and an MLP + LoRA trial that learns far above chance.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { gzipSync } from 'node:zlib';
import { encodeIdx, parseIdx, readIdxFile } from '../../../runtime/data/idx';
import {
  imageBatches,
  imageEvalBatches,
  loadImages,
  splitImages,
} from '../../../runtime/data/vision';
import { fixtureDir } from '../../../runtime/data/corpora';
import { runTrial } from '../../../runtime/train/run-trial';
import { tinyTrial } from './helpers';

const tmp = (): string => fs.mkdtempSync(path.join(os.tmpdir(), 'peft-idx-'));
const FIXTURE = path.join(fixtureDir(), 'fashion-tiny');

void test('the fixture reads as 200 + 50 images of 28×28 with labels 0–9', () => {
  const img = readIdxFile(path.join(FIXTURE, 'train-images-idx3-ubyte.gz'));
  assert.deepEqual(img.dims, [200, 28, 28]);
  assert.equal(img.data.length, 200 * 784);
  const lbl = readIdxFile(path.join(FIXTURE, 't10k-labels-idx1-ubyte.gz'));
  assert.deepEqual(lbl.dims, [50]);
  // The first Fashion-MNIST training image is an ankle boot (9), the first test image too.
  const set = loadImages('tiny-fashion');
  assert.equal(set.ids.length, 250);
  assert.deepEqual([set.ids[0], set.ids[200], set.ids[249]], ['train/0', 'test/0', 'test/49']);
  assert.equal(set.labels[0], 9);
  assert.equal(set.labels[200], 9);
  assert.ok(set.labels.every((l) => l < 10));
  assert.equal(new Set(set.labels).size, 10, 'the slice holds every class');
});

void test('parseIdx round-trips encodeIdx and names every damage', () => {
  const data = Uint8Array.from({ length: 2 * 3 * 4 }, (_, i) => i);
  const good = encodeIdx([2, 3, 4], data);
  const back = parseIdx(good, 'x.idx');
  assert.deepEqual(back.dims, [2, 3, 4]);
  assert.deepEqual([...back.data], [...data]);
  const cases: [Uint8Array, RegExp][] = [
    [good.subarray(0, 3), /x\.idx: 3 bytes, too short for an IDX header/],
    [
      Uint8Array.from([0x1f, 0x8b, 8, 0, ...good.subarray(4)]),
      /not an IDX file \(magic starts 0x1f 0x8b/,
    ],
    [
      Uint8Array.from([0, 0, 0x0d, ...good.subarray(3)]),
      /IDX type 0x0d \(float32\) is not supported/,
    ],
    [
      Uint8Array.from([0, 0, 8, 9, ...good.subarray(4)]),
      /9 dimensions in the header; expected 1 to 4/,
    ],
    [good.subarray(0, 10), /declares 3 dimensions but the file ends at byte 10/],
    [good.subarray(0, good.length - 1), /need 24 data bytes, the file has 23 \(truncated\)/],
    [Uint8Array.from([...good, 7]), /the file has 25 \(trailing bytes\)/],
  ];
  for (const [bytes, re] of cases) assert.throws(() => parseIdx(bytes, 'x.idx'), re);
});

void test('a damaged or short .gz file is an error naming the file', () => {
  const dir = tmp();
  const gz = gzipSync(encodeIdx([100, 28, 28], new Uint8Array(100 * 784)));
  const cut = path.join(dir, 'cut-images-idx3-ubyte.gz');
  fs.writeFileSync(cut, gz.subarray(0, gz.length >> 1));
  assert.throws(
    () => readIdxFile(cut),
    (e: Error) => e.message.startsWith(`${cut}: damaged gzip data`),
  );
  const flipped = Buffer.from(gz);
  flipped[flipped.length - 6]! ^= 0xff; // the CRC32 trailer
  const bad = path.join(dir, 'crc-images-idx3-ubyte.gz');
  fs.writeFileSync(bad, flipped);
  assert.throws(() => readIdxFile(bad), /damaged gzip data/);
  const short = path.join(dir, 'short-images-idx3-ubyte.gz');
  fs.writeFileSync(short, gzipSync(encodeIdx([100, 28, 28], new Uint8Array(99 * 784)).subarray(0)));
  assert.throws(
    () => readIdxFile(short),
    /need 78400 data bytes, the file has 77616 \(truncated\)/,
  );
});

void test('a missing corpus folder names the Debian package; images and labels must agree', () => {
  const dir = tmp();
  const prev = process.env['PEFT_FASHION_MNIST'];
  process.env['PEFT_FASHION_MNIST'] = dir;
  try {
    assert.throws(() => loadImages('fashion-mnist'), /install Debian's dataset-fashion-mnist/);
    const put = (name: string, dims: number[]): void =>
      fs.writeFileSync(
        path.join(dir, name),
        gzipSync(encodeIdx(dims, new Uint8Array(dims.reduce((a, d) => a * d, 1)))),
      );
    put('train-images-idx3-ubyte.gz', [4, 28, 28]);
    put('train-labels-idx1-ubyte.gz', [3]);
    put('t10k-images-idx3-ubyte.gz', [2, 28, 28]);
    put('t10k-labels-idx1-ubyte.gz', [2]);
    assert.throws(
      () => loadImages('fashion-mnist'),
      /has 4 images but .*train-labels-idx1-ubyte\.gz has 3 labels/,
    );
  } finally {
    if (prev === undefined) delete process.env['PEFT_FASHION_MNIST'];
    else process.env['PEFT_FASHION_MNIST'] = prev;
  }
  assert.throws(() => loadImages('mnist-digits'), /unknown vision corpus "mnist-digits"/);
  assert.throws(() => loadImages('tiny-fashion', undefined, 5), /label 9, not below 5 classes/);
});

void test('the split depends only on the ids and the fraction; limit keeps the first images', () => {
  const set = loadImages('tiny-fashion');
  const a = splitImages(set, 0.2);
  assert.equal(a.train.length + a.holdout.length, 250);
  assert.ok(a.holdout.length > 25 && a.holdout.length < 80, `holdout ${a.holdout.length}`);
  assert.deepEqual(splitImages(loadImages('tiny-fashion'), 0.2), a);
  const few = loadImages('tiny-fashion', 30);
  assert.deepEqual(few.ids, set.ids.slice(0, 30));
  assert.equal(few.pixels.length, 30 * 784);
  // An id lands on the same side whatever the limit: the split is by id, not by position.
  const fewSplit = splitImages(few, 0.2);
  assert.deepEqual(
    fewSplit.holdout,
    a.holdout.filter((i) => i < 30),
  );
});

void test('batches scale pixels to [0, 1], carry the labels, and reject a wrong n_in', () => {
  const set = loadImages('tiny-fashion');
  const { train, holdout } = splitImages(set, 0.2);
  const b = imageBatches(set, train, 8, 784, 1)();
  assert.equal(b.x.length, 8 * 784);
  assert.ok(b.x.every((v) => v >= 0 && v <= 1) && b.x.some((v) => v > 0.9));
  const ev = imageEvalBatches(set, holdout, 16, 784, 100);
  assert.equal(
    ev.reduce((s, x) => s + x.batch, 0),
    holdout.length,
  );
  const first = holdout[0]!;
  assert.equal(ev[0]!.y[0], set.labels[first]);
  assert.equal(ev[0]!.x[300], Math.fround(set.pixels[first * 784 + 300]! / 255));
  assert.throws(() => imageBatches(set, train, 8, 1024, 1)(), /write n_in = 784/);
});

void test('an MLP with LoRA on the Fashion-MNIST slice learns far above chance (0.1)', async () => {
  const out = await runTrial(
    tinyTrial({
      model: { name: 'mlp', family: 'mlp', params: { n_in: 784, hidden: [64], classes: 10 } },
      data: { name: 'fashion', corpus: 'tiny-fashion', holdout: 0.2, params: {} },
      adapter: {
        name: 'lora',
        method: 'lora',
        params: { r: 8, lora_alpha: 16, target_modules: 'all-linear' },
      },
      optimizer: { name: 'adamw', params: { lr: 1e-2 } },
      batch: 32,
      steps: 80,
      evalEvery: 0,
    }),
    { cacheDir: tmp(), backend: 'wasm', onMetric: () => undefined },
  );
  assert.equal(out.status, 'done');
  assert.ok(out.final['eval_accuracy']! > 0.45, `accuracy ${out.final['eval_accuracy']}`);
  assert.ok(out.final['eval_loss']! < Math.log(10) * 0.75, `eval loss ${out.final['eval_loss']}`);
});
