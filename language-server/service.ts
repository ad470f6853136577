/**
 * The `.peft` language service: every feature behind one object, with no connection, no file
 * system and no clock (like vscode-json-languageservice). The LSP server (server.ts) wraps it for
 * VS Code; a browser or Monaco host passes its own `readFile` and `storeView`. Each method takes a
 * document (uri, version, text) and LSP-shaped arguments; analysis is cached per (uri, version),
 * and expanded runs across versions (core/plan/run-cache.ts), so an edit re-expands only its runs.
 */
import type {
  CodeAction,
  CodeActionContext,
  CompletionItem,
  Diagnostic,
  DocumentSymbol,
  FoldingRange,
  FormattingOptions,
  Hover,
  InlayHint,
  Location,
  Position,
  Range,
  SemanticTokens,
  SignatureHelp,
  TextEdit,
  WorkspaceEdit,
} from 'vscode-languageserver';
import { EMPTY_STORE, type StoreLookup } from '../store/view';
import {
  incrementalAnalyzer,
  type AnalyzedDocument,
  type Analyzer,
  type ReadFile,
} from './analysis';
import { codeActions } from './code-actions';
import { resolveSuggestAction, suggestActions } from './suggest-action';
import { completion } from './completion';
import { diagnostics } from './diagnostics';
import { documentSymbols } from './document-symbols';
import { DocumentCache, type TextDocument } from './documents';
import { foldingRanges } from './folding';
import { formatting } from './formatting';
import { hover } from './hover';
import { inlayHints } from './inlay-hints';
import { definition, prepareRename, references, rename } from './navigation';
import { semanticTokens } from './semantic-tokens';
import { signatureHelp } from './signature-help';

export interface LanguageServiceOptions {
  /** Reads a file a document names (an hf config.json); omitted = no file access (hf models say so). */
  readFile?: ReadFile;
  /** The run store's view of an experiment (fits, measured throughput); omitted = nothing run yet. */
  storeView?: StoreLookup;
  /** Coverage of prediction intervals in hovers and hints (default: the fit's own). */
  intervalLevel?: number;
  /** Inlay hints on (default true). */
  inlayHints?: boolean;
  /** The core analysis (default: core/plan's analyze with a run cache per service); tests pass a failing one. */
  analyzer?: Analyzer;
}

export interface PeftLanguageService {
  /** The cached analysis of this version of the document. */
  analyze(doc: TextDocument): AnalyzedDocument;
  /** Drops a closed document's analysis. */
  forget(uri: string): void;
  /** Every analysed document (to refresh them all when the store changes). */
  documents(): AnalyzedDocument[];
  diagnostics(doc: TextDocument): Diagnostic[];
  completion(doc: TextDocument, position: Position): CompletionItem[];
  hover(doc: TextDocument, position: Position): Hover | null;
  inlayHints(doc: TextDocument, range: Range): InlayHint[];
  codeActions(doc: TextDocument, range: Range, context: CodeActionContext): CodeAction[];
  /** Computes the edit of an action offered without one ("Insert suggested trials"). */
  resolveCodeAction(doc: TextDocument, action: CodeAction): CodeAction;
  definition(doc: TextDocument, position: Position): Location | null;
  references(doc: TextDocument, position: Position, includeDeclaration: boolean): Location[];
  prepareRename(doc: TextDocument, position: Position): ReturnType<typeof prepareRename>;
  rename(doc: TextDocument, position: Position, newName: string): WorkspaceEdit | null;
  documentSymbols(doc: TextDocument): DocumentSymbol[];
  foldingRanges(doc: TextDocument): FoldingRange[];
  semanticTokens(doc: TextDocument): SemanticTokens;
  formatting(doc: TextDocument, options: FormattingOptions): TextEdit[];
  signatureHelp(doc: TextDocument, position: Position): SignatureHelp | null;
}

export function createPeftLanguageService(
  options: LanguageServiceOptions = {},
): PeftLanguageService {
  const cache = new DocumentCache(options.analyzer ?? incrementalAnalyzer(), options.readFile);
  const view = (d: AnalyzedDocument) => options.storeView?.(d.uri, d.experiment) ?? EMPTY_STORE;
  const a = (doc: TextDocument) => cache.get(doc);
  return {
    analyze: a,
    forget: (uri) => cache.delete(uri),
    documents: () => cache.all(),
    diagnostics: (doc) => diagnostics(a(doc)),
    completion: (doc, position) => completion(a(doc), position),
    hover: (doc, position) => hover(a(doc), view(a(doc)), position, options.intervalLevel),
    inlayHints: (doc, range) =>
      options.inlayHints === false
        ? []
        : inlayHints(a(doc), view(a(doc)), range, options.intervalLevel),
    codeActions: (doc, range, context) => [
      ...codeActions(a(doc), range, context),
      ...suggestActions(a(doc), view(a(doc)), range, context),
    ],
    resolveCodeAction: (doc, action) => resolveSuggestAction(a(doc), view(a(doc)), action),
    definition: (doc, position) => definition(a(doc), position),
    references: (doc, position, includeDeclaration) =>
      references(a(doc), position, includeDeclaration),
    prepareRename: (doc, position) => prepareRename(a(doc), position),
    rename: (doc, position, newName) => rename(a(doc), position, newName),
    documentSymbols: (doc) => documentSymbols(a(doc)),
    foldingRanges: (doc) => foldingRanges(a(doc)),
    semanticTokens: (doc) => semanticTokens(a(doc)),
    formatting: (doc, formattingOptions) => formatting(a(doc), formattingOptions),
    signatureHelp: (doc, position) => signatureHelp(a(doc), position),
  };
}
