/**
 * Mulberry32: a small, fast, seedable 32-bit PRNG, identical on every platform and backend.
 * Takes the generator's 32-bit start state and returns uniforms in [0, 1). The one copy used by
 * sweep sampling, bootstrap resampling, weight init and adapter init.
 */
export function mulberry32(state: number): () => number {
  let a = state >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
