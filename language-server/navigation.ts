/**
 * Go to definition, find references and rename for named blocks. The analysis' symbol table
 * holds every declaration name and every reference's identifier range; these functions only
 * look up which name sits under the cursor.
 */
import {
  ResponseError,
  type Location,
  type Position,
  type Range,
  type WorkspaceEdit,
} from 'vscode-languageserver';
import type { Span } from '../core/dsl/ast';
import type { AnalyzedDocument } from './analysis';
import { toRange } from './convert';

const within = (span: Span, offset: number): boolean => span.start <= offset && offset <= span.end;

/** The block name under `position` (a declaration's name or a reference to it) and that span. */
export function nameAt(
  doc: AnalyzedDocument,
  position: Position,
): { name: string; span: Span } | undefined {
  const offset = doc.lines.offsetAt(position);
  const { declarations, references } = doc.analysis.symbols;
  const decl = declarations.find(
    (s) => s.decl.kind !== 'PredictDecl' && s.name && within(s.nameRange, offset),
  );
  if (decl) return { name: decl.name, span: decl.nameRange };
  const ref = references.find((r) => r.target !== undefined && within(r.range, offset));
  return ref?.target !== undefined ? { name: ref.target, span: ref.range } : undefined;
}

export function definition(doc: AnalyzedDocument, position: Position): Location | null {
  const hit = nameAt(doc, position);
  const target = hit && doc.analysis.symbols.byName[hit.name];
  return target ? { uri: doc.uri, range: toRange(doc.lines, target.nameRange) } : null;
}

/** Every span naming `name`: its first declaration, then references in source order. */
function occurrences(doc: AnalyzedDocument, name: string, includeDeclaration: boolean): Span[] {
  const spans: Span[] = [];
  const target = doc.analysis.symbols.byName[name];
  if (includeDeclaration && target) spans.push(target.nameRange);
  for (const r of doc.analysis.symbols.references) if (r.target === name) spans.push(r.range);
  return spans.sort((a, b) => a.start - b.start);
}

export function references(
  doc: AnalyzedDocument,
  position: Position,
  includeDeclaration: boolean,
): Location[] {
  const hit = nameAt(doc, position);
  if (!hit) return [];
  return occurrences(doc, hit.name, includeDeclaration).map((s) => ({
    uri: doc.uri,
    range: toRange(doc.lines, s),
  }));
}

export function prepareRename(
  doc: AnalyzedDocument,
  position: Position,
): { range: Range; placeholder: string } | null {
  const hit = nameAt(doc, position);
  return hit && doc.analysis.symbols.byName[hit.name]
    ? { range: toRange(doc.lines, hit.span), placeholder: hit.name }
    : null;
}

const IDENT = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Renames a named block and all its references; an invalid or taken new name is an error. */
export function rename(
  doc: AnalyzedDocument,
  position: Position,
  newName: string,
): WorkspaceEdit | null {
  const hit = nameAt(doc, position);
  if (!hit || !doc.analysis.symbols.byName[hit.name]) return null;
  if (!IDENT.test(newName))
    throw new ResponseError(
      -32602,
      `'${newName}' is not a valid block name: use letters, digits and _`,
    );
  if (newName !== hit.name && doc.analysis.symbols.byName[newName])
    throw new ResponseError(-32602, `a block named '${newName}' already exists`);
  const edits = occurrences(doc, hit.name, true).map((s) => ({
    range: toRange(doc.lines, s),
    newText: newName,
  }));
  return { changes: { [doc.uri]: edits } };
}
