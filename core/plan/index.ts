/**
 * Public API of the analysis: text → diagnostics + ExperimentPlan + symbols.
 */
export { analyze, DEFAULT_MAX_TRIALS } from './analyze';
export type {
  AnalysisResult,
  AnalyzeOptions,
  ReferenceInfo,
  SymbolInfo,
  SymbolKind,
  SymbolTable,
} from './analysis-types';
export { canonicalJson, hashString, stableId } from './hash';
export { CHECKS, runChecks } from './checks';
export { RunCache } from './run-cache';
export type { AnalysisContext, Check, RunResult, TrialSource } from './context';
export { walkExpr, declExprs } from './symbols';
export { trialRefusals, type Refusal } from './runnable';
export { assignBranches, branchSavedFlops } from './branches';
