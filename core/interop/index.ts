/** Interop (pure): `.peft` ↔ PEFT adapter_config.json, axolotl and LLaMA-Factory YAML. */
export {
  toAdapterConfig,
  fromAdapterConfig,
  baseModelOf,
  PEFT_TYPES,
  type ExportOptions,
  type ImportedAdapter,
} from './peft-config';
export { toAxolotl, toLlamaFactory, fromFrameworkYaml } from './frameworks';
export {
  importAdapterConfig,
  importFrameworkYaml,
  type ImportOptions,
  type ImportResult,
} from './import-peft';
export { emitYaml, parseYaml, yamlScalar, type YamlValue } from './yaml';
export { peftValue, peftEntries } from './peft-text';
