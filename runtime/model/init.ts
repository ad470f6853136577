/** Deterministic, backend-independent initialisation: values are drawn in JS from a seeded PRNG. */
import * as tf from '@tensorflow/tfjs-core';
import { mulberry32 } from '../../core/random';

/** mulberry32: tiny, fast, good enough for weight init and data shuffles. Returns [0, 1). */
export function rng(seed: number): () => number {
  return mulberry32(seed >>> 0 || 0x9e3779b9);
}

/** Normal(0, std) values via Box–Muller. */
export function normalValues(n: number, std: number, seed: number): Float32Array {
  const r = rng(seed);
  const out = new Float32Array(n);
  for (let i = 0; i < n; i += 2) {
    const u = Math.max(r(), 1e-12);
    const v = r();
    const m = std * Math.sqrt(-2 * Math.log(u));
    out[i] = m * Math.cos(2 * Math.PI * v);
    if (i + 1 < n) out[i + 1] = m * Math.sin(2 * Math.PI * v);
  }
  return out;
}

/** Creates named variables; `normal` draws from a per-variable seed so order changes nothing else. */
export class VariableFactory {
  readonly variables = new Map<string, tf.Variable>();
  constructor(private readonly seed: number) {}

  private hash(name: string): number {
    let h = this.seed ^ 0x811c9dc5;
    for (let i = 0; i < name.length; i++) h = Math.imul(h ^ name.charCodeAt(i), 16777619);
    return h >>> 0;
  }

  normal(name: string, shape: number[], std: number): tf.Variable {
    const size = shape.reduce((a, b) => a * b, 1);
    return this.add(name, tf.tensor(normalValues(size, std, this.hash(name)), shape));
  }

  fill(name: string, shape: number[], value: number): tf.Variable {
    return this.add(name, tf.fill(shape, value));
  }

  private add(name: string, t: tf.Tensor): tf.Variable {
    // Unique tfjs names per model instance: two models of the same shape may coexist.
    const v = tf.variable(t, true, `${name}#${nextId++}`);
    t.dispose();
    this.variables.set(name, v);
    return v;
  }
}
let nextId = 0;
