/**
 * The state one analysis builds and every check reads: the tree, the evaluator, resolved blocks,
 * expanded runs. Checks (checks/*.ts) receive it and report through `ctx.ev`.
 */
import type { BlockDecl, LawDecl, PeftFile, PredictDecl, Span } from '../dsl/ast';
import type { Evaluator } from './evaluate';
import type { ResolvedBlock } from './blocks';
import type { LawSpec, PredictSpec, RunPlan } from './types';
import type { Value } from './values';

/** One trial's resolved values before they become a TrialConfig, for checks that need the source. */
export interface TrialSource {
  adapter?: ResolvedBlock;
  model?: ResolvedBlock;
  /** Adapter params (canonical names) and, per param, where the value was written. */
  adapterParams: Map<string, Value>;
  adapterSites: Map<string, Span>;
}

export interface RunResult {
  decl: BlockDecl;
  plan: RunPlan;
  sources: TrialSource[];
}

export interface AnalysisContext {
  text: string;
  experiment: string;
  ast: PeftFile;
  ev: Evaluator;
  /** All top-level declarations by name (first wins). */
  declared: Map<string, BlockDecl | LawDecl>;
  blocks: Map<string, ResolvedBlock>;
  runs: RunResult[];
  laws: Array<{ decl: LawDecl; spec?: LawSpec }>;
  predicts: Array<{ decl: PredictDecl; spec?: PredictSpec }>;
  /** Names referenced anywhere (for unused-declaration). */
  referenced: Set<string>;
  maxTrials: number;
  /** Per-analysis memo (estimates, rule verdicts) keyed by canonical JSON: seeds and repeated configs cost once. */
  memo: Map<string, unknown>;
  /** Canonical JSON of objects shared between trials (never mutated once built). */
  jsonCache: WeakMap<object, string>;
  /** AnalyzeOptions.resolveFile (hf config.json); undefined = no file access. */
  resolveFile?: (path: string) => string | undefined;
}

/** A check: one concern, reads the context, reports through ctx.ev. */
export type Check = (ctx: AnalysisContext) => void;
