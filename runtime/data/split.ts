/**
 * Deterministic train/holdout split of a byte corpus: the corpus is cut into fixed chunks and
 * each chunk goes to holdout when a hash of its index falls under the holdout fraction, so the
 * split depends only on (corpus, holdout) — never on the seed — and spreads across the text.
 */
export const CHUNK = 2048;

function chunkHash(i: number): number {
  let h = Math.imul(i + 1, 0x9e3779b1);
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  return (h >>> 0) / 4294967296;
}

export interface Split {
  train: Uint8Array;
  holdout: Uint8Array;
}

/** Splits `bytes`; holdout in [0, 1). With a non-zero fraction both parts get ≥ 1 chunk. */
export function splitCorpus(bytes: Uint8Array, holdout: number): Split {
  if (!(holdout >= 0 && holdout < 1)) throw new Error(`holdout must be in [0, 1), got ${holdout}`);
  const n = Math.ceil(bytes.length / CHUNK);
  const isHold = Array.from({ length: n }, (_, i) => chunkHash(i) < holdout);
  if (holdout > 0 && n >= 2) {
    if (!isHold.some(Boolean)) isHold[n - 1] = true;
    if (isHold.every(Boolean)) isHold[0] = false;
  }
  const parts: [Uint8Array[], Uint8Array[]] = [[], []];
  for (let i = 0; i < n; i++)
    parts[isHold[i] ? 1 : 0].push(
      bytes.subarray(i * CHUNK, Math.min(bytes.length, (i + 1) * CHUNK)),
    );
  const cat = (xs: Uint8Array[]): Uint8Array => {
    const out = new Uint8Array(xs.reduce((a, x) => a + x.length, 0));
    let o = 0;
    for (const x of xs) {
      out.set(x, o);
      o += x.length;
    }
    return out;
  };
  return { train: cat(parts[0]), holdout: cat(parts[1]) };
}
