/**
 * The webview's view model: plain JSON the pages draw. The host (VS Code extension or
 * `peft report`) maps the run store's types (core/plan Trial, core/protocol MetricRecord and
 * TrialStatus, the laws' fit results) into these with `webview/adapters.ts`, so the pages never
 * depend on how the store or the fitter lay out their files.
 */
import type { TrialState } from '../core/protocol';

/** Which page a panel shows. `report` is the standalone file: all the pages behind tabs. */
export type ViewName = 'curves' | 'laws' | 'table' | 'axes' | 'report';
export const VIEW_NAMES: readonly ViewName[] = ['curves', 'laws', 'table', 'axes', 'report'];

/** The loss-curve x axis: a column of the train records. */
export type XAxisKey = 'step' | 'tokens' | 'flops' | 'wall';
export const X_AXIS_KEYS: readonly XAxisKey[] = ['step', 'tokens', 'flops', 'wall'];

/** A scalar as shown in tooltips and table cells. */
export type Scalar = string | number | boolean | null;

/** One trial, summarised for labels, tooltips and the sweep table. */
export interface TrialView {
  id: string;
  /** The run (sweep) it belongs to: the default grouping. */
  run: string;
  /** Position in the run's expansion order. */
  index: number;
  /** Short human label, e.g. "lora rank=8 lr=0.0001". */
  label: string;
  /** Swept axis values (axis name → value). */
  axes: Record<string, Scalar>;
  /** A flat summary of the resolved config for tooltips (method, model, batch, steps, …). */
  config: Record<string, Scalar>;
  state: TrialState;
  /** For pruned (and diverged) trials: the step it stopped at. */
  stoppedAt?: number;
  /** Final metrics of done trials (eval_loss, train_loss, accuracy …). */
  final?: Record<string, number>;
  trainableParams?: number;
  trainFlops?: number;
  tokens?: number;
  wallSeconds?: number;
  backend?: string;
  error?: string;
}

/** Train records of one trial in columns (all arrays have the same length, steps increase). */
export interface TrainColumns {
  step: number[];
  loss: number[];
  tokens: number[];
  flops: number[];
  wall: number[];
}

/** Eval records of one trial in columns; `value` is the experiment's metric (eval_loss). */
export interface EvalColumns {
  step: number[];
  tokens: number[];
  flops: number[];
  wall: number[];
  value: number[];
}

/** New points of one trial: appended after the points already held (older steps are dropped). */
export interface SeriesDelta {
  id: string;
  train: TrainColumns;
  eval?: EvalColumns;
}

export interface FitParam {
  name: string;
  value: number;
  /** Interval bounds at the fit's `intervalLevel` (bootstrap), when computed. */
  lo?: number;
  hi?: number;
}

/** A trial's point in a law's plot: `x` on the plot axis, `y` observed, `fitted` the law's value. */
export interface FitPoint {
  trial?: string;
  x: number;
  y: number;
  fitted?: number;
  /** Held out from the fit (used to measure prediction error). */
  heldOut: boolean;
}

/** The law sampled along the plot axis, with its interval band. Sorted by x. */
export interface CurvePoint {
  x: number;
  y: number;
  lo?: number;
  hi?: number;
}

/** A `predict` point of the file: where the law extrapolates to. */
export interface PredictionView {
  x: number;
  inputs: Record<string, number>;
  y: number;
  lo?: number;
  hi?: number;
}

/** One point of the compute-optimal frontier (chinchilla-style laws). */
export interface FrontierPoint {
  compute: number;
  nOpt: number;
  dOpt: number;
  loss: number;
}

/** One fitted law for one group of trials. */
export interface FitView {
  law: string;
  form: string;
  /** The `by` value this fit covers; absent when the law is not grouped. */
  group?: string;
  /** Response name (eval_loss). */
  y: string;
  /** The law's inputs; `xPlot` is the one on the plot's x axis. */
  x: string[];
  xPlot: string;
  /** Coverage of the intervals (0.9 = 90%). */
  intervalLevel: number;
  params: FitParam[];
  points: FitPoint[];
  curve: CurvePoint[];
  predictions: PredictionView[];
  /** Error on held-out trials, e.g. { metric: 'MAPE', value: 0.031 }. */
  heldOutError?: { metric: string; value: number };
  frontier?: FrontierPoint[];
  warnings?: string[];
}

/** Everything a page needs at start: the `init` message's payload and the report's embedded data. */
export interface Snapshot {
  experiment: string;
  /** The metric laws read and the table ranks by (eval_loss). */
  metric: string;
  trials: TrialView[];
  series: SeriesDelta[];
  fits: FitView[];
  /** ISO time the snapshot was taken (shown in reports). */
  generated?: string;
}
