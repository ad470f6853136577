/** The LoRA the benchmark uses: runtime/peft's (the product's), the minimal one only as a fallback. */
import type { MethodFactory } from '../../runtime/peft/types';
import { getMethodFactory } from '../../runtime/peft/index';
import { minimalLora } from './runtime-lora-min';

export function resolveLora(): MethodFactory {
  return getMethodFactory('lora') ?? minimalLora;
}
