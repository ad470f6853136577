/**
 * THE definition of the built-in laws (core/catalog re-exports this table; no second copy).
 * Each entry documents its parameters, variables, bounds and start grid; formulas and sources
 * are in SCALING-LAWS.md (§2.1 power, §2.3 chinchilla, §2.6 lr_annealing, §2.7 nmt,
 * §2.10 broken_power, §2.11 exponential, §2.15 batch_lr).
 */
import { brokenPowerLaw, exponentialLaw, lrAnnealingLaw } from './builtins-curves';
import { batchLrLaw, chinchillaLaw, nmtLaw, powerLaw } from './builtins-power';
import type { LawModel } from './types';

export { annealingAreas } from './builtins-curves';
export { scaleLearningRate } from './builtins-power';

export const BUILTIN_LAWS: Readonly<Record<string, LawModel>> = {
  power: powerLaw,
  chinchilla: chinchillaLaw,
  nmt: nmtLaw,
  lr_annealing: lrAnnealingLaw,
  broken_power: brokenPowerLaw,
  exponential: exponentialLaw,
  batch_lr: batchLrLaw,
};

/** The built-in law named `form`, or undefined. */
export function builtinLaw(form: string): LawModel | undefined {
  return Object.prototype.hasOwnProperty.call(BUILTIN_LAWS, form) ? BUILTIN_LAWS[form] : undefined;
}
