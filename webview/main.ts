/**
 * Entry point of the webview bundle (dist/webview.js), for VS Code panels and the standalone
 * report alike. The page's HTML (webview/html.ts) provides `<div id="peft-root" data-view="…">`
 * and, in a report, the data as `<script type="application/json" id="peft-data">` holding an
 * `init` message. In VS Code the page posts `ready` and waits for the host's `init`.
 */
import { App } from './app';
import { acceptsMessage, detectHost } from './host';
import { isViewName } from './guards';
import { parseHostMessage, WEBVIEW_PROTOCOL_VERSION } from './protocol';
import { applyStyles } from './styles';
import { watchTheme } from './theme';

declare global {
  interface Window {
    /** Live Chart.js instances by name (curves, laws, residuals, frontier), for tests and benchmarks. */
    __peftCharts?: App['charts'];
    __peftApp?: App;
  }
}

function start(): void {
  applyStyles(document);
  const host = detectHost(window);
  const root = document.getElementById('peft-root') ?? document.body;
  const view = isViewName(root.dataset.view) ? root.dataset.view : 'report';
  const app = new App(root, view, host);
  window.__peftCharts = app.charts;
  window.__peftApp = app;
  const report = (level: 'error' | 'warn', message: string): void =>
    host.post({ type: 'log', level, message });
  window.addEventListener('error', (e) =>
    report('error', `${e.message} (${e.filename}:${e.lineno})`),
  );
  window.addEventListener('unhandledrejection', (e) => report('error', String(e.reason)));
  watchTheme(document, () => app.retheme());
  window.addEventListener('message', (event: MessageEvent<unknown>) => {
    // A standalone report has its data embedded; any frame or opener could post to it, so it
    // accepts only messages its own page sent (same origin and source). VS Code delivers host
    // messages through the webview's own frame.
    if (!acceptsMessage(host.kind, event, window)) return;
    const parsed = parseHostMessage(event.data);
    if (parsed.ok) app.handle(parsed.value);
    else report('warn', `ignored host message: ${parsed.error}`);
  });
  const embedded = document.getElementById('peft-data');
  if (embedded?.textContent) {
    const parsed = parseEmbedded(embedded.textContent);
    if (parsed.ok) app.handle(parsed.value);
    else {
      // Say so on the page: a report is opened by people, not read from a log.
      const p = document.createElement('p');
      p.className = 'warning';
      p.textContent = `This report's data cannot be read: ${parsed.error}`;
      root.prepend(p);
      report('error', parsed.error);
    }
  } else {
    host.post({ type: 'ready', v: WEBVIEW_PROTOCOL_VERSION, view });
  }
}

function parseEmbedded(text: string): ReturnType<typeof parseHostMessage> {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    return { ok: false, error: `not JSON: ${String(err)}` };
  }
  return parseHostMessage(raw);
}

start();
