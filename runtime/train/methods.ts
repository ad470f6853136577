/**
 * Where runTrial finds a method factory. The PEFT methods live in runtime/peft (another
 * module); they are registered here through `registerMethods` (runtime/peft/index.ts's
 * `getMethodFactory` is wired in by run-trial). `full` (full fine-tuning) is built in, because
 * pretraining uses it too.
 */
import type * as tf from '@tensorflow/tfjs-core';
import type { AttachedMethod, MethodFactory } from '../peft/types';

/** Full fine-tuning: every base variable trains; state is every weight. */
export const fullFineTuning: MethodFactory = (model) => {
  const trainable = [...model.variables.values()];
  return {
    trainable,
    state: () => new Map<string, tf.Tensor>([...model.variables].map(([n, v]) => [n, v as tf.Tensor])),
    trainableCount: () => trainable.reduce((a, v) => a + v.size, 0),
    dispose: () => undefined,
  } satisfies AttachedMethod;
};

export type MethodLookup = (name: string) => MethodFactory | undefined;

const lookups: MethodLookup[] = [];

/** Adds a source of method factories (consulted in order, after the built-in `full`). */
export function registerMethods(lookup: MethodLookup): void {
  lookups.push(lookup);
}

/** The factory for a catalog method name; throws naming it when nothing provides it. */
export function resolveMethod(name: string): MethodFactory {
  if (name === 'full') return fullFineTuning;
  for (const l of lookups) {
    const f = l(name);
    if (f) return f;
  }
  throw new Error(`no implementation of method "${name}" is available in this runtime`);
}
