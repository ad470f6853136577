/** Byte LM batches: random windows for training (seeded), fixed evenly spaced windows for eval. */
import type { LmBatch } from '../model/types';
import { rng } from '../model/init';

/** An infinite stream of training batches [batch, time] drawn with `seed`. */
export function lmBatches(
  bytes: Uint8Array,
  batch: number,
  time: number,
  seed: number,
): () => LmBatch {
  if (bytes.length < time + 2)
    throw new Error(`corpus has ${bytes.length} bytes, fewer than context ${time} + 2`);
  const r = rng(seed);
  const span = bytes.length - time - 1;
  return () => {
    const x = new Int32Array(batch * time);
    const y = new Int32Array(batch * time);
    for (let b = 0; b < batch; b++) {
      const s = Math.floor(r() * span);
      for (let t = 0; t < time; t++) {
        x[b * time + t] = bytes[s + t]!;
        y[b * time + t] = bytes[s + t + 1]!;
      }
    }
    return { kind: 'lm', x, y, batch, time };
  };
}

/** Up to `maxBatches` eval batches of evenly spaced windows covering the holdout bytes. */
export function lmEvalBatches(
  bytes: Uint8Array,
  batch: number,
  time: number,
  maxBatches: number,
): LmBatch[] {
  if (bytes.length < time + 2)
    throw new Error(`holdout has ${bytes.length} bytes, fewer than context ${time} + 2`);
  const windows = Math.min(maxBatches * batch, Math.floor((bytes.length - 1) / time));
  const stride = (bytes.length - time - 1) / Math.max(1, windows - 1);
  const out: LmBatch[] = [];
  for (let w0 = 0; w0 < windows; w0 += batch) {
    const nb = Math.min(batch, windows - w0);
    const x = new Int32Array(nb * time);
    const y = new Int32Array(nb * time);
    for (let b = 0; b < nb; b++) {
      const s = Math.floor((w0 + b) * stride);
      for (let t = 0; t < time; t++) {
        x[b * time + t] = bytes[s + t]!;
        y[b * time + t] = bytes[s + t + 1]!;
      }
    }
    out.push({ kind: 'lm', x, y, batch: nb, time });
  }
  return out;
}
