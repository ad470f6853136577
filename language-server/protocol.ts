/**
 * Custom messages between the PEFT Lab extension (client) and the language server. The standard
 * LSP requests are not listed; only what LSP does not define. One copy of each type, here.
 */
import { NotificationType, RequestType } from 'vscode-jsonrpc';
import type { ExperimentPlan } from '../core/plan/types';

/**
 * Server → client: the run store changed (a trial finished or fits.json was rewritten) and the
 * server has refreshed diagnostics and asked for inlay hints again. The extension may refresh
 * its own views (Runs view, charts) on it.
 */
export interface PredictionsChangedParams {
  /** Experiments whose store changed (names), or empty when unknown. */
  experiments: string[];
}
export const PredictionsChangedNotification = new NotificationType<PredictionsChangedParams>(
  'peft/predictionsChanged',
);

/** Client → server: the analysed plan of an open document (for the Run commands and webviews). */
export interface PlanParams {
  uri: string;
}
export interface PlanResult {
  /** The document version the plan belongs to. */
  version: number;
  plan: ExperimentPlan;
  /** Number of error diagnostics; runs with errors have no trials. */
  errors: number;
}
export const PlanRequest = new RequestType<PlanParams, PlanResult | null, void>('peft/plan');

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
  /** False when the workspace is untrusted: the server then reads no file a document names (default true). */
  trusted?: boolean;
  /** Absolute folders outside the workspace that documents may read (hf config.json), from user settings. */
  readRoots?: string[];
}
