/**
 * Where the cursor is, for completion and signature help, in a file that may be half-typed:
 * the catalog block around it (from the tree, falling back to the last unclosed declaration) and
 * what the text just before it on the line says (after `key =`, inside `[ … ]`, after `model x =`).
 */
import type { AnyNode } from '../core/dsl/ast';
import type { AnalyzedDocument } from './analysis';
import { nodePath } from './ast-walk';
import { blockContext, type BlockContext } from './block-context';
import { bodyOf } from './document-symbols';

export interface CursorContext {
  offset: number;
  /** The line's text before the cursor. */
  prefix: string;
  /** The identifier-ish word being typed (may be empty). */
  word: string;
  path: AnyNode[];
  block?: BlockContext;
}

/** The innermost catalog block at `offset`, tolerating blocks whose `}` is not typed yet. */
function blockAt(doc: AnalyzedDocument, offset: number, path: AnyNode[]): BlockContext | undefined {
  const direct = blockContext(path);
  if (direct) return direct;
  const decls = doc.analysis.ast.declarations.filter((d) => d.start < offset);
  const last = decls[decls.length - 1];
  const body = last && bodyOf(last);
  if (!last || !body || body.closed || offset < body.start) return undefined;
  // Text between the decl's end and the cursor belongs to the unclosed block: look at its end.
  return blockContext(nodePath(doc.analysis.ast, Math.max(body.start + 1, last.end)));
}

export function cursorContext(doc: AnalyzedDocument, offset: number): CursorContext {
  const lineStart = doc.lines.lineStarts[doc.lines.positionAt(offset).line] ?? 0;
  const prefix = doc.text.slice(lineStart, offset);
  const word = /[A-Za-z_][\w-]*$/.exec(prefix)?.[0] ?? '';
  const path = nodePath(doc.analysis.ast, offset);
  const block = blockAt(doc, offset, path);
  return block ? { offset, prefix, word, path, block } : { offset, prefix, word, path };
}
