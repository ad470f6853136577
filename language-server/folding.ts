/** Folding: every multi-line declaration and `{ … }`/`[ … ]`, and runs of consecutive comment lines. */
import { FoldingRangeKind, type FoldingRange } from 'vscode-languageserver';
import type { AnalyzedDocument } from './analysis';
import { walk } from './ast-walk';

export function foldingRanges(doc: AnalyzedDocument): FoldingRange[] {
  const out: FoldingRange[] = [];
  const seen = new Set<string>();
  const add = (start: number, end: number, kind?: FoldingRangeKind): void => {
    const a = doc.lines.positionAt(start).line;
    const b = doc.lines.positionAt(end).line;
    // The closing line stays visible (like `}` in other languages).
    const last = kind === FoldingRangeKind.Comment ? b : b - 1;
    if (last <= a || seen.has(`${a}`)) return;
    seen.add(`${a}`);
    out.push(kind ? { startLine: a, endLine: last, kind } : { startLine: a, endLine: last });
  };
  walk(doc.analysis.ast, (node) => {
    if (
      node.kind === 'BlockDecl' ||
      node.kind === 'LawDecl' ||
      node.kind === 'Block' ||
      node.kind === 'List'
    )
      add(node.start, node.end);
  });
  const comments = doc.analysis.ast.comments.filter((c) => !c.trailing);
  let i = 0;
  while (i < comments.length) {
    let j = i;
    while (
      j + 1 < comments.length &&
      doc.lines.positionAt(comments[j + 1]!.start).line ===
        doc.lines.positionAt(comments[j]!.start).line + 1
    )
      j++;
    if (j > i) add(comments[i]!.start, comments[j]!.start, FoldingRangeKind.Comment);
    i = j + 1;
  }
  return out.sort((a, b) => a.startLine - b.startLine);
}
