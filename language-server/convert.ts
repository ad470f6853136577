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

/** Compact human numbers: 1234 → "1.23k", 2.5e9 → "2.50B". */
export function formatCount(n: number): string {
  if (!Number.isFinite(n)) return String(n);
  const a = Math.abs(n);
  const units: Array<[number, string]> = [
    [1e12, 'T'],
    [1e9, 'B'],
    [1e6, 'M'],
    [1e3, 'k'],
  ];
  for (const [scale, suffix] of units)
    if (a >= scale) return `${(n / scale).toPrecision(3)}${suffix}`;
  return Number.isInteger(n) ? String(n) : n.toPrecision(3);
}

/** Bytes in binary units: 1536 → "1.50 KiB". */
export function formatBytes(n: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let v = n;
  let i = 0;
  while (Math.abs(v) >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return i === 0 ? `${v} B` : `${v.toFixed(2)} ${units[i]}`;
}

/** Seconds as "42 s", "3.5 min", "1.2 h". */
export function formatSeconds(s: number): string {
  if (s < 90) return `${s.toPrecision(2)} s`;
  if (s < 5400) return `${(s / 60).toPrecision(2)} min`;
  return `${(s / 3600).toPrecision(2)} h`;
}
