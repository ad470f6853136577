/**
 * Formatting: the core formatter's output (core/dsl/format.ts, the same one `peft fmt` uses) as
 * one minimal edit (common prefix and suffix kept, so the cursor and undo stay put).
 */
import type { FormattingOptions, TextEdit } from 'vscode-languageserver';
import { format as coreFormat } from '../core/dsl';
import type { AnalyzedDocument } from './analysis';
import { toRange } from './convert';

export type Formatter = (text: string, options: { indent: string }) => string;

/** The canonical layout; the core formatter owns indentation, so `indent` is not consulted. */
export const coreFormatter: Formatter = (text) => coreFormat(text).text;

/** The edit turning the document into its formatted text, or none when already formatted. A file with syntax errors is left alone. */
export function formatting(
  doc: AnalyzedDocument,
  options: FormattingOptions,
  format: Formatter = coreFormatter,
): TextEdit[] {
  if (doc.analysis.diagnostics.some((d) => d.code.startsWith('parse-'))) return [];
  const indent = options.insertSpaces ? ' '.repeat(options.tabSize) : '\t';
  const next = format(doc.text, { indent });
  if (next === doc.text) return [];
  let start = 0;
  while (start < next.length && start < doc.text.length && next[start] === doc.text[start]) start++;
  let endOld = doc.text.length;
  let endNew = next.length;
  while (endOld > start && endNew > start && next[endNew - 1] === doc.text[endOld - 1]) {
    endOld--;
    endNew--;
  }
  return [
    { range: toRange(doc.lines, { start, end: endOld }), newText: next.slice(start, endNew) },
  ];
}
