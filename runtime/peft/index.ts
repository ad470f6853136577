/**
 * The PEFT method implementations by catalog name (lowercase PEFT style): a static map, the one
 * place the engine looks a method up (test/unit/peft/catalog-runnable.test.ts checks that every
 * catalog method marked runnable has one). `dora` is LoRA with use_dora, and `lora` with
 * use_dora / use_rslora / init_lora_weights presets behaves the same as the named presets.
 */
import type { MethodFactory } from './types';
import { fullFineTuning } from './full';
import { LORA_FACTORIES } from './lora';
import { loldu } from './loldu';
import { bone } from './bone';
import { hydra } from './hydra';
import { ia3, ssf } from './scale-shift';
import { adapterParallel, adapterSeries } from './adapters';
import { promptTuning } from './prompt';
import { sparse } from './sparse';
import { lokr } from './lokr';
import { increlora } from './increlora';

const FACTORIES: Readonly<Record<string, MethodFactory>> = {
  full: fullFineTuning,
  ...LORA_FACTORIES,
  loldu,
  bone,
  // MiSS runs its block-affine variant only (init_weights = "bat", which is Bone); the tfjs support
  // table refuses the other variants before a trial starts.
  miss: bone,
  hydra,
  ia3,
  ssf,
  adapter_series: adapterSeries,
  adapter_parallel: adapterParallel,
  prompt_tuning: promptTuning,
  sparse,
  lokr,
  increlora,
};

/** The factory for a catalog method name, or undefined when this runtime does not implement it. */
export function getMethodFactory(name: string): MethodFactory | undefined {
  return Object.prototype.hasOwnProperty.call(FACTORIES, name) ? FACTORIES[name] : undefined;
}

/** The factory for a catalog method name; throws naming it (and what is runnable) when none exists. */
export function resolveMethod(name: string): MethodFactory {
  const f = getMethodFactory(name);
  if (!f)
    throw new Error(
      `no implementation of method "${name}" is available in this runtime; runnable: ${Object.keys(FACTORIES).join(', ')}`,
    );
  return f;
}

/** Names of every implemented method. */
export const RUNNABLE_METHODS: readonly string[] = Object.keys(FACTORIES);

export type {
  AttachedMethod,
  BaseModelHandle,
  LinearSite,
  MethodContext,
  MethodFactory,
} from './types';
export type { IncreLoraMethod } from './increlora';
export { collectCalibrationInputs } from './calibration';
