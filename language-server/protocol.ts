/**
 * What the PEFT Lab extension (client) tells the language server beyond standard LSP: the
 * initialization options. The server defines no custom requests or notifications; the extension
 * reads plans and results through the CLI and the run store (core/protocol.ts, store/).
 */

/** Options the client may pass in `initializationOptions` (all optional). */
export interface PeftInitializationOptions {
  /** Show inlay hints (default true). */
  inlayHints?: boolean;
  /** Confidence level of prediction intervals (default: the fit's). */
  intervalLevel?: number;
  /** Debounce of diagnostics after an edit, ms (default 10). */
  diagnosticsDelayMs?: number;
  /** Poll interval of the run-store watcher fallback, ms (default 1000). */
  storePollMs?: number;
}
