/**
 * The analysed document every feature takes: text, line map and the core analysis of one
 * (uri, version). Features are pure functions of this value (plus the run store's fits).
 */
import { createLineMap, type LineMap } from '../core/dsl/positions';
import type { AnalysisResult, AnalyzeOptions } from '../core/plan/analysis-types';
import { analyze } from '../core/plan';
import { fallbackAnalyze } from './fallback-analyze';
import { fileResolverFor } from '../store/resolve-file';

export type Analyzer = (text: string, options: AnalyzeOptions) => AnalysisResult;

export interface AnalyzedDocument {
  uri: string;
  version: number;
  text: string;
  lines: LineMap;
  /** The experiment name: the file's base name without `.peft`. */
  experiment: string;
  analysis: AnalysisResult;
}

/** The core analysis used by the server (core/plan's `analyze`). */
export const defaultAnalyzer: Analyzer = analyze;

/** `file:///a/b/ranks.peft` → `ranks`; any other URI → its last path segment without extension. */
export function experimentOf(uri: string): string {
  const last = decodeURIComponent(uri.split(/[/\\]/).pop() ?? '');
  const base = last.replace(/\.peft$/i, '');
  return base.length > 0 ? base : 'experiment';
}

/** Analyses one version of a document. Never throws: an analyzer failure yields a parse-only result. */
export function analyzeDocument(
  uri: string,
  version: number,
  text: string,
  analyzer: Analyzer = defaultAnalyzer,
): AnalyzedDocument {
  const experiment = experimentOf(uri);
  let analysis: AnalysisResult;
  try {
    const resolveFile = fileResolverFor(uri);
    analysis = analyzer(text, resolveFile ? { experiment, resolveFile } : { experiment });
  } catch {
    analysis = fallbackAnalyze(text, { experiment });
  }
  return { uri, version, text, lines: createLineMap(text), experiment, analysis };
}

/** Builds an AnalyzedDocument from plain text (tests and benches). */
export function analyzeText(
  text: string,
  uri = 'file:///test/experiment.peft',
  analyzer?: Analyzer,
): AnalyzedDocument {
  return analyzeDocument(uri, 1, text, analyzer);
}
