/**
 * Debounced push diagnostics. Each edit restarts the document's timer; when it fires, the
 * document's *current* version is analysed and published with that version, so a result for an
 * old version is never sent (never stale), and a burst of edits costs one analysis.
 */
import type { Connection, TextDocuments } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { PeftLanguageService } from './service';

export class DiagnosticsScheduler {
  private readonly timers = new Map<string, NodeJS.Timeout>();

  constructor(
    private readonly connection: Connection,
    private readonly documents: TextDocuments<TextDocument>,
    private readonly service: PeftLanguageService,
    private readonly delayMs: number,
    private readonly log: (m: string) => void,
  ) {}

  schedule(uri: string, delayMs = this.delayMs): void {
    const old = this.timers.get(uri);
    if (old) clearTimeout(old);
    this.timers.set(
      uri,
      setTimeout(() => {
        this.timers.delete(uri);
        this.publish(uri);
      }, delayMs),
    );
  }

  /** Re-publishes every open document (after the run store changed). */
  scheduleAll(): void {
    for (const d of this.documents.all()) this.schedule(d.uri, 0);
  }

  private publish(uri: string): void {
    const doc = this.documents.get(uri);
    if (!doc) return;
    try {
      void this.connection.sendDiagnostics({
        uri,
        version: doc.version,
        diagnostics: this.service.diagnostics(doc),
      });
    } catch (err) {
      this.log(`diagnostics failed for ${uri}: ${String(err)}`);
    }
  }

  /** A closed document's diagnostics are cleared. */
  clear(uri: string): void {
    const old = this.timers.get(uri);
    if (old) clearTimeout(old);
    this.timers.delete(uri);
    void this.connection.sendDiagnostics({ uri, diagnostics: [] });
  }

  dispose(): void {
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
  }
}
