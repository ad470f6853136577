/**
 * The state one analysis builds and every check reads: the tree, the evaluator, resolved blocks,
 * expanded runs. Checks (checks/*.ts) receive it and report through `ctx.ev`.
 */
import type { BlockDecl, LawDecl, PeftFile, PredictDecl, Span } from '../dsl/ast';
import { DiagnosticCodes, diagnostic, type Diagnostic } from '../dsl/diagnostics';
import type { Evaluator } from './evaluate';
import type { ResolvedBlock } from './blocks';
import type { LawSpec, PredictSpec, RunPlan } from '../types/plan';
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
  /** AnalyzeOptions.searchPoints: the suggested points to expand, per search run. */
  searchPoints?: Record<string, ReadonlyArray<Record<string, string | number>>>;
  /** AnalyzeOptions.resolveFile (hf config.json); undefined = no file access. */
  resolveFile?: (path: string) => string | undefined;
}

/**
 * `ctx.memo` for work that may report (evaluating a shared block): a hit replays what the first
 * computation reported, so a run's diagnostics never depend on another run having come first
 * (the run cache stores them per run).
 */
export function memoReported<T>(ctx: AnalysisContext, key: string, compute: () => T): T {
  const hit = ctx.memo.get(key) as { value: T; reports: Diagnostic[] } | undefined;
  if (hit) {
    for (const d of hit.reports) ctx.ev.report(d);
    return hit.value;
  }
  const mark = ctx.ev.attempts.length;
  const value = compute();
  ctx.memo.set(key, { value, reports: ctx.ev.attempts.slice(mark) });
  return value;
}

/** A check: one concern, reads the context, reports through ctx.ev. */
export type Check = (ctx: AnalysisContext) => void;

/**
 * Runs one check's work on one node (a block, a run). An exception becomes an internal-error
 * diagnostic on that node and the check goes on with the next node, so a bug in one check on one
 * block hides no other diagnostic (Langium's validation registry guards the same way).
 */
export function onNode(ctx: AnalysisContext, check: string, node: Span, work: () => void): void {
  try {
    work();
  } catch (err) {
    ctx.ev.report(internalError(check, err, node));
  }
}

/** The diagnostic for an exception inside the analysis: names the check and the error, asks for the file. */
export function internalError(check: string, err: unknown, node: Span): Diagnostic {
  const why = err instanceof Error ? err.message : String(err);
  return diagnostic(
    DiagnosticCodes.internalError,
    'error',
    `Internal error in the ${check} check: ${why}. The other checks still ran; please report this with the file.`,
    { start: node.start, end: node.end },
  );
}
