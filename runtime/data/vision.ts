/**
 * Image classification data for the MLP: Fashion-MNIST ("fashion-mnist": Debian's
 * dataset-fashion-mnist, 60,000 + 10,000 grey 28×28 images in 10 classes, IDX .gz) and its
 * committed 300-image slice ("tiny-fashion", test/fixtures/corpora/fashion-tiny). The pool is the
 * train file's images then the test file's (ids `train/i`, `test/i`); `limit` keeps the first
 * examples of the pool, and the holdout split hashes each id (FNV-1a, then murmur3's finaliser, so
 * that neighbouring ids scatter), so it depends only on the corpus and the fraction. Features: pixel / 255 as float32, 784 per image.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { ClsBatch } from '../model/types';
import { rng } from '../model/init';
import { fixtureDir } from './corpora';
import { readIdxFile } from './idx';

export const VISION_CORPORA = ['fashion-mnist', 'tiny-fashion'] as const;
/** Where Debian's dataset-fashion-mnist installs the files. */
export const FASHION_DIR = '/usr/share/datasets/fashion-mnist';
export const FASHION_PACKAGE = 'dataset-fashion-mnist';
const FILES = {
  train: ['train-images-idx3-ubyte.gz', 'train-labels-idx1-ubyte.gz'],
  test: ['t10k-images-idx3-ubyte.gz', 't10k-labels-idx1-ubyte.gz'],
} as const;

/** Images as bytes [n, rows·cols] with labels and ids; features are made per batch. */
export interface ImageSet {
  pixels: Uint8Array;
  labels: Uint8Array;
  ids: string[];
  features: number;
  classes: number;
}

export function isVisionCorpus(name: string): boolean {
  return (VISION_CORPORA as readonly string[]).includes(name);
}

/** The folder of a vision corpus: PEFT_FASHION_MNIST, the Debian path, or the fixture. */
function corpusDir(name: string): string {
  if (name === 'tiny-fashion') return path.join(fixtureDir(), 'fashion-tiny');
  const dir = process.env['PEFT_FASHION_MNIST'] || FASHION_DIR;
  const probe = path.join(dir, FILES.train[0]);
  if (!fs.existsSync(probe))
    throw new Error(
      `corpus "fashion-mnist": ${probe} not found; install Debian's ${FASHION_PACKAGE} (apt-get install ${FASHION_PACKAGE}, or bash scripts/ci/system-deps.sh) or set PEFT_FASHION_MNIST to a folder holding the four IDX .gz files`,
    );
  return dir;
}

/** One split's images and labels, checked against each other. */
function readPart(
  dir: string,
  part: 'train' | 'test',
): { images: Uint8Array; labels: Uint8Array; n: number; features: number } {
  const [imgFile, lblFile] = FILES[part].map((f) => path.join(dir, f)) as [string, string];
  const img = readIdxFile(imgFile);
  const lbl = readIdxFile(lblFile);
  if (img.dims.length !== 3)
    throw new Error(
      `${imgFile}: expected dimensions [n, rows, cols], got [${img.dims.join(', ')}]`,
    );
  if (lbl.dims.length !== 1)
    throw new Error(`${lblFile}: expected dimensions [n], got [${lbl.dims.join(', ')}]`);
  if (img.dims[0] !== lbl.dims[0])
    throw new Error(
      `${imgFile} has ${img.dims[0]} images but ${lblFile} has ${lbl.dims[0]} labels`,
    );
  return {
    images: img.data,
    labels: lbl.data,
    n: img.dims[0]!,
    features: img.dims[1]! * img.dims[2]!,
  };
}

const cache = new Map<string, ImageSet>();

/** The pool of a vision corpus (first `limit` examples); throws naming the corpus, file or package. */
export function loadImages(name: string, limit?: number, classes = 10): ImageSet {
  if (!isVisionCorpus(name))
    throw new Error(
      `unknown vision corpus "${name}"; expected one of ${VISION_CORPORA.join(', ')}`,
    );
  let all = cache.get(name);
  if (!all) {
    const dir = corpusDir(name);
    const train = readPart(dir, 'train');
    const test = readPart(dir, 'test');
    if (train.features !== test.features)
      throw new Error(
        `${dir}: train images have ${train.features} pixels, test images ${test.features}`,
      );
    const pixels = new Uint8Array((train.n + test.n) * train.features);
    pixels.set(train.images, 0);
    pixels.set(test.images, train.images.length);
    const labels = new Uint8Array(train.n + test.n);
    labels.set(train.labels, 0);
    labels.set(test.labels, train.n);
    const ids = [
      ...Array.from({ length: train.n }, (_, i) => `train/${i}`),
      ...Array.from({ length: test.n }, (_, i) => `test/${i}`),
    ];
    all = { pixels, labels, ids, features: train.features, classes };
    cache.set(name, all);
  }
  const bad = all.labels.findIndex((l) => l >= classes);
  if (bad >= 0)
    throw new Error(
      `corpus "${name}": example ${all.ids[bad]} has label ${all.labels[bad]}, not below ${classes} classes`,
    );
  const n = limit !== undefined && limit > 0 ? Math.min(limit, all.ids.length) : all.ids.length;
  return {
    pixels: all.pixels.subarray(0, n * all.features),
    labels: all.labels.subarray(0, n),
    ids: all.ids.slice(0, n),
    features: all.features,
    classes,
  };
}

/**
 * An image id as a fraction in [0, 1): FNV-1a over its characters, then murmur3's fmix32. FNV-1a
 * alone puts `train/0` … `train/9` within 10/256 of each other, so a 20 % holdout would take whole
 * runs of neighbours; the finaliser spreads them.
 */
export function imageHash(id: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) h = Math.imul(h ^ id.charCodeAt(i), 16777619);
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return (h >>> 0) / 4294967296;
}

/** Example indices of the train and holdout parts (holdout in [0, 1); both non-empty when it can). */
export function splitImages(
  set: ImageSet,
  holdout: number,
): { train: number[]; holdout: number[] } {
  const train: number[] = [];
  const hold: number[] = [];
  set.ids.forEach((id, i) => (imageHash(id) < holdout ? hold : train).push(i));
  if (holdout > 0 && hold.length === 0 && train.length > 1) hold.push(train.pop()!);
  return { train, holdout: hold };
}

function toBatch(set: ImageSet, idx: readonly number[], nIn: number): ClsBatch {
  if (nIn !== set.features)
    throw new Error(
      `images have ${set.features} pixels; the model's n_in is ${nIn} (write n_in = ${set.features})`,
    );
  const x = new Float32Array(idx.length * nIn);
  idx.forEach((e, r) => {
    for (let j = 0; j < nIn; j++) x[r * nIn + j] = set.pixels[e * nIn + j]! / 255;
  });
  return { kind: 'cls', x, y: Int32Array.from(idx, (e) => set.labels[e]!), batch: idx.length, nIn };
}

/** Random training batches (with replacement, seeded), drawn like the text classifier's. */
export function imageBatches(
  set: ImageSet,
  train: readonly number[],
  batch: number,
  nIn: number,
  seed: number,
): () => ClsBatch {
  if (train.length === 0) throw new Error('no training images');
  const r = rng(seed);
  return () =>
    toBatch(
      set,
      Array.from({ length: batch }, () => train[Math.floor(r() * train.length)]!),
      nIn,
    );
}

/** The holdout in fixed batches (at most `maxBatches`). */
export function imageEvalBatches(
  set: ImageSet,
  hold: readonly number[],
  batch: number,
  nIn: number,
  maxBatches: number,
): ClsBatch[] {
  const out: ClsBatch[] = [];
  for (let i = 0; i < hold.length && out.length < maxBatches; i += batch)
    out.push(toBatch(set, hold.slice(i, i + batch), nIn));
  return out;
}
