/**
 * Quick fixes from the diagnostics' `data` (core/dsl QuickFix): replace (did-you-mean, alias →
 * PEFT name, nearest valid value), remove (incompatible option, duplicate), insert (missing
 * required parameter, missing `}`). The fix is computed by the analysis; this only turns it into an edit.
 */
import {
  CodeActionKind,
  type CodeAction,
  type CodeActionContext,
  type Diagnostic,
  type Range,
  type TextEdit,
} from 'vscode-languageserver';
import type { QuickFix } from '../core/dsl/diagnostics';
import type { AnalyzedDocument } from './analysis';
import { toRange } from './convert';
import { outOfRangeFix } from './nearest-valid';

function isQuickFix(v: unknown): v is QuickFix {
  if (typeof v !== 'object' || v === null) return false;
  const k = (v as { kind?: unknown }).kind;
  return k === 'replace' || k === 'remove' || k === 'insert';
}

function editOf(doc: AnalyzedDocument, fix: QuickFix, range: Range): TextEdit {
  switch (fix.kind) {
    case 'replace':
      return { range: fix.range ? toRange(doc.lines, fix.range) : range, newText: fix.text };
    case 'remove':
      return { range: fix.range ? toRange(doc.lines, fix.range) : range, newText: '' };
    case 'insert': {
      const at = fix.offset !== undefined ? doc.lines.positionAt(fix.offset) : range.end;
      return { range: { start: at, end: at }, newText: fix.text };
    }
  }
}

function titleOf(fix: QuickFix): string {
  if (fix.title) return fix.title;
  if (fix.kind === 'replace') return `Change to '${fix.text}'`;
  if (fix.kind === 'remove') return 'Remove';
  return `Insert '${fix.text.trim()}'`;
}

/** One quick fix per diagnostic in `context` that carries fix data. */
export function codeActions(
  doc: AnalyzedDocument,
  _range: Range,
  context: CodeActionContext,
): CodeAction[] {
  if (
    context.only &&
    !context.only.some(
      (k) =>
        k === CodeActionKind.QuickFix ||
        CodeActionKind.QuickFix.startsWith(`${k}.`) ||
        k === 'quickfix',
    )
  )
    return [];
  return context.diagnostics.flatMap((d: Diagnostic) => {
    const fix = isQuickFix(d.data)
      ? d.data
      : d.code === 'out-of-range'
        ? outOfRangeFix(doc, {
            start: doc.lines.offsetAt(d.range.start),
            end: doc.lines.offsetAt(d.range.end),
          })
        : undefined;
    if (!fix) return [];
    return [
      {
        title: titleOf(fix),
        kind: CodeActionKind.QuickFix,
        diagnostics: [d],
        isPreferred: true,
        edit: { changes: { [doc.uri]: [editOf(doc, fix, d.range)] } },
      },
    ];
  });
}
