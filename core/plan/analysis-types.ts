/**
 * What `analyze(text, options)` returns: the contract between core/plan and the language server
 * (diagnostics, outline, go-to-definition, references, rename, hover, inlay hints).
 */
import type { Check } from './context';
import type { RunCache } from './run-cache';
import type { Declaration, PeftFile, Span } from '../dsl/ast';
import type { Diagnostic } from '../dsl/diagnostics';
import type { ExperimentPlan } from '../types/plan';

export type SymbolKind = 'data' | 'model' | 'adapter' | 'run' | 'law' | 'predict';

/** A named top-level block. */
export interface SymbolInfo {
  kind: SymbolKind;
  name: string;
  /** The name identifier's range (rename / go-to-definition target). */
  nameRange: Span;
  /** The whole declaration's range (outline, folding, hover). */
  range: Span;
  decl: Declaration;
}

/** One use of a name: the range of the identifier that refers to a block. */
export interface ReferenceInfo {
  range: Span;
  /** Name of the target symbol (a key of `symbols.byName`), or undefined when unresolved. */
  target?: string;
  /** For dotted references (`lora.r`, `ranks.eval_loss`), the field after the block name. */
  field?: string;
}

export interface SymbolTable {
  /** Named blocks in source order (predicts have no name and are listed under `predict`). */
  declarations: SymbolInfo[];
  /** First declaration of each name. */
  byName: Record<string, SymbolInfo>;
  /** Every reference to a named block, in source order. */
  references: ReferenceInfo[];
}

export interface AnalyzeOptions {
  /** Experiment name; default "experiment". Usually the file's base name without `.peft`. */
  experiment?: string;
  /** Expanding more trials than this (per file) is an error diagnostic; default 10_000. */
  maxTrials?: number;
  /**
   * Reads a file the `.peft` file names (e.g. `model m = hf { config = "llama/config.json" }`), path
   * as written; the caller resolves it against the document's folder. Undefined = unreadable.
   * Without it, hf models get a diagnostic and no estimates (core is pure: no file access).
   */
  resolveFile?: (path: string) => string | undefined;
  /**
   * For search runs (`search = tpe { … }`): run name → the suggested points (axis name → value) to
   * expand as that run's trials, in order. Without it a search run lists no trials.
   */
  searchPoints?: Record<string, ReadonlyArray<Record<string, string | number>>>;
  /**
   * Reuse expanded runs from earlier analyses (run-cache.ts): an editor passes one cache per
   * session, so a keystroke re-expands only the runs whose text (or what they reference) changed.
   * The result equals a from-scratch analysis.
   */
  cache?: RunCache;
  /** The checks to run after the plan is built; default core/plan/checks' CHECKS (tests add one). */
  checks?: readonly Check[];
}

export interface AnalysisResult {
  ast: PeftFile;
  /** Parse errors followed by analysis diagnostics, sorted by range start. */
  diagnostics: Diagnostic[];
  /** The expanded plan; runs with errors have no trials. */
  plan: ExperimentPlan;
  symbols: SymbolTable;
}
