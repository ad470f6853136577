/**
 * The `.peft` language server: a wiring table. Each LSP request maps to one pure feature function
 * of the analysed document (and the run store's view); every handler runs through `runSafe`.
 */
import {
  DocumentDiagnosticReportKind,
  ResponseError,
  type FullDocumentDiagnosticReport,
  TextDocuments,
  TextDocumentSyncKind,
  type Connection,
  type InitializeParams,
  type InitializeResult,
  type ServerCapabilities,
} from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { fileURLToPath } from 'node:url';
import type { Analyzer } from './analysis';
import { codeActions } from './code-actions';
import { completion } from './completion';
import { definition, prepareRename, references, rename } from './navigation';
import { diagnostics } from './diagnostics';
import { DiagnosticsScheduler } from './diagnostics-scheduler';
import { DocumentCache } from './documents';
import { documentSymbols } from './document-symbols';
import { foldingRanges } from './folding';
import { formatting } from './formatting';
import { runSafe } from './guard';
import { hover } from './hover';
import { inlayHints } from './inlay-hints';
import {
  PlanRequest,
  PredictionsChangedNotification,
  type PeftInitializationOptions,
} from './protocol';
import { RunStore } from '../store/watch';
import { SEMANTIC_LEGEND, semanticTokens } from './semantic-tokens';
import { signatureHelp } from './signature-help';

export const SERVER_CAPABILITIES: ServerCapabilities = {
  textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
  completionProvider: { triggerCharacters: ['=', ' ', '.', '"', '[', ','], resolveProvider: false },
  hoverProvider: true,
  inlayHintProvider: true,
  codeActionProvider: { codeActionKinds: ['quickfix'] },
  definitionProvider: true,
  referencesProvider: true,
  renameProvider: { prepareProvider: true },
  documentSymbolProvider: true,
  foldingRangeProvider: true,
  semanticTokensProvider: { legend: SEMANTIC_LEGEND, full: true },
  documentFormattingProvider: true,
  signatureHelpProvider: { triggerCharacters: ['(', ','], retriggerCharacters: [','] },
};

export interface ServerOptions {
  /** The core analysis; defaults to core/plan's analyze. */
  analyzer?: Analyzer;
}

function rootsOf(params: InitializeParams): string[] {
  const uris =
    params.workspaceFolders?.map((f) => f.uri) ?? (params.rootUri ? [params.rootUri] : []);
  return uris.flatMap((u) => {
    try {
      return [fileURLToPath(u)];
    } catch {
      return [];
    }
  });
}

/** Wires every feature onto `connection` and starts listening. */
export function startServer(connection: Connection, options: ServerOptions = {}): void {
  const documents = new TextDocuments(TextDocument);
  const cache = new DocumentCache(options.analyzer);
  const log = (m: string): void => connection.console.error(m);
  let init: PeftInitializationOptions = {};
  let pull = false;
  let inlayRefresh = false;
  let store: RunStore | undefined;
  let scheduler: DiagnosticsScheduler | undefined;
  const view = (uri: string, experiment: string) =>
    store ? store.view(uri, experiment) : { finishedTrials: 0 };
  const doc = (uri: string) => {
    const d = documents.get(uri);
    return d ? cache.get(d) : undefined;
  };

  connection.onInitialize((params): InitializeResult => {
    init = (params.initializationOptions ?? {}) as PeftInitializationOptions;
    pull = params.capabilities.textDocument?.diagnostic !== undefined;
    inlayRefresh = params.capabilities.workspace?.inlayHint?.refreshSupport === true;
    scheduler = new DiagnosticsScheduler(
      connection,
      documents,
      cache,
      init.diagnosticsDelayMs ?? 10,
      log,
    );
    const onChange = (): void => {
      if (pull) void connection.sendRequest('workspace/diagnostic/refresh').catch(() => undefined);
      else scheduler?.scheduleAll();
      if (inlayRefresh) void connection.languages.inlayHint.refresh().catch(() => undefined);
      void connection.sendNotification(PredictionsChangedNotification, {
        experiments: cache.all().map((d) => d.experiment),
      });
    };
    const storeOptions = { roots: rootsOf(params), onChange, log };
    store = new RunStore(
      init.storePollMs === undefined ? storeOptions : { ...storeOptions, pollMs: init.storePollMs },
    );
    const capabilities: ServerCapabilities = { ...SERVER_CAPABILITIES };
    if (pull)
      capabilities.diagnosticProvider = {
        interFileDependencies: false,
        workspaceDiagnostics: false,
      };
    return { capabilities, serverInfo: { name: 'peft-language-server', version: '0.1.0' } };
  });

  documents.onDidChangeContent((e) => {
    if (!pull) scheduler?.schedule(e.document.uri);
  });
  documents.onDidClose((e) => {
    cache.delete(e.document.uri);
    if (!pull) scheduler?.clear(e.document.uri);
  });

  const empty: FullDocumentDiagnosticReport = {
    kind: DocumentDiagnosticReportKind.Full,
    items: [],
  };
  connection.languages.diagnostics.on((p, t) => {
    const r = runSafe(log, 'diagnostic', t, empty, () =>
      withDoc(p.textDocument.uri, empty, (d): FullDocumentDiagnosticReport => ({
        kind: DocumentDiagnosticReportKind.Full,
        items: diagnostics(d),
      })),
    );
    // The pull request's error type carries retrigger data; a cancelled pull is simply empty.
    return r instanceof ResponseError ? empty : r;
  });
  connection.onCompletion((p, t) =>
    runSafe(log, 'completion', t, [], () =>
      withDoc(p.textDocument.uri, [], (d) => completion(d, p.position)),
    ),
  );
  connection.onHover((p, t) =>
    runSafe(log, 'hover', t, null, () =>
      withDoc(p.textDocument.uri, null, (d) =>
        hover(d, view(d.uri, d.experiment), p.position, init.intervalLevel),
      ),
    ),
  );
  connection.languages.inlayHint.on((p, t) =>
    runSafe(log, 'inlayHint', t, [], () =>
      init.inlayHints === false
        ? []
        : withDoc(p.textDocument.uri, [], (d) =>
            inlayHints(d, view(d.uri, d.experiment), p.range, init.intervalLevel),
          ),
    ),
  );
  connection.onCodeAction((p, t) =>
    runSafe(log, 'codeAction', t, [], () =>
      withDoc(p.textDocument.uri, [], (d) => codeActions(d, p.range, p.context)),
    ),
  );
  connection.onDefinition((p, t) =>
    runSafe(log, 'definition', t, null, () =>
      withDoc(p.textDocument.uri, null, (d) => definition(d, p.position)),
    ),
  );
  connection.onReferences((p, t) =>
    runSafe(log, 'references', t, [], () =>
      withDoc(p.textDocument.uri, [], (d) =>
        references(d, p.position, p.context.includeDeclaration),
      ),
    ),
  );
  connection.onPrepareRename((p, t) =>
    runSafe(log, 'prepareRename', t, null, () =>
      withDoc(p.textDocument.uri, null, (d) => prepareRename(d, p.position)),
    ),
  );
  connection.onRenameRequest((p, t) =>
    runSafe(log, 'rename', t, null, () =>
      withDoc(p.textDocument.uri, null, (d) => rename(d, p.position, p.newName)),
    ),
  );
  connection.onDocumentSymbol((p, t) =>
    runSafe(log, 'documentSymbol', t, [], () =>
      withDoc(p.textDocument.uri, [], (d) => documentSymbols(d)),
    ),
  );
  connection.onFoldingRanges((p, t) =>
    runSafe(log, 'foldingRange', t, [], () =>
      withDoc(p.textDocument.uri, [], (d) => foldingRanges(d)),
    ),
  );
  connection.languages.semanticTokens.on((p, t) =>
    runSafe(log, 'semanticTokens', t, { data: [] }, () =>
      withDoc(p.textDocument.uri, { data: [] }, (d) => semanticTokens(d)),
    ),
  );
  connection.onDocumentFormatting((p, t) =>
    runSafe(log, 'formatting', t, [], () =>
      withDoc(p.textDocument.uri, [], (d) => formatting(d, p.options)),
    ),
  );
  connection.onSignatureHelp((p, t) =>
    runSafe(log, 'signatureHelp', t, null, () =>
      withDoc(p.textDocument.uri, null, (d) => signatureHelp(d, p.position)),
    ),
  );
  connection.onRequest(PlanRequest, (p, t) =>
    runSafe(log, 'plan', t, null, () =>
      withDoc(p.uri, null, (d) => ({
        version: d.version,
        plan: d.analysis.plan,
        errors: d.analysis.diagnostics.filter((x) => x.severity === 'error').length,
      })),
    ),
  );
  connection.onShutdown(() => {
    store?.dispose();
    scheduler?.dispose();
  });

  function withDoc<T>(uri: string, none: T, fn: (d: NonNullable<ReturnType<typeof doc>>) => T): T {
    const d = doc(uri);
    return d ? fn(d) : none;
  }

  documents.listen(connection);
  connection.listen();
}
