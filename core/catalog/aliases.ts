/**
 * Other tools' spellings of PEFT fields (USERS-AND-ANCHORS.md §5). The aliases live on the
 * ParamSpecs (`aliases`); this table is the single source they are attached from.
 */
import type { AliasTool, ParamSpec, ResolvedAlias } from './types';

/** alias → PEFT name and the tool that uses the alias. */
export const PARAM_ALIASES: Readonly<Record<string, ResolvedAlias>> = {
  lora_r: { canonical: 'r', tool: 'axolotl' },
  lora_rank: { canonical: 'r', tool: 'llama-factory' },
  rank: { canonical: 'r', tool: 'common' },
  alpha: { canonical: 'lora_alpha', tool: 'common' },
  dropout: { canonical: 'lora_dropout', tool: 'common' },
  lora_target_modules: { canonical: 'target_modules', tool: 'axolotl' },
  lora_target: { canonical: 'target_modules', tool: 'llama-factory' },
  lora_attn_modules: { canonical: 'target_modules', tool: 'torchtune' },
  lora_modules_to_save: { canonical: 'modules_to_save', tool: 'axolotl' },
  additional_target: { canonical: 'modules_to_save', tool: 'llama-factory' },
  peft_use_dora: { canonical: 'use_dora', tool: 'axolotl' },
  peft_use_rslora: { canonical: 'use_rslora', tool: 'axolotl' },
  peft_init_lora_weights: { canonical: 'init_lora_weights', tool: 'axolotl' },
  peft_layers_to_transform: { canonical: 'layers_to_transform', tool: 'axolotl' },
  peft_layers_pattern: { canonical: 'layers_pattern', tool: 'axolotl' },
  lora_rank_pattern: { canonical: 'rank_pattern', tool: 'axolotl' },
  lora_alpha_pattern: { canonical: 'alpha_pattern', tool: 'axolotl' },
  lora_target_parameters: { canonical: 'target_parameters', tool: 'axolotl' },
  peft_layer_replication: { canonical: 'layer_replication', tool: 'axolotl' },
};

/** The aliases of one canonical name, for attaching to its ParamSpec. */
export function aliasesOf(canonical: string): { name: string; tool: AliasTool }[] {
  return Object.entries(PARAM_ALIASES)
    .filter(([, v]) => v.canonical === canonical)
    .map(([name, v]) => ({ name, tool: v.tool }));
}

/**
 * Resolves `name` as an alias. With `scope`, only aliases whose canonical name is a parameter in
 * scope count (so `rank` is not resolved in a block without `r`). Undefined when not an alias.
 */
export function resolveAliasIn(
  name: string,
  scope?: readonly ParamSpec[],
): ResolvedAlias | undefined {
  if (scope?.some((p) => p.name === name)) return undefined;
  const hit = PARAM_ALIASES[name];
  if (!hit) return undefined;
  if (scope && !scope.some((p) => p.name === hit.canonical)) return undefined;
  return hit;
}
