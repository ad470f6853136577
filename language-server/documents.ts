/**
 * The document cache: one analysis per (uri, version), the whole file reparsed on each new
 * version (runs whose text did not change are reused by the service's run cache). Analysis is lazy — the first request or the diagnostics timer
 * for a version pays for it — so a burst of keystrokes analyses only the versions someone asks about.
 */
/** What the cache needs of a document (vscode-languageserver-textdocument's TextDocument, or Monaco's model). */
export interface TextDocument {
  uri: string;
  version: number;
  getText(): string;
}
import { analyzeDocument, type Analyzer, type AnalyzedDocument, type ReadFile } from './analysis';

export class DocumentCache {
  private readonly cache = new Map<string, AnalyzedDocument>();

  constructor(
    private readonly analyzer?: Analyzer,
    private readonly readFile?: ReadFile,
  ) {}

  /** The analysis of the document's current version. */
  get(doc: TextDocument): AnalyzedDocument {
    const hit = this.cache.get(doc.uri);
    if (hit && hit.version === doc.version) return hit;
    const fresh = analyzeDocument(
      doc.uri,
      doc.version,
      doc.getText(),
      this.analyzer,
      this.readFile,
    );
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
