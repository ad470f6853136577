/**
 * Importers' output: a `.peft` file with an hf model block, the adapter, a placeholder data block
 * and one run, so `peft check` shows matches and estimates at once.
 */
import type { PlanValue } from '../types/plan';
import { peftEntries } from './peft-text';
import { fromAdapterConfig } from './peft-config';
import { fromFrameworkYaml } from './frameworks';
import { parseYaml } from './yaml';

export interface ImportResult {
  text: string;
  /** Things not carried over, one line each (unknown fields, map keys that are not identifiers). */
  warnings: string[];
}

export interface ImportOptions {
  /** Path of the model's config.json to write; default `<base_model>/config.json`. */
  config?: string;
  /** Source name for the header comment. */
  source?: string;
}

function render(
  method: string,
  params: Record<string, PlanValue>,
  baseModel: string | undefined,
  dropped: string[],
  opts: ImportOptions,
): ImportResult {
  const skipped: string[] = [];
  const body = peftEntries(params, skipped);
  const warnings = [
    ...dropped.map((d) => `not imported (no .peft parameter): ${d}`),
    ...skipped.map(
      (k) =>
        `pattern key ${JSON.stringify(k)} is not an identifier and cannot be written in .peft; add it by hand`,
    ),
  ];
  const config = opts.config ?? (baseModel ? `${baseModel}/config.json` : 'config.json');
  const text = `# Imported from ${opts.source ?? 'a PEFT config'} by peft import.\n${warnings.map((w) => `# ${w}\n`).join('')}
model base = hf { config = ${JSON.stringify(config)} }

adapter ${method} = ${method} {
${body}}

data task = corpus "sotu"   # placeholder: point this at your data

run finetune {
  model = base  data = task  adapter = ${method}
}
`;
  return { text, warnings };
}

/** adapter_config.json text → `.peft`. Throws on invalid JSON or an unsupported peft_type (naming it). */
export function importAdapterConfig(json: string, opts: ImportOptions = {}): ImportResult {
  let cfg: Record<string, PlanValue>;
  try {
    cfg = JSON.parse(json) as Record<string, PlanValue>;
  } catch (e) {
    throw new Error(`adapter_config.json is not valid JSON: ${(e as Error).message}`, { cause: e });
  }
  const a = fromAdapterConfig(cfg);
  return render(a.method, a.params, a.baseModel, a.dropped, {
    source: 'adapter_config.json',
    ...opts,
  });
}

/** axolotl or LLaMA-Factory YAML text → `.peft` (LoRA). Throws on YAML outside the supported subset. */
export function importFrameworkYaml(yaml: string, opts: ImportOptions = {}): ImportResult {
  const f = fromFrameworkYaml(parseYaml(yaml));
  return render('lora', f.params, f.baseModel, f.dropped, {
    source: 'axolotl/LLaMA-Factory YAML',
    ...opts,
  });
}
