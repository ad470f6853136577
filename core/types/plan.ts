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

export interface RunPlan {
  name: string;
  trials: Trial[];
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
