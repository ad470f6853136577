/**
 * The catalog's public API: ONE registry of model families, PEFT methods, optimizers, schedules,
 * corpora, block parameters and law forms. Everything here is pure and synchronous; lookups return
 * undefined for unknown names (callers turn that into a diagnostic with a did-you-mean).
 */
import type {
  BlockEntry,
  BlockKind,
  CatalogEntry,
  CorpusEntry,
  LawEntry,
  MethodEntry,
  ModelFamilyEntry,
  ModelShape,
  OptimizerEntry,
  ParamSpec,
  Params,
  PrunerEntry,
  ResolvedAlias,
  RuleViolation,
  ScheduleEntry,
  SearchEntry,
} from './types';
import {
  BLOCKS,
  CORPORA,
  LAWS,
  METHODS,
  MODELS,
  OPTIMIZERS,
  PRUNERS,
  SCHEDULES,
  SEARCHERS,
} from './registry';
export { checkpointSupport, corpusSupport } from './registry';
import { resolveAliasIn } from './aliases';
import { withSpecDefaults } from './values';

export * from './types';
export * from './engines';
export { matchModel, matchTargets } from './matching';
export { trainableParams, estimateTrial, ZERO_ESTIMATES, type EstimateOptions } from './estimates';
export { catalogKeywords, type CatalogKeywords } from './keywords';
// Did-you-mean: one implementation for the parser, the analysis and the hf checks.
export { closestName } from '../dsl/suggest';
export { BUILTIN_LAWS, builtinLaw } from './laws';
export { DEFAULT_TARGETS, patternKey, siteParamsOf } from './matching';
export { factorization } from './methods/kron';
export { PARAM_ALIASES } from './aliases';

const byName = <T extends { name: string; aliases?: readonly string[] }>(
  list: readonly T[],
): Map<string, T> => {
  const m = new Map<string, T>();
  for (const e of list) {
    m.set(e.name, e);
    for (const a of e.aliases ?? []) m.set(a, e);
  }
  return m;
};

const METHOD_MAP = byName(METHODS);
const MODEL_MAP = byName(MODELS);
const OPT_MAP = byName(OPTIMIZERS);
const SCHED_MAP = byName(SCHEDULES);
const CORPUS_MAP = byName(CORPORA);
const LAW_MAP = byName(LAWS);
const BLOCK_MAP = byName(BLOCKS);
const SEARCH_MAP = byName(SEARCHERS);
const PRUNER_MAP = byName(PRUNERS);

export const methods = (): readonly MethodEntry[] => METHODS;
export const modelFamilies = (): readonly ModelFamilyEntry[] => MODELS;
export const optimizers = (): readonly OptimizerEntry[] => OPTIMIZERS;
export const schedules = (): readonly ScheduleEntry[] => SCHEDULES;
export const corpora = (): readonly CorpusEntry[] => CORPORA;
export const lawForms = (): readonly LawEntry[] => LAWS;
/** Adaptive search methods of a run (`search = tpe { … }`). */
export const searchers = (): readonly SearchEntry[] => SEARCHERS;
export const getSearcher = (name: string): SearchEntry | undefined => SEARCH_MAP.get(name);
export const pruners = (): readonly PrunerEntry[] => PRUNERS;

/** The method named `name` (lowercase PEFT-style, e.g. "lora", "dora", "allora"), or undefined. */
export const getMethod = (name: string): MethodEntry | undefined => METHOD_MAP.get(name);
export const getModelFamily = (name: string): ModelFamilyEntry | undefined => MODEL_MAP.get(name);
export const getOptimizer = (name: string): OptimizerEntry | undefined => OPT_MAP.get(name);
export const getSchedule = (name: string): ScheduleEntry | undefined => SCHED_MAP.get(name);
export const getCorpus = (name: string): CorpusEntry | undefined => CORPUS_MAP.get(name);
export const getLawForm = (name: string): LawEntry | undefined => LAW_MAP.get(name);
/** The early-stopping pruner named `name` (asha, hyperband, median), or undefined. */
export const getPruner = (name: string): PrunerEntry | undefined => PRUNER_MAP.get(name);
/** Parameters of a block kind that has no entry name: "data", "pretrain", "run", "law", "predict". */
export const getBlock = (kind: BlockKind): BlockEntry | undefined => BLOCK_MAP.get(kind);

/** Every entry of every kind (for docs and the grammar). */
export function allEntries(): CatalogEntry[] {
  return [
    ...MODELS,
    ...METHODS,
    ...OPTIMIZERS,
    ...SCHEDULES,
    ...CORPORA,
    ...LAWS,
    ...BLOCKS,
    ...SEARCHERS,
    ...PRUNERS,
  ];
}

/**
 * The parameters valid in a block: `paramsFor('adapter', 'lora')`, `paramsFor('model', 'transformer')`,
 * `paramsFor('optimizer', 'adamw')`, `paramsFor('run')`, `paramsFor('data', 'sotu')` (data block
 * params plus the corpus's own). Returns [] when the entry is unknown.
 */
export function paramsFor(block: BlockKind, entry?: string): readonly ParamSpec[] {
  switch (block) {
    case 'adapter':
      return entry === undefined ? [] : (getMethod(entry)?.params ?? []);
    case 'model':
      return entry === undefined ? [] : (getModelFamily(entry)?.params ?? []);
    case 'optimizer':
      return entry === undefined ? [] : (getOptimizer(entry)?.params ?? []);
    case 'schedule':
      return entry === undefined ? [] : (getSchedule(entry)?.params ?? []);
    case 'search':
      return entry === undefined ? [] : (getSearcher(entry)?.params ?? []);
    case 'early_stop':
      return entry === undefined ? [] : (getPruner(entry)?.params ?? []);
    case 'law':
      return [
        ...(getBlock('law')?.params ?? []),
        ...(entry === undefined ? [] : (getLawForm(entry)?.params ?? [])),
      ];
    case 'data': {
      const own = entry === undefined ? [] : (getCorpus(entry)?.params ?? []);
      return [...(getBlock('data')?.params ?? []), ...own];
    }
    default:
      return getBlock(block)?.params ?? [];
  }
}

/** One parameter's spec, or undefined. Aliases are NOT resolved here (see resolveAlias). */
export function getParam(
  block: BlockKind,
  entry: string | undefined,
  name: string,
): ParamSpec | undefined {
  return paramsFor(block, entry).find((p) => p.name === name);
}

/**
 * Maps another tool's spelling to the PEFT name: `resolveAlias('lora_r')` → `{canonical: 'r', tool: 'axolotl'}`.
 * With `block`/`entry`, only aliases of parameters valid there are considered. Undefined when `name`
 * is not an alias (canonical names are not aliases of themselves).
 */
export function resolveAlias(
  name: string,
  block?: BlockKind,
  entry?: string,
): ResolvedAlias | undefined {
  const scope = block === undefined ? undefined : paramsFor(block, entry);
  return resolveAliasIn(name, scope);
}

/** The params object with catalog defaults filled in for unset keys (unknown keys kept as written). */
export function withDefaults(
  block: BlockKind,
  entry: string | undefined,
  params: Params,
): Record<string, Params[string]> {
  return withSpecDefaults(paramsFor(block, entry), params);
}

/**
 * Checks a method's cross-field rules (§1.26, PEFT's __post_init__ rules). `params` are the values as
 * written; defaults are filled in before checking; `model` enables shape rules (r ≤ min(d_in, d_out),
 * Bone divisibility …). Returns [] for an unknown method.
 */
export function checkMethodRules(
  method: string,
  params: Params,
  model?: ModelShape,
): RuleViolation[] {
  const m = getMethod(method);
  if (!m) return [];
  const set = new Set(Object.keys(params).filter((k) => params[k] !== undefined));
  const eff = withDefaults('adapter', m.name, params);
  return m.rules.flatMap((r) => r.check(eff, set, model));
}
