/**
 * The catalog's data model: every name a `.peft` file can use (model families, PEFT methods,
 * optimizers, schedules, corpora, block parameters, law forms) with its parameters' types,
 * ranges, defaults, docs and papers, plus each method's parameter/FLOP formulas and cross-field
 * rules. Pure data and pure functions; no I/O.
 */
import type { ResolveFile } from '../types/files';
import type { PlanValue, TrialConfig, TrialEstimates } from '../types/plan';
import type { EngineSupport } from './engines';

/**
 * A parameter's value type.
 * - int/float: numbers (int must be integral); `fraction` is a float in [0, 1] written as `5%` or 0.05
 * - size: a positive count written with a suffix (`1.5k`, `3M`), an int after evaluation
 * - string/enum: strings (enum: one of `values`, or matching `pattern`); bare identifiers are accepted for enums
 * - list: a list whose elements have type `of`
 * - ref: a reference to a named block of kind `refKind`
 * - map: `{ key = value … }` (rank_pattern, alpha_pattern)
 */
export type ParamType =
  'int' | 'float' | 'fraction' | 'size' | 'bool' | 'string' | 'enum' | 'list' | 'ref' | 'map';

/** Which tools spell a parameter differently (USERS-AND-ANCHORS.md §5). */
export type AliasTool = 'axolotl' | 'llama-factory' | 'torchtune' | 'peft-lab' | 'common';

export interface ParamAlias {
  name: string;
  tool: AliasTool;
}

export interface PaperRef {
  title: string;
  /** arXiv id, e.g. "2106.09685". */
  arxiv?: string;
  year?: number;
}

export type RefKind = 'data' | 'model' | 'adapter' | 'run' | 'law';

export interface ParamSpec {
  name: string;
  /** One type, or the accepted alternatives (e.g. init_lora_weights: bool or enum). */
  type: ParamType | readonly ParamType[];
  /** Element type of a list (or value type of a map). */
  of?: ParamType;
  unit?: string;
  min?: number;
  max?: number;
  /** min is exclusive (value must be > min). */
  exclusiveMin?: boolean;
  /** max is exclusive (value must be < max). */
  exclusiveMax?: boolean;
  /** Allowed strings for `enum` (and special strings for `list|enum` params like target_modules). */
  values?: readonly string[];
  /** Extra allowed enum strings by regex (full match), e.g. `pissa_niter_\d+`. */
  pattern?: string;
  /** For `ref`: the kind of block referenced. */
  refKind?: RefKind;
  /** Default value; absent = no default (optional and unset, or required). */
  default?: PlanValue;
  /** One line for hover/completion. */
  doc: string;
  paper?: PaperRef;
  aliases?: readonly ParamAlias[];
  required?: boolean;
  /** Documented but not used by the runtime (exported to PEFT / checked only). */
  exportOnly?: boolean;
}

/** A params object after evaluation (PEFT names). */
export type Params = Readonly<Record<string, PlanValue | undefined>>;

/** One adaptable linear layer of a base model. Kernel [dIn, dOut]. */
export interface Site {
  name: string;
  /** Block index; -1 for the output head (and for sites outside blocks). */
  layer: number;
  dIn: number;
  dOut: number;
  bias: boolean;
  /** The output embedding of a Hugging Face model (lm_head): `all-linear` skips it (the tiny families use the name `head`). */
  output?: boolean;
}

/**
 * A model family the catalog describes (parameters, docs, engines) but does not implement: `hf`,
 * whose module tree, PEFT matching on transformers names and estimates live in core/hf. The catalog
 * imports nothing above it, so the layer above both passes the implementation in through ModelEnv
 * (core/plan/families.ts).
 */
export interface FamilyImpl {
  /** The model's shape; its `matchTargets` carries the family's own matching rules. Throws naming the value. */
  shape(p: Params, resolveFile?: ResolveFile): ModelShape;
  /** The estimates the plan stores per trial on this family. Throws naming the value. */
  estimate(config: TrialConfig, resolveFile?: ResolveFile): TrialEstimates;
}

/** Platform seams and implementations a model family may need (core is pure): the hf family reads its config.json through `resolveFile`. */
export interface ModelEnv {
  resolveFile?: ResolveFile;
  /** The families implemented above the catalog, by name (core/plan/families.ts passes core/hf's `hf`). */
  families?: Readonly<Record<string, FamilyImpl>>;
}

/** What PEFT's target matching selects on a model (core/catalog/matching.ts, or the family's own rules). */
export interface TargetMatch {
  /** Matched sites in forward order. */
  sites: Site[];
  /** For a list `target_modules`: each entry and how many sites it matched (before exclusions/layers). */
  entries: { entry: string; count: number }[];
  /** Sites removed by `exclude_modules`. */
  excluded: Site[];
  /** Distinct block indices among matched sites (head not counted). */
  layers: number[];
  /** A problem with the patterns themselves (invalid regex), naming the value. */
  error?: string;
}

/** What a method's model-level formula sees of the base model. */
export interface ModelShape {
  family: string;
  /** Residual width (transformer d; mlp: first hidden width). */
  width: number;
  /** Number of blocks (transformer L; mlp: number of hidden layers). */
  depth: number;
  /** Context length for token models (1 for mlp). */
  context: number;
  sites: readonly Site[];
  baseParams: number;
  /** Normalisation parameters (gains + biases) in the base model, for BitFit/DiffFit counts. */
  normParams: number;
  /** Vocabulary / classes of the output head. */
  outputs: number;
  /**
   * The family's own PEFT matching over `sites` (hf: transformers names and PEFT's per-architecture
   * defaults, core/hf); absent: the catalog's rules (core/catalog/matching.ts `matchModel`).
   */
  matchTargets?: (p: Params) => TargetMatch;
}

export type Severity = 'error' | 'warning' | 'info';

/** A cross-field rule broken by a params object. */
export interface RuleViolation {
  /** Stable rule id, e.g. "allora-no-dropout". */
  rule: string;
  severity: Severity;
  /** Says what to do, names actual values. */
  message: string;
  /** The parameter(s) at fault, in order of blame: the first is where the diagnostic goes and what a fix removes. */
  params: string[];
  /** Suggested fix: remove the first param, or set it to `value`. */
  fix?: { kind: 'remove' } | { kind: 'set'; value: PlanValue };
}

/** A cross-field rule as data (listed in hover/docs) plus its check. */
export interface RuleSpec {
  id: string;
  severity: Severity;
  /** Human description for docs. */
  description: string;
  /** Where the rule comes from: "PEFT __post_init__", "PEFT-METHODS §1.26", … */
  source: string;
  /** Returns violations for `params` (effective: defaults filled in, `set` lists explicitly written keys). */
  check(params: Params, set: ReadonlySet<string>, model?: ModelShape): RuleViolation[];
}

export type MethodFamily =
  | 'full'
  | 'lora'
  | 'lora-like'
  | 'adapter'
  | 'insertion'
  | 'prompt'
  | 'sparse'
  | 'dynamic-rank'
  | 'other';

export interface EntryBase {
  name: string;
  title: string;
  doc: string;
  paper?: PaperRef;
  params: readonly ParamSpec[];
  /** Other accepted names for the entry (e.g. "dora" is not one: it is its own method entry). */
  aliases?: readonly string[];
}

/** A method as its module writes it; the registry adds what each engine runs (support/*.ts). */
export interface MethodDef extends EntryBase {
  kind: 'method';
  family: MethodFamily;
  /** Unverified spec (TriAdaptLoRA). */
  experimental?: boolean;
  /** Applies per matched linear site via target_modules. */
  usesTargets: boolean;
  /** Trainable params for one matched site (d_in → d_out); absent for non-site methods. */
  siteParams?(site: Site, p: Params): number;
  /**
   * Trainable params not given per site (prompt tuning n_v·d, series-adapter insertions, full FT,
   * sparse k = density·Σ numel over `matched`). Added to the sum of siteParams.
   */
  modelParams?(model: ModelShape, p: Params, matched: readonly Site[]): number;
  /** Extra forward FLOPs per token not given per site (prompt tokens, series adapters). */
  modelFlops?(model: ModelShape, p: Params, matched: readonly Site[]): number;
  /**
   * This method is another one with some params fixed (dora = lora + use_dora; pissa = lora +
   * init_lora_weights "pissa"). The analysis may normalise to `base` for the runtime and export.
   */
  preset?: { base: string; params: Record<string, PlanValue> };
  /**
   * Where the lowest trainable parameter sits, for the honest backward (§4.4) and activation memory:
   * 'embedding' (full FT, prompt tuning: backward through every layer), 'matched' (lowest matched
   * site's block; the default), 'layers' (every block in layers_to_transform, or all).
   */
  reach?: 'embedding' | 'matched' | 'layers';
  /** Base matmul weights that get a dW pass: 'none' (default), 'matched' (sparse FT), 'all' (full FT). */
  baseGradients?: 'none' | 'matched' | 'all';
  /** Trainable count cannot be known statically (data-driven or undefined by the paper). */
  countIsEstimate?: boolean;
  /** Trainable params for one site at step 0 when they change during training (IncreLoRA); else siteParams. */
  siteParamsInitial?(site: Site, p: Params): number;
  /** Extra forward FLOPs per token for one matched site (§4.4 f_adapter). */
  siteFlops?(site: Site, p: Params): number;
  /** Extra per-step FLOPs per site, independent of tokens (DoRA norm, Bone materialisation). */
  siteStepFlops?(site: Site, p: Params): number;
  /** Cross-field rules (§1.26, USERS-AND-ANCHORS §3.5). */
  rules: readonly RuleSpec[];
  /** Whether the update can be merged into W (inference-latency hint). */
  mergeable: boolean;
  /** PEFT's `peft_type` when PEFT itself implements the method (export/import of adapter_config.json); presets use their base's. */
  peftType?: string;
  /**
   * The update is scaled by lora_alpha / r (PEFT's LoRA scaling), so a large r with the default
   * lora_alpha = 8 silently shrinks it (USERS-AND-ANCHORS §3.4); `use_rslora` turns it into α/√r.
   */
  alphaScaled?: boolean;
  /** PEFT saves exactly `lora_A` [r, d_in] and `lora_B` [d_out, r] per site (no DoRA, no lora_bias): the adapter file size is exact. */
  loraTensors?: boolean;
}

export interface MethodEntry extends MethodDef {
  /** Per engine: whether it runs, and which option values do not (core/catalog/engines.ts). */
  engines: EngineSupport;
}

/** A model family as its module writes it; the registry adds what each engine runs. */
export interface ModelFamilyDef extends EntryBase {
  kind: 'model';
  /** Adaptable linear sites, in forward order. Throws on invalid params (message names values). */
  sites(p: Params, env?: ModelEnv): Site[];
  /** Exact base parameter count (equals the engine's variable count). */
  baseParams(p: Params, env?: ModelEnv): number;
  shape(p: Params, env?: ModelEnv): ModelShape;
}

export interface ModelFamilyEntry extends ModelFamilyDef {
  engines: EngineSupport;
}

export interface OptimizerEntry extends EntryBase {
  kind: 'optimizer';
  /** fp32 state slots per trainable param (adamw 2, sgd+momentum 1, adagrad 1). */
  stateSlots(p: Params): number;
}

export interface ScheduleEntry extends EntryBase {
  kind: 'schedule';
}

export interface CorpusEntry extends EntryBase {
  kind: 'corpus';
  task: 'lm' | 'classification' | 'vision';
  /** Approximate size in bytes (lm) or examples (classification/vision). */
  size: number;
  sizeUnit: 'bytes' | 'examples';
  /** Classes for classification/vision. */
  classes?: number;
  /** Input features per example (vision: 784). */
  features?: number;
  source: string;
  /** Test fixture, not for users. */
  fixture?: boolean;
}

/** An early-stopping pruner (`early_stop = asha { … }` in a run; core/catalog/pruners.ts). */
export interface PrunerEntry extends EntryBase {
  kind: 'pruner';
}

/** Parameters of a block kind (`data`, `run`, `pretrain`, `law`, `predict`), not tied to an entry. */
export interface BlockEntry extends EntryBase {
  kind: 'block';
}

export interface LawEntry extends EntryBase {
  kind: 'law';
  /** The law's math, e.g. "E + A*x^-alpha". */
  expression?: string;
  /** Input variable names in order. */
  inputs?: readonly string[];
}

/** An adaptive search method of a run (`search = tpe { trials = 40 }`), core/catalog/search.ts. */
export interface SearchEntry extends EntryBase {
  kind: 'search';
}

export type CatalogEntry =
  | SearchEntry
  | MethodEntry
  | ModelFamilyEntry
  | OptimizerEntry
  | ScheduleEntry
  | CorpusEntry
  | BlockEntry
  | LawEntry
  | PrunerEntry;
export type EntryKind = CatalogEntry['kind'];

/** Where a parameter can be written: the block kind plus the entry it configures. */
export type BlockKind =
  | 'data'
  | 'model'
  | 'pretrain'
  | 'adapter'
  | 'run'
  | 'optimizer'
  | 'schedule'
  | 'law'
  | 'predict'
  | 'slurm'
  | 'search'
  | 'early_stop';

/** An alias resolved to the PEFT name. */
export interface ResolvedAlias {
  canonical: string;
  tool: AliasTool;
}
