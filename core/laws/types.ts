/**
 * Types of core/laws. Two audiences:
 * - law definitions (`LawModel`, `ParamSpec`): built-ins in builtins.ts and custom expressions;
 * - results (`LawFit` and what it holds): read by the CLI, the language server (hover, inlay
 *   hints, diagnostics) and the webviews (plots). Results are plain JSON: no classes, no typed
 *   arrays, so `fits.json` round-trips through `JSON.stringify`/`JSON.parse` unchanged.
 */

/** One free parameter of a law. Bounds and grid are in natural units. */
export interface ParamSpec {
  name: string;
  doc: string;
  /** Box bounds; ±Infinity for none. A `log` parameter needs `lower ≥ 0`. */
  lower: number;
  upper: number;
  /** Optimise log θ instead of θ (θ > 0; the Chinchilla parameterisation for coefficients). */
  log: boolean;
  /** Starting values of the start grid (natural units). */
  grid: number[];
  /** Data-dependent starting values (e.g. break locations at data quantiles); overrides `grid`. */
  gridFromData?: (columns: Float64Array[]) => number[];
}

/** A law bound to fixed data columns: evaluates all points at once. */
export interface BoundLaw {
  n: number;
  /** Writes f(x_i; θ) into `out` and, when `jac` is given, ∂f_i/∂θ_j into `jac[i·p + j]` (natural units). */
  eval(theta: ArrayLike<number>, out: Float64Array, jac: Float64Array | null): void;
}

/** A law form: a built-in or a compiled custom expression. */
export interface LawModel {
  /** "power", "chinchilla", …, or "custom". */
  form: string;
  /** The law's math in the expression language (display, docs, and the consistency tests). */
  expression: string;
  doc: string;
  /** Positional variable names as they appear in `expression` (a LawSpec binds `x` to them in order). */
  variables: string[];
  params: ParamSpec[];
  /** Whether each variable must be > 0 (power laws take logs of it). */
  positive: boolean[];
  /** Data-dependent fixed constants (e.g. nmt's normalising sizes), stored with the fit. */
  constants?: (columns: Float64Array[]) => Record<string, number>;
  bind(columns: Float64Array[], constants: Record<string, number>): BoundLaw;
}

/** One data point: the law's inputs in variable order, the response, an optional weight. */
export interface LawPoint {
  x: number[];
  y: number;
  weight?: number;
  /** Trial id (run-store data) or "csv:<line>" — shown in hovers and webviews. */
  source?: string;
}

export type FitSeverity = 'error' | 'warning' | 'info';

/** A problem with a fit. `code` is stable (tests and quick fixes switch on it). */
export interface FitDiagnostic {
  code: string;
  severity: FitSeverity;
  message: string;
  /** For errors in a custom law's math: 0-based offsets into `LawSpec.expression`. */
  range?: { start: number; end: number };
}

export interface FittedParam {
  name: string;
  value: number;
  /** Bootstrap percentile interval at `LawFit.level` (NaN when no bootstrap was possible). */
  lo: number;
  hi: number;
  /** Bootstrap standard deviation (NaN when none). */
  sd: number;
  /** The estimate sits on one of its bounds (the bound may be binding: read with care). */
  atBound: boolean;
  doc: string;
}

export interface HeldOut {
  /** How many of the largest-scale points were held out and predicted from the rest. */
  count: number;
  /** RMSE of log residuals on the held-out points. */
  rmseLog: number;
  /** Largest |ŷ/y − 1| on the held-out points. */
  maxRelError: number;
}

export interface FitQuality {
  /** 1 − SS_res/SS_tot on y (linear space). */
  r2: number;
  /** sqrt(mean (log ŷ − log y)²). */
  rmseLog: number;
  /** n·log(RSS_log/n) + 2k, for comparing laws on the same data. */
  aic: number;
  heldOut?: HeldOut;
}

export interface Convergence {
  method: 'huber-lbfgs' | 'lm';
  /** Objective at the optimum: Σ w·Huber_δ(log ŷ − log y), or ½Σ w·r² for LM. */
  objective: number;
  converged: boolean;
  /** Why the best start stopped ("gradient", "objective", "step", "max-iterations", "line-search"). */
  reason: string;
  iterations: number;
  /** Starts optimised (after screening the grid) and grid size. */
  starts: number;
  gridSize: number;
  /** Infinity norm of the projected gradient at the optimum (internal coordinates). */
  gradNorm: number;
}

export interface LawPrediction {
  /** The point, by the law's variable names (LawSpec.x). */
  point: Record<string, number>;
  value: number;
  lo: number;
  hi: number;
  level: number;
  /** Points the fit used. */
  n: number;
  /** Beyond 1.5× the fitted range of some variable. */
  extrapolating: boolean;
}

/** Compute-optimal allocation for a FLOP budget with C ≈ 6·N·D (chinchilla-form laws). */
export interface ComputeOptimal {
  flops: number;
  params: number;
  tokens: number;
  tokensPerParam: number;
  loss: number;
  /** Bootstrap percentile intervals [lo, hi] at the fit's level (fits with bootstrap draws only). */
  interval?: {
    params: [number, number];
    tokens: [number, number];
    tokensPerParam: [number, number];
    loss: [number, number];
  };
}

export interface CurveSample {
  x: number[];
  value: number;
  lo: number;
  hi: number;
}

export interface LawFit {
  /** The law's name in the file (`law rank_law = …`). */
  law: string;
  form: string;
  expression: string;
  /** Variable names (LawSpec.x) in the law's variable order, and the response name. */
  variables: string[];
  y: string;
  /** Group value when the law is fitted per `by` key (e.g. "lora"), and the key. */
  group?: string;
  by?: string;
  /** False when no fit could be made; `diagnostics` then says why. */
  ok: boolean;
  params: FittedParam[];
  constants: Record<string, number>;
  /** Confidence level of all intervals (default 0.9: 5th–95th percentiles). */
  level: number;
  quality?: FitQuality;
  convergence?: Convergence;
  /** The points the fit used (after dropping invalid ones). */
  points: LawPoint[];
  /** Bootstrap parameter draws (natural units, params order), for prediction intervals. */
  bootstrap: { seed: number; samples: number[][] };
  predictions: LawPrediction[];
  diagnostics: FitDiagnostic[];
  /** Chinchilla-form laws only: N*, D* for a few budgets around the data. */
  computeOptimal?: ComputeOptimal[];
  /** Optional dense samples of the fitted curve for plotting (univariate laws). */
  curve?: CurveSample[];
}

/** Content of `.peft/runs/<experiment>/fits.json`. */
export interface FitsFile {
  version: 1;
  experiment: string;
  /** ISO time the fits were made. */
  created: string;
  fits: LawFit[];
}

/** Options of one fit (LawSpec.options map onto these; see docs/laws.md). */
export interface FitOptions {
  /** "huber" (default; Chinchilla procedure, L-BFGS-B) or "lm" (least squares, Levenberg–Marquardt). */
  loss: 'huber' | 'lm';
  /** Huber threshold on log residuals (default 1e-3). */
  delta: number;
  /** LM residual space: "log" (default) or "linear". */
  residuals: 'log' | 'linear';
  /** Optimise from this many best grid points after screening the whole grid (default 16). */
  maxStarts: number;
  maxIterations: number;
  /** Bootstrap resamples (default 200; 0 disables intervals). */
  bootstrap: number;
  seed: number;
  level: number;
  /** Largest-scale points to hold out for the honest error (default max(1, ⌊n/5⌋); 0 disables). */
  holdout?: number;
  /** Per-parameter overrides. */
  bounds?: Record<string, [number, number]>;
  starts?: Record<string, number[]>;
}
