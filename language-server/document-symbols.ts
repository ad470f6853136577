/**
 * Outline: one symbol per declaration, its entries as children. `detail` starts with the block
 * keyword ("run · 12 trials", "adapter · lora") — the extension's CodeLens reads that word.
 */
import { SymbolKind, type DocumentSymbol } from 'vscode-languageserver';
import type { Block, Declaration } from '../core/dsl/ast';
import type { SymbolInfo } from '../core/plan/analysis-types';
import type { AnalyzedDocument } from './analysis';
import { toRange } from './convert';

const KINDS: Record<SymbolInfo['kind'], SymbolKind> = {
  data: SymbolKind.File,
  model: SymbolKind.Class,
  adapter: SymbolKind.Interface,
  run: SymbolKind.Function,
  law: SymbolKind.Method,
  predict: SymbolKind.Event,
};

/** The `{ … }` body of a declaration, if any. */
export function bodyOf(decl: Declaration): Block | undefined {
  if (decl.kind === 'BlockDecl')
    return decl.body ?? (decl.value?.kind === 'Construct' ? decl.value.body : undefined);
  if (decl.kind === 'LawDecl') return decl.options;
  return undefined;
}

function detailOf(doc: AnalyzedDocument, s: SymbolInfo): string {
  const d = s.decl;
  if (d.kind === 'BlockDecl' && d.keyword === 'run') {
    const run = doc.analysis.plan.runs.find((r) => r.name === s.name);
    if (run?.search) return `run · ${run.search.method} search, ${run.search.trials} trials`;
    return run ? `run · ${run.trials.length} trial${run.trials.length === 1 ? '' : 's'}` : 'run';
  }
  if (d.kind === 'BlockDecl' && d.value?.kind === 'Construct') {
    const arg = d.value.arg?.kind === 'String' ? ` "${d.value.arg.value}"` : '';
    return `${d.keyword} · ${d.value.head.name}${arg}`;
  }
  if (d.kind === 'LawDecl' && d.form) return `law · ${d.form.name}`;
  return s.kind;
}

function entrySymbols(doc: AnalyzedDocument, block: Block | undefined): DocumentSymbol[] {
  if (!block) return [];
  return block.entries
    .filter((e) => e.key.path.length > 0 && e.end > e.start)
    .map((e) => ({
      name: e.key.path.map((p) => p.name).join('.') || '?',
      kind: SymbolKind.Property,
      range: toRange(doc.lines, e),
      selectionRange: toRange(doc.lines, e.key),
      children: e.value.kind === 'Block' ? entrySymbols(doc, e.value) : [],
    }));
}

/** The document outline, in source order. */
export function documentSymbols(doc: AnalyzedDocument): DocumentSymbol[] {
  return doc.analysis.symbols.declarations.map((s) => {
    const range = toRange(doc.lines, s.range);
    const selection = toRange(doc.lines, s.nameRange);
    return {
      name: s.name || s.kind,
      detail: detailOf(doc, s),
      kind: KINDS[s.kind] ?? SymbolKind.Object,
      range,
      // LSP requires the selection inside the range.
      selectionRange:
        s.nameRange.start >= s.range.start && s.nameRange.end <= s.range.end ? selection : range,
      children: entrySymbols(doc, bodyOf(s.decl)),
    };
  });
}
