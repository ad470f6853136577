/**
 * The page's side of its host. In a VS Code panel `acquireVsCodeApi()` exists: messages go to
 * the extension and UI state survives reloads through `setState`. In the standalone report there
 * is no host: messages are dropped and state lives in `history.state` (kept across reloads of
 * the same tab).
 */
import type { PageMessage } from './protocol';

export interface PageHost {
  readonly kind: 'vscode' | 'standalone';
  post(message: PageMessage): void;
  getState(): unknown;
  setState(state: unknown): void;
}

interface VsCodeApi {
  postMessage(message: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}

type HostWindow = Window & { acquireVsCodeApi?: () => VsCodeApi };

export function detectHost(win: HostWindow): PageHost {
  if (typeof win.acquireVsCodeApi === 'function') {
    // acquireVsCodeApi may be called only once per page load.
    const api = win.acquireVsCodeApi();
    return {
      kind: 'vscode',
      post: (m) => api.postMessage(m),
      getState: () => api.getState(),
      setState: (s) => api.setState(s),
    };
  }
  return {
    kind: 'standalone',
    post: () => {},
    getState: () => win.history.state as unknown,
    setState: (s) => {
      try {
        win.history.replaceState(s, '');
      } catch {
        // Some file:// contexts refuse history writes; the state is then per load only.
      }
    },
  };
}

/**
 * Whether a window message may drive the page. A standalone report has its data embedded, and any
 * frame or opener can post to a window, so it accepts only messages its own page sent (same
 * source and origin). In VS Code the host's messages arrive through the webview's own frame.
 */
export function acceptsMessage(
  kind: PageHost['kind'],
  event: { origin: string; source: unknown },
  win: { location: { origin: string } },
): boolean {
  if (kind === 'vscode') return true;
  return event.source === win && event.origin === win.location.origin;
}
