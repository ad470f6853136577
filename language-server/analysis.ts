/**
 * The analysed document every feature takes: text, line map and the core analysis of one
 * (uri, version). Features are pure functions of this value (plus the run store's fits).
 */
import { createLineMap, type LineMap } from '../core/dsl/positions';
import type { AnalysisResult, AnalyzeOptions } from '../core/plan/analysis-types';
import { analyze, RunCache } from '../core/plan';
import { DiagnosticCodes, diagnostic } from '../core/dsl/diagnostics';

export type Analyzer = (text: string, options: AnalyzeOptions) => AnalysisResult;

export interface AnalyzedDocument {
  uri: string;
  version: number;
  text: string;
  lines: LineMap;
  /** The experiment name: the file's base name without `.peft`. */
  experiment: string;
  analysis: AnalysisResult;
  /** Reads files the document names (an hf config.json), as analyze() did; undefined = no file access. */
  resolveFile?: (path: string) => string | undefined;
}

/**
 * The platform seam for files a document names: for a document URI, a reader of paths as written
 * (text, or undefined when unreadable), or undefined when that document has no file access at all
 * (an untitled buffer, a browser), so hf models say "no file access" instead of "unreadable".
 */
export type ReadFile = (uri: string) => ((path: string) => string | undefined) | undefined;

/** The core analysis from scratch (core/plan's `analyze`): tests and one-off analyses. */
export const defaultAnalyzer: Analyzer = analyze;

/**
 * The analysis an editor session uses: core's analyze with one run cache (bounded, least recently
 * used first out) shared by every version of every document, so a keystroke re-expands only the
 * runs it touched. Results equal `defaultAnalyzer`'s (test/unit/plan/incremental.test.ts).
 */
export function incrementalAnalyzer(cache = new RunCache()): Analyzer {
  return (text, options) => analyze(text, { ...options, cache });
}

/** `file:///a/b/ranks.peft` → `ranks`; any other URI → its last path segment without extension. */
export function experimentOf(uri: string): string {
  const last = decodeURIComponent(uri.split(/[/\\]/).pop() ?? '');
  const base = last.replace(/\.peft$/i, '');
  return base.length > 0 ? base : 'experiment';
}

/**
 * What features get when the analyzer itself throws (core's analyze guards its checks, so this
 * means a bug before them): an empty tree and one internal-error diagnostic at the file start, so
 * the failure is visible instead of silently empty.
 */
function failedAnalysis(text: string, experiment: string, err: unknown): AnalysisResult {
  const why = err instanceof Error ? err.message : String(err);
  return {
    ast: { kind: 'File', declarations: [], comments: [], start: 0, end: text.length },
    diagnostics: [
      diagnostic(
        DiagnosticCodes.internalError,
        'error',
        `Internal analysis error: ${why}. Please report it with this file.`,
        { start: 0, end: 0 },
      ),
    ],
    plan: { version: 1, experiment, runs: [], laws: [], predictions: [] },
    symbols: { declarations: [], byName: {}, references: [] },
  };
}

/** Analyses one version of a document. Never throws: an analyzer failure yields an internal-error result. */
export function analyzeDocument(
  uri: string,
  version: number,
  text: string,
  analyzer: Analyzer = defaultAnalyzer,
  readFile?: ReadFile,
): AnalyzedDocument {
  const experiment = experimentOf(uri);
  const resolveFile = readFile?.(uri);
  let analysis: AnalysisResult;
  try {
    analysis = analyzer(text, resolveFile ? { experiment, resolveFile } : { experiment });
  } catch (err) {
    analysis = failedAnalysis(text, experiment, err);
  }
  return {
    uri,
    version,
    text,
    lines: createLineMap(text),
    experiment,
    analysis,
    ...(resolveFile ? { resolveFile } : {}),
  };
}

/** Builds an AnalyzedDocument from plain text (tests and benches). */
export function analyzeText(
  text: string,
  uri = 'file:///test/experiment.peft',
  analyzer?: Analyzer,
  readFile?: ReadFile,
): AnalyzedDocument {
  return analyzeDocument(uri, 1, text, analyzer, readFile);
}
