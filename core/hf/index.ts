/**
 * Real models, statically: Hugging Face config.json → module tree (transformers' names), exact
 * parameter counts, PEFT's target matching rule for rule, per-entry reports, static estimates.
 */
export type { HfArch, HfHead, HfModelType, HfModule, HfModuleClass } from './types';
export { parseHfConfig, HF_MODEL_TYPES } from './config';
export { buildModuleTree, totalParams, isLinear, layersPatternOf } from './tree';
export {
  matchPeft,
  nameOrSuffix,
  type MatchResult,
  type NamedModule,
  type TargetSpec,
} from './match';
export {
  targetReport,
  adaptableNames,
  type TargetReport,
  type EntryReport,
  type PatternKeyReport,
  type ModuleScale,
} from './report';
export { headOf, hfModel, hfShape, hfContext, HF_DEFAULT_TARGETS, type HfModel } from './family';
export {
  estimateHfTrial,
  layerActivationBytes,
  PRECISION_BYTES,
  type HfEstimate,
} from './estimate';
export { adapterFileBytes, safetensorsBytes } from './safetensors-size';
export { sweepCost, type SweepCost } from './sweep';
export { hfTargetHints, type HfTargetHints } from './hints';
export { HF_FAMILY } from './family-impl';
