/** Conversions between core spans/diagnostics and LSP types. */
import {
  DiagnosticSeverity,
  type Diagnostic as LspDiagnostic,
  type Range,
} from 'vscode-languageserver';
import type { Span } from '../core/dsl/ast';
import type { Diagnostic, Severity } from '../core/dsl/diagnostics';
import type { LineMap } from '../core/dsl/positions';

export function toRange(lines: LineMap, span: Span): Range {
  return { start: lines.positionAt(span.start), end: lines.positionAt(span.end) };
}

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

/** A core diagnostic as an LSP one; the quick fix travels in `data` for the code-action handler. */
export function toLspDiagnostic(lines: LineMap, d: Diagnostic, uri: string): LspDiagnostic {
  const out: LspDiagnostic = {
    range: toRange(lines, d.range),
    severity: SEVERITY[d.severity] ?? DiagnosticSeverity.Error,
    code: d.code,
    source: 'peft',
    message: d.message,
  };
  if (d.data) out.data = d.data;
  if (d.related && d.related.length > 0) {
    out.relatedInformation = d.related.map((r) => ({
      message: r.message,
      location: { uri, range: toRange(lines, r.range) },
    }));
  }
  return out;
}

/** The numbers and durations hovers and hints show: core/format.ts, one copy for every surface. */
export { formatBytes, formatCount, formatSeconds } from '../core/format';
