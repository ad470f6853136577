/** Diagnostics feature: the core analysis' diagnostics as LSP diagnostics. */
import type { Diagnostic } from 'vscode-languageserver';
import type { AnalyzedDocument } from './analysis';
import { toLspDiagnostic } from './convert';

/** Every diagnostic of the document (parse errors and analysis problems), in source order. */
export function diagnostics(doc: AnalyzedDocument): Diagnostic[] {
  return doc.analysis.diagnostics.map((d) => toLspDiagnostic(doc.lines, d, doc.uri));
}
