/**
 * The `.peft` language server: a wiring table. Each LSP request is one line onto the pure
 * language service (service.ts) and runs through `runSafe`; this file owns only what needs Node
 * or the connection: open documents, the watched run store, pushed diagnostics.
 */
import {
  DocumentDiagnosticReportKind,
  ResponseError,
  type FullDocumentDiagnosticReport,
  TextDocuments,
  TextDocumentSyncKind,
  type CancellationToken,
  type Connection,
  type InitializeParams,
  type InitializeResult,
  type ServerCapabilities,
} from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { fileURLToPath } from 'node:url';
import type { Analyzer } from './analysis';
import { DiagnosticsScheduler } from './diagnostics-scheduler';
import { runSafe } from './guard';
import type { PeftInitializationOptions } from './protocol';
import { RunStore } from '../store/watch';
import { fileResolverFor, type FileAccess } from '../store/resolve-file';
import { SEMANTIC_LEGEND } from './semantic-tokens';
import { createPeftLanguageService, type PeftLanguageService } from './service';

export const SERVER_CAPABILITIES: ServerCapabilities = {
  textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
  completionProvider: { triggerCharacters: ['=', ' ', '.', '"', '[', ','], resolveProvider: false },
  hoverProvider: true,
  inlayHintProvider: true,
  codeActionProvider: { codeActionKinds: ['quickfix', 'refactor.rewrite'], resolveProvider: true },
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
  const log = (m: string): void => connection.console.error(m);
  let pull = false;
  let store: RunStore | undefined;
  let scheduler: DiagnosticsScheduler | undefined;
  let service: PeftLanguageService = createPeftLanguageService(options);

  connection.onInitialize((params): InitializeResult => {
    const init = (params.initializationOptions ?? {}) as PeftInitializationOptions;
    // What documents may read (docs/security.md): nothing in an untrusted workspace; else the workspace folders and the user's extra roots.
    const extraRoots = Array.isArray(init.readRoots)
      ? init.readRoots.filter((r): r is string => typeof r === 'string')
      : [];
    const access: FileAccess = {
      trusted: init.trusted !== false,
      roots: rootsOf(params),
      extraRoots,
    };
    pull = params.capabilities.textDocument?.diagnostic !== undefined;
    const inlayRefresh = params.capabilities.workspace?.inlayHint?.refreshSupport === true;
    const onChange = (): void => {
      if (pull) void connection.sendRequest('workspace/diagnostic/refresh').catch(() => undefined);
      else scheduler?.scheduleAll();
      if (inlayRefresh) void connection.languages.inlayHint.refresh().catch(() => undefined);
    };
    const storeOptions = { roots: rootsOf(params), onChange, log };
    store = new RunStore(
      init.storePollMs === undefined ? storeOptions : { ...storeOptions, pollMs: init.storePollMs },
    );
    service = createPeftLanguageService({
      ...options,
      readFile: (uri) => fileResolverFor(uri, access),
      storeView: store.view,
      ...(init.intervalLevel === undefined ? {} : { intervalLevel: init.intervalLevel }),
      ...(init.inlayHints === undefined ? {} : { inlayHints: init.inlayHints }),
    });
    scheduler = new DiagnosticsScheduler(
      connection,
      documents,
      service,
      init.diagnosticsDelayMs ?? 10,
      log,
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
    service.forget(e.document.uri);
    if (!pull) scheduler?.clear(e.document.uri);
  });

  /** The open document `uri` through `feature`, guarded; `none` when it is not open or the feature throws. */
  const on = <T>(
    name: string,
    uri: string,
    token: CancellationToken,
    none: T,
    feature: (d: TextDocument) => T,
  ) =>
    runSafe(log, name, token, none, () => {
      const d = documents.get(uri);
      return d ? feature(d) : none;
    });
  const empty: FullDocumentDiagnosticReport = {
    kind: DocumentDiagnosticReportKind.Full,
    items: [],
  };
  const full = (items: FullDocumentDiagnosticReport['items']): FullDocumentDiagnosticReport => ({
    kind: DocumentDiagnosticReportKind.Full,
    items,
  });

  // The pull request's error type carries retrigger data; a cancelled pull is simply empty.
  connection.languages.diagnostics.on((p, t) => {
    const r = on('diagnostic', p.textDocument.uri, t, empty, (d) => full(service.diagnostics(d)));
    return r instanceof ResponseError ? empty : r;
  });
  connection.onCompletion((p, t) =>
    on('completion', p.textDocument.uri, t, [], (d) => service.completion(d, p.position)),
  );
  connection.onHover((p, t) =>
    on('hover', p.textDocument.uri, t, null, (d) => service.hover(d, p.position)),
  );
  connection.languages.inlayHint.on((p, t) =>
    on('inlayHint', p.textDocument.uri, t, [], (d) => service.inlayHints(d, p.range)),
  );
  connection.onCodeAction((p, t) =>
    on('codeAction', p.textDocument.uri, t, [], (d) => service.codeActions(d, p.range, p.context)),
  );
  connection.onCodeActionResolve((action, t) => {
    const uri = (action.data as { uri?: unknown } | undefined)?.uri;
    return typeof uri === 'string'
      ? on('codeActionResolve', uri, t, action, (d) => service.resolveCodeAction(d, action))
      : action;
  });
  connection.onDefinition((p, t) =>
    on('definition', p.textDocument.uri, t, null, (d) => service.definition(d, p.position)),
  );
  connection.onReferences((p, t) =>
    on('references', p.textDocument.uri, t, [], (d) =>
      service.references(d, p.position, p.context.includeDeclaration),
    ),
  );
  connection.onPrepareRename((p, t) =>
    on('prepareRename', p.textDocument.uri, t, null, (d) => service.prepareRename(d, p.position)),
  );
  connection.onRenameRequest((p, t) =>
    on('rename', p.textDocument.uri, t, null, (d) => service.rename(d, p.position, p.newName)),
  );
  connection.onDocumentSymbol((p, t) =>
    on('documentSymbol', p.textDocument.uri, t, [], (d) => service.documentSymbols(d)),
  );
  connection.onFoldingRanges((p, t) =>
    on('foldingRange', p.textDocument.uri, t, [], (d) => service.foldingRanges(d)),
  );
  connection.languages.semanticTokens.on((p, t) =>
    on('semanticTokens', p.textDocument.uri, t, { data: [] }, (d) => service.semanticTokens(d)),
  );
  connection.onDocumentFormatting((p, t) =>
    on('formatting', p.textDocument.uri, t, [], (d) => service.formatting(d, p.options)),
  );
  connection.onSignatureHelp((p, t) =>
    on('signatureHelp', p.textDocument.uri, t, null, (d) => service.signatureHelp(d, p.position)),
  );
  connection.onShutdown(() => {
    store?.dispose();
    scheduler?.dispose();
  });

  documents.listen(connection);
  connection.listen();
}
