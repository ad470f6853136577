/**
 * Hosts the webview pages (loss curves, scaling laws, sweep table) in VS Code panels.
 * Handshake (webview/protocol.ts): the page posts `ready`; the host answers `init` with a full
 * snapshot read from the run store, then streams `points`/`trial`/`fits` deltas from the running
 * CLI. Panels survive reloads through a WebviewPanelSerializer; every page message is validated.
 */
import * as vscode from 'vscode';
import * as path from 'node:path';
import type { RunEvent } from '../core/protocol';
import type { ViewName } from '../webview/model';
import { parsePageMessage, WEBVIEW_PROTOCOL_VERSION } from '../webview/protocol';
import type { HostMessage } from '../webview/protocol';
import { makeNonce, pageHtml } from '../webview/html';
import { reportMessage } from '../webview/report-snapshot';
import { plannedTrialView, recordFromEvent } from '../webview/adapters';
import { DeltaBatcher } from '../webview/delta-batcher';
import type { RunController } from './run-controller';
import { readExperiment } from './store-reader';

export type PanelView = Exclude<ViewName, 'report'>;
const VIEW_TYPES: Record<PanelView, string> = {
  curves: 'peftLab.curves',
  laws: 'peftLab.laws',
  table: 'peftLab.table',
  axes: 'peftLab.axes',
};
const TITLES: Record<PanelView, string> = {
  curves: 'Loss curves',
  laws: 'Scaling laws',
  table: 'Sweep table',
  axes: 'Axes vs metric',
};

interface PanelState {
  view: PanelView;
  file: string;
}

export interface Panels {
  open(view: PanelView, file: vscode.Uri, focus?: string): void;
}

class ResultPanel {
  /** Streams metric records as at most ten `points` messages a second. */
  readonly batcher: DeltaBatcher;

  constructor(
    readonly panel: vscode.WebviewPanel,
    readonly state: PanelState,
    private focus: string | undefined,
    private readonly output: (line: string) => void,
  ) {
    this.batcher = new DeltaBatcher((m) => this.post(m), {
      setTimeout,
      clearTimeout: (t) => clearTimeout(t as NodeJS.Timeout),
    });
  }

  /** The full snapshot: every trial in the store with its points, and the fits. */
  init(): HostMessage {
    const experiment = path.basename(this.state.file, '.peft');
    const { trials, fits } = readExperiment(path.dirname(this.state.file), experiment);
    const message = reportMessage({
      experiment,
      trials,
      fits,
      generated: new Date().toISOString(),
    });
    if (message.type !== 'init') return message;
    return { ...message, view: this.state.view, ...(this.focus ? { focus: this.focus } : {}) };
  }

  post(message: HostMessage): void {
    void this.panel.webview.postMessage(message);
  }

  reveal(focus?: string): void {
    this.focus = focus;
    this.panel.reveal();
    if (focus) this.post({ type: 'focus', trial: focus });
  }

  onPageMessage(raw: unknown, openTrial: (id: string) => void): void {
    const parsed = parsePageMessage(raw);
    if (!parsed.ok) return this.output(`webview sent an invalid message: ${parsed.error}`);
    const message = parsed.value;
    switch (message.type) {
      case 'ready':
        return this.post(this.init());
      case 'open-trial':
        return openTrial(message.trial);
      case 'request':
        if (message.method === 'refresh') this.post(this.init());
        else if (message.trial) openTrial(message.trial);
        return this.post({ type: 'response', id: message.id, ok: true });
      case 'log':
        return this.output(`webview ${message.level}: ${message.message}`);
    }
  }
}

export function registerPanels(
  context: vscode.ExtensionContext,
  runs: RunController,
  output: vscode.LogOutputChannel,
): Panels {
  const panels = new Set<ResultPanel>();
  const distRoot = vscode.Uri.joinPath(context.extensionUri, 'dist');
  const log = (line: string): void => output.warn(line);

  const attach = (panel: vscode.WebviewPanel, state: PanelState, focus?: string): ResultPanel => {
    panel.webview.options = { enableScripts: true, localResourceRoots: [distRoot] };
    const nonce = makeNonce();
    const src = panel.webview.asWebviewUri(vscode.Uri.joinPath(distRoot, 'webview.js')).toString();
    panel.webview.html = pageHtml({
      view: state.view,
      title: TITLES[state.view],
      script: { kind: 'uri', src, nonce, cspSource: panel.webview.cspSource },
    });
    const host = new ResultPanel(panel, state, focus, log);
    panels.add(host);
    panel.onDidDispose(
      () => {
        host.batcher.dispose();
        panels.delete(host);
      },
      undefined,
      context.subscriptions,
    );
    panel.webview.onDidReceiveMessage(
      (raw) => host.onPageMessage(raw, (id) => open('curves', vscode.Uri.file(state.file), id)),
      undefined,
      context.subscriptions,
    );
    return host;
  };

  const open = (view: PanelView, file: vscode.Uri, focus?: string): void => {
    for (const p of panels) {
      if (p.state.view === view && p.state.file === file.fsPath) return p.reveal(focus);
    }
    const panel = vscode.window.createWebviewPanel(
      VIEW_TYPES[view],
      `${TITLES[view]}: ${path.basename(file.fsPath)}`,
      vscode.ViewColumn.Beside,
      { enableScripts: true, localResourceRoots: [distRoot] },
    );
    attach(panel, { view, file: file.fsPath }, focus);
    void context.workspaceState.update(`peftLab.panel.${view}`, file.fsPath);
  };

  for (const view of Object.keys(VIEW_TYPES) as PanelView[]) {
    context.subscriptions.push(
      vscode.window.registerWebviewPanelSerializer(VIEW_TYPES[view], {
        deserializeWebviewPanel(panel: vscode.WebviewPanel, state: unknown) {
          // The page's saved state holds its UI, not the file: the host remembers the file per view.
          const saved = (state as { file?: unknown } | undefined)?.file;
          const file =
            typeof saved === 'string'
              ? saved
              : context.workspaceState.get<string>(`peftLab.panel.${view}`);
          if (typeof file !== 'string') {
            panel.dispose();
            return Promise.resolve();
          }
          attach(panel, { view, file });
          return Promise.resolve();
        },
      }),
    );
  }

  context.subscriptions.push(
    runs.onEvent(({ run, event }) => {
      for (const p of panels) {
        if (p.state.file === run.file.fsPath) forward(p, event);
      }
    }),
  );
  return { open };
}

/**
 * Turns one CLI event into the page's delta messages. Trials already in the store keep their
 * stored view; new ones appear as planned, then as running; a finished trial or a new fit resends
 * the snapshot, since the store now holds its status and final metrics (or fits.json).
 */
function forward(panel: ResultPanel, event: RunEvent): void {
  switch (event.type) {
    case 'plan':
      for (const t of event.trials)
        if (!t.cached) panel.post({ type: 'trial', trial: plannedTrialView(t) });
      return;
    case 'trial-start':
    case 'trial-end':
    case 'fit':
      panel.batcher.flush();
      panel.post(panel.init());
      return;
    default: {
      const point = recordFromEvent(event);
      if (point) panel.batcher.add(point.id, point.record);
    }
  }
}

export const PANEL_PROTOCOL_VERSION = WEBVIEW_PROTOCOL_VERSION;
