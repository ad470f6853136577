/**
 * A real LSP client for tests and benchmarks: spawns the server process (`node --import tsx
 * language-server/main.ts --stdio`, or the bundled dist/server.js) and talks JSON-RPC to it over
 * its stdio with vscode-jsonrpc. Waits on events (published diagnostics, requests), never sleeps.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  createMessageConnection,
  StreamMessageReader,
  StreamMessageWriter,
  type MessageConnection,
} from 'vscode-jsonrpc/node';
import type {
  Diagnostic,
  InitializeResult,
  PublishDiagnosticsParams,
} from 'vscode-languageserver-protocol';

/** The repository root; PEFT_REPO overrides it when this file runs from a bundle. */
export const REPO = process.env.PEFT_REPO ?? path.resolve(import.meta.dirname, '../../../..');

export interface StartOptions {
  /** Workspace root (the run store is looked up under it). */
  root?: string;
  initializationOptions?: Record<string, unknown>;
  /** Declare pull-diagnostics support (the server then stops pushing). */
  pull?: boolean;
  /** Run dist/server.js instead of the TypeScript sources. */
  bundled?: boolean;
  /** Executable and args for another server (benchmark anchor). */
  command?: { exe: string; args: string[] };
}

interface Waiter {
  uri: string;
  version: number | undefined;
  resolve: (d: PublishDiagnosticsParams) => void;
}

export class LspClient {
  readonly published = new Map<string, PublishDiagnosticsParams>();
  /** Every publishDiagnostics received, in order. */
  readonly history: PublishDiagnosticsParams[] = [];
  readonly notifications: Array<{ method: string; params: unknown }> = [];
  readonly serverRequests: string[] = [];
  private waiters: Waiter[] = [];
  private eventWaiters: Array<{ method: string; resolve: (params: unknown) => void }> = [];
  private versions = new Map<string, number>();
  stderr = '';
  exited: number | null | undefined;

  private constructor(
    readonly proc: ChildProcess,
    readonly connection: MessageConnection,
  ) {}

  static async start(
    opts: StartOptions = {},
  ): Promise<{ client: LspClient; init: InitializeResult }> {
    const cmd =
      opts.command ??
      (opts.bundled
        ? { exe: process.execPath, args: [path.join(REPO, 'dist/server.js'), '--stdio'] }
        : {
            exe: process.execPath,
            args: ['--import', 'tsx', path.join(REPO, 'language-server/main.ts'), '--stdio'],
          });
    const proc = spawn(cmd.exe, cmd.args, { cwd: REPO, stdio: ['pipe', 'pipe', 'pipe'] });
    const connection = createMessageConnection(
      new StreamMessageReader(proc.stdout),
      new StreamMessageWriter(proc.stdin),
    );
    const client = new LspClient(proc, connection);
    proc.stderr.on('data', (b: Buffer) => (client.stderr += b.toString()));
    proc.on('exit', (code) => (client.exited = code));
    connection.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) =>
      client.onDiagnostics(p),
    );
    connection.onNotification((method: string, params: unknown) => {
      client.notifications.push({ method, params });
      client.fire(method, params);
    });
    connection.onRequest((method: string, params: unknown) => {
      client.serverRequests.push(method);
      client.fire(method, undefined);
      // Settings: one (empty) answer per item asked, so servers fall back to their defaults.
      if (method === 'workspace/configuration')
        return ((params as { items?: unknown[] }).items ?? []).map(() => null);
      return null;
    });
    connection.listen();
    const root = opts.root ?? REPO;
    const init = await connection.sendRequest<InitializeResult>('initialize', {
      processId: process.pid,
      rootUri: pathToFileURL(root).href,
      workspaceFolders: [{ uri: pathToFileURL(root).href, name: 'root' }],
      capabilities: {
        textDocument: {
          ...(opts.pull ? { diagnostic: { dynamicRegistration: false } } : {}),
          publishDiagnostics: { versionSupport: true },
          completion: { completionItem: { snippetSupport: true } },
          hover: { contentFormat: ['markdown'] },
        },
        workspace: { inlayHint: { refreshSupport: true }, configuration: true },
      },
      initializationOptions: opts.initializationOptions ?? {},
    });
    await connection.sendNotification('initialized', {});
    return { client, init };
  }

  private fire(method: string, params: unknown): void {
    const ready = this.eventWaiters.filter((w) => w.method === method);
    this.eventWaiters = this.eventWaiters.filter((w) => w.method !== method);
    for (const w of ready) w.resolve(params);
  }

  /** Resolves on the next server → client notification or request named `method`. */
  next(method: string): Promise<unknown> {
    return new Promise((resolve) => this.eventWaiters.push({ method, resolve }));
  }

  private onDiagnostics(p: PublishDiagnosticsParams): void {
    this.published.set(p.uri, p);
    this.history.push(p);
    const ready = this.waiters.filter(
      (w) => w.uri === p.uri && (w.version === undefined || p.version === w.version),
    );
    this.waiters = this.waiters.filter((w) => !ready.includes(w));
    for (const w of ready) w.resolve(p);
  }

  /** Resolves with the next diagnostics published for `uri` (for `version`, when given). */
  nextDiagnostics(uri: string, version?: number): Promise<PublishDiagnosticsParams> {
    return new Promise((resolve) => this.waiters.push({ uri, version, resolve }));
  }

  /** The diagnostics of `uri` at `version`: already published, or the next publish for it. */
  diagnosticsFor(uri: string, version: number): Promise<PublishDiagnosticsParams> {
    const have = this.published.get(uri);
    return have?.version === version ? Promise.resolve(have) : this.nextDiagnostics(uri, version);
  }

  async open(uri: string, text: string, languageId = 'peft'): Promise<void> {
    this.versions.set(uri, 1);
    await this.connection.sendNotification('textDocument/didOpen', {
      textDocument: { uri, languageId, version: 1, text },
    });
  }

  /** Replaces the whole text (sent as one ranged edit, which incremental sync accepts); returns the new version. */
  async replace(uri: string, text: string): Promise<number> {
    const version = (this.versions.get(uri) ?? 0) + 1;
    this.versions.set(uri, version);
    await this.connection.sendNotification('textDocument/didChange', {
      textDocument: { uri, version },
      contentChanges: [{ text }],
    });
    return version;
  }

  /** Sends one incremental edit; returns the new version. */
  async edit(
    uri: string,
    range: { start: { line: number; character: number }; end: { line: number; character: number } },
    text: string,
  ): Promise<number> {
    const version = (this.versions.get(uri) ?? 0) + 1;
    this.versions.set(uri, version);
    await this.connection.sendNotification('textDocument/didChange', {
      textDocument: { uri, version },
      contentChanges: [{ range, text }],
    });
    return version;
  }

  request<R>(method: string, params: unknown): Promise<R> {
    return this.connection.sendRequest<R>(method, params);
  }

  async stop(): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        this.connection.sendRequest('shutdown'),
        new Promise((r) => (timer = setTimeout(r, 2000))),
      ]);
      await this.connection.sendNotification('exit');
    } catch {
      // already gone
    } finally {
      clearTimeout(timer);
    }
    this.connection.dispose();
    if (this.exited === undefined) this.proc.kill();
  }
}

export type { Diagnostic };
