/**
 * The document cache: one analysis per (uri, version), the whole file reparsed on each new
 * version (`.peft` files are small). Analysis is lazy — the first request or the diagnostics timer
 * for a version pays for it — so a burst of keystrokes analyses only the versions someone asks about.
 */
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { analyzeDocument, type Analyzer, type AnalyzedDocument } from './analysis';
import { DEFAULT_ACCESS, type FileAccess } from '../store/resolve-file';

export class DocumentCache {
  private readonly cache = new Map<string, AnalyzedDocument>();

  /** What documents may read; set from `initialize`, before any document is analysed. */
  access: FileAccess = DEFAULT_ACCESS;

  constructor(private readonly analyzer?: Analyzer) {}

  /** The analysis of the document's current version. */
  get(doc: TextDocument): AnalyzedDocument {
    const hit = this.cache.get(doc.uri);
    if (hit && hit.version === doc.version) return hit;
    const fresh = analyzeDocument(doc.uri, doc.version, doc.getText(), this.analyzer, this.access);
    this.cache.set(doc.uri, fresh);
    return fresh;
  }

  delete(uri: string): void {
    this.cache.delete(uri);
  }

  /** Every cached analysis (for cross-file features and refreshes). */
  all(): AnalyzedDocument[] {
    return [...this.cache.values()];
  }
}
