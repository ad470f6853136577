/**
 * The experiment plan: what the analysis of a `.peft` file produces and every later stage consumes
 * (runtime, executors, laws, language server, webviews). Plain JSON, no classes, so it crosses
 * process boundaries (CLI ↔ worker ↔ SLURM task ↔ extension) unchanged.
 *
 * Stability: `Trial.id` is a hash of the trial's resolved `TrialConfig` (canonical JSON), so the
 * same configuration always gets the same id and re-running a file reuses finished trials.
 */

/** A value as written in the file after evaluation (numbers are plain doubles). */
export type PlanValue =
  number | string | boolean | null | PlanValue[] | { [key: string]: PlanValue };

/** A corpus or task, resolved. `corpus` is a catalog corpus name ("sotu", "moby-dick", …). */
export interface ResolvedData {
  name: string;
  corpus: string;
  /** Fraction (0..1) of the corpus held out for evaluation; the split is deterministic. */
  holdout: number;
  /** Optional cap on the bytes/examples read, for quick runs and tests. */
  limit?: number;
  /** Any further catalog parameters of the corpus, by catalog name. */
  params: Record<string, PlanValue>;
}

export interface ResolvedPretrain {
  data: ResolvedData;
  steps: number;
  lr: number;
  batch: number;
  seed: number;
  /** Optional optimizer/schedule for pretraining; defaults from the catalog when absent. */
  optimizer?: ResolvedOptimizer;
  schedule?: ResolvedSchedule;
}

/** A base model, resolved. `family` is a catalog model family ("transformer", "mlp", "hf"). */
export interface ResolvedModel {
  name: string;
  family: string;
  /** Catalog parameters by name (transformer: vocab, width, depth, heads, context, mlp_ratio …). */
  params: Record<string, PlanValue>;
  pretrain?: ResolvedPretrain;
}

/** A PEFT method applied to the base model. Parameter names are Hugging Face PEFT's. */
export interface ResolvedAdapter {
  name: string;
  /** Catalog method name: "full", "lora", "dora", "allora", "loldu", "bone", "hydra", … */
  method: string;
  params: Record<string, PlanValue>;
}

export interface ResolvedOptimizer {
  name: string; // "adamw" | "sgd" | "adagrad" …
  params: Record<string, PlanValue>; // lr, weight_decay, betas, momentum …
}

export interface ResolvedSchedule {
  name: string; // "constant" | "cosine" | "linear_warmup" | "wsd" …
  params: Record<string, PlanValue>; // warmup, decay (fractions of steps) …
}

/** Everything the runtime needs to train one trial. Hashing this gives the trial id. */
export interface TrialConfig {
  experiment: string;
  run: string;
  model: ResolvedModel;
  data: ResolvedData;
  adapter: ResolvedAdapter;
  optimizer: ResolvedOptimizer;
  schedule: ResolvedSchedule;
  batch: number;
  steps: number;
  seed: number;
  /** Evaluate on held-out data every this many steps (and always at the end). */
  evalEvery: number;
  /** The metric laws read by default ("eval_loss"). */
  metric: string;
  /** Global gradient-norm clip; 0 disables. */
  clip: number;
  /** Backend forced by the file, or undefined for "fastest present". */
  backend?: string;
}

/** Static estimates computed from the catalog, before anything runs. Bytes, FLOPs and counts. */
export interface TrialEstimates {
  totalParams: number;
  trainableParams: number;
  /** trainableParams / base params × 100. */
  trainablePercent: number;
  weightBytes: number;
  gradientBytes: number;
  optimizerBytes: number;
  activationBytes: number;
  /** weights + gradients + optimizer state + activations. */
  memoryBytes: number;
  /** Training FLOPs per step (forward + backward, the PEFT backward counted honestly). */
  flopsPerStep: number;
  /** Training FLOPs for the whole trial (pretraining of the base excluded). */
  trainFlops: number;
  /** Tokens (or examples) seen in training. */
  tokens: number;
}

/**
 * A run's early-stopping pruner (`early_stop = asha { … }`), resolved: the catalog pruner's name and
 * its parameters with defaults and the run's own values (min_steps = eval_every, max_steps = steps,
 * metric) filled in. Not part of the trial id: pruning decides how far a trial trains, not what it is.
 */
export interface EarlyStopSpec {
  /** Catalog pruner: "asha" | "hyperband" | "median" (core/catalog/pruners.ts). */
  pruner: string;
  params: Record<string, PlanValue>;
}

export interface Trial {
  /** Stable id: hex hash of the canonical JSON of `config`. */
  id: string;
  run: string;
  /** Position in the run's expansion order. */
  index: number;
  /** The values of the swept axes for this trial (axis name → value), for labels and laws. */
  axes: Record<string, PlanValue>;
  config: TrialConfig;
  estimates: TrialEstimates;
  /** The run's pruner, when it has one: the worker asks it at every eval report. */
  earlyStop?: EarlyStopSpec;
  /**
   * Checkpoints inside the trial (`checkpoint_every`, docs/checkpoints.md). Outside `config`: how
   * often a trial saves its state does not change its result, so it does not change its id.
   */
  checkpoint?: TrialCheckpointing;
  /**
   * WSD branching: this trial's learning rates equal `trial`'s for every step before `step`, so it
   * starts from that trial's checkpoint at `step` instead of step 0 (core/plan/branches.ts).
   */
  branchFrom?: BranchPoint;
}

export interface TrialCheckpointing {
  /** Save every this many steps (0: only at `at`). */
  every: number;
  /** How many of the latest periodic checkpoints to keep. */
  keep: number;
  /** Steps other trials branch from: saved and kept whatever `every` and `keep` say. */
  at?: number[];
}

export interface BranchPoint {
  /** The id of the trial whose checkpoint this one starts from. */
  trial: string;
  step: number;
}

export interface SlurmOptions {
  partition?: string;
  time?: string;
  cpus?: number;
  gpus?: number;
  /** GPU type: with `gpus`, requested as `--gres=gpu:<type>:<gpus>`. */
  gpu_type?: string;
  mem?: string;
  extra?: string[];
}

/** One axis of a search space (core/search's Axis; `integer`: suggestions are whole numbers). */
export type SearchAxis =
  | { name: string; kind: 'log' | 'linear'; low: number; high: number; integer?: boolean }
  | { name: string; kind: 'categorical'; choices: Array<string | number> };

/**
 * An adaptive search over a run's axes (`search = tpe { … }`, core/plan/search.ts). The executor
 * suggests the trials at run time; the plan holds the space and a static estimate instead.
 */
export interface SearchPlan {
  method: 'tpe' | 'random';
  /** Configurations to try. */
  trials: number;
  seed: number;
  /** Suggestions per round; undefined = the executor's worker count at the first run. */
  batch?: number;
  /** Random trials before TPE models the results (random: all of them). */
  startup: number;
  /** TPE's expected-improvement candidates per suggestion. */
  candidates: number;
  space: SearchAxis[];
  /** Every configuration runs once per seed (the run's `seeds`); its objective is their mean. */
  seeds: number;
  /**
   * Static cost per trial over a sample of the written grid (`points` trials expanded), not over
   * what the search will pick: total ≈ mean × trials × seeds, at most max × trials × seeds.
   */
  estimate: {
    points: number;
    meanTrainFlops: number;
    maxTrainFlops: number;
    maxMemoryBytes: number;
  };
}

export interface RunPlan {
  name: string;
  /** The expanded trials; empty for a search run (`search`), whose trials come at run time. */
  trials: Trial[];
  search?: SearchPlan;
  executor?: 'local' | 'slurm';
  slurm?: SlurmOptions;
}

/** Where a law's data points come from. */
export type LawSource = { kind: 'run'; run: string } | { kind: 'csv'; path: string };

export interface LawSpec {
  name: string;
  /** Built-in form name ("power", "chinchilla", …) or "custom" with `expression` set. */
  form: string;
  /** The math of a custom law, e.g. "E + A*N^-a + B*D^-b". */
  expression?: string;
  source: LawSource;
  /** The response, e.g. "eval_loss". */
  y: string;
  /** The law's input variables in order, each bound to a trial quantity (see `x`). */
  x: string[];
  /** Group trials by this axis/config key and fit one law per group. */
  by?: string;
  /** Extra options (loss: "lm" | "huber", holdout count, bootstrap count …). */
  options: Record<string, PlanValue>;
}

export interface PredictSpec {
  law: string;
  /** Each point binds every input variable of the law. */
  points: Array<Record<string, number>>;
}

export interface ExperimentPlan {
  version: 1;
  /** The experiment name: the file's base name without `.peft`. */
  experiment: string;
  runs: RunPlan[];
  laws: LawSpec[];
  predictions: PredictSpec[];
}
