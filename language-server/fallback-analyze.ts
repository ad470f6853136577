/**
 * Stand-in for core/plan's `analyze` while it is being written: the core parser's tree and errors,
 * the named blocks and their references, and an empty plan. No second parser and no catalog
 * checks here — the real analysis replaces this through `defaultAnalyzer` in analysis.ts.
 */
import { parse } from '../core/dsl/parser';
import type {
  AnalysisResult,
  AnalyzeOptions,
  ReferenceInfo,
  SymbolInfo,
  SymbolTable,
} from '../core/plan/analysis-types';
import { walk } from './ast-walk';

function symbolsOf(ast: AnalysisResult['ast']): SymbolTable {
  const declarations: SymbolInfo[] = [];
  const byName: Record<string, SymbolInfo> = {};
  for (const decl of ast.declarations) {
    const name = decl.kind === 'PredictDecl' ? undefined : decl.name;
    const info: SymbolInfo = {
      kind: decl.keyword,
      name: name?.name ?? (decl.kind === 'PredictDecl' ? 'predict' : ''),
      nameRange: name ? { start: name.start, end: name.end } : decl.keywordSpan,
      range: { start: decl.start, end: decl.end },
      decl,
    };
    declarations.push(info);
    if (name && !(name.name in byName)) byName[name.name] = info;
  }
  const references: ReferenceInfo[] = [];
  walk(ast, (node, parent) => {
    if (node.kind !== 'Reference') return;
    if (parent?.kind === 'Assignment' && parent.key === node) return;
    const first = node.path[0];
    if (!first || !(first.name in byName)) return;
    const ref: ReferenceInfo = {
      range: { start: first.start, end: first.end },
      target: first.name,
    };
    if (node.path[1]) ref.field = node.path[1].name;
    references.push(ref);
  });
  return { declarations, byName, references };
}

/** Parses `text` and returns an AnalysisResult with symbols and an empty plan. Never throws. */
export function fallbackAnalyze(text: string, options: AnalyzeOptions = {}): AnalysisResult {
  const { ast, errors } = parse(text);
  return {
    ast,
    diagnostics: errors,
    plan: {
      version: 1,
      experiment: options.experiment ?? 'experiment',
      runs: [],
      laws: [],
      predictions: [],
    },
    symbols: symbolsOf(ast),
  };
}
