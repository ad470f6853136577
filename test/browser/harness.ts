/**
 * Helpers for driving the webview pages in Debian's headless Chromium with playwright-core:
 * build the bundle once per process, launch the browser, open a report or a VS Code-like panel
 * (with a mock `acquireVsCodeApi`), and collect console errors, page errors and CSP violations.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { createHash } from 'node:crypto';
import { build } from 'esbuild';
import { chromium, type Browser, type Page } from 'playwright-core';
import { pageHtml } from '../../webview/html';
import type { HostMessage } from '../../webview/protocol';
import type { ViewName } from '../../webview/model';

export const CHROMIUM = process.env.PEFT_CHROMIUM ?? '/usr/bin/chromium';
const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

let bundle: Promise<string> | undefined;
export const workDir = mkdtempSync(path.join(tmpdir(), 'peft-webview-'));

/** Builds webview/main.ts like scripts/build.mjs does (minified, as shipped) and returns its path. */
export function webviewBundle(): Promise<string> {
  bundle ??= build({
    entryPoints: [path.resolve(__dirname, '../../webview/main.ts')],
    outfile: path.join(workDir, 'webview.js'),
    bundle: true,
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
    minify: true,
    legalComments: 'none',
    logLevel: 'warning',
  }).then(() => path.join(workDir, 'webview.js'));
  return bundle;
}

export function launch(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: ARGS });
}

export interface Watched {
  page: Page;
  /** Console errors, uncaught page errors and CSP violations seen so far. */
  problems: string[];
  /** Messages the page posted to its (mock) VS Code host. */
  posted(): Promise<unknown[]>;
  /** Delivers a host message the way VS Code does (a window `message` event). */
  send(message: HostMessage): Promise<void>;
}

export async function watch(
  browser: Browser,
  options: { vscode: boolean; state?: unknown; viewport?: { width: number; height: number } },
): Promise<Watched> {
  const page = await browser.newPage({
    viewport: options.viewport ?? { width: 1200, height: 800 },
  });
  const problems: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning')
      problems.push(`console ${m.type()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  // A string, not a function: tsx adds `__name` helpers to compiled functions, which do not
  // exist in the page.
  await page.addInitScript(`
    window.__csp = [];
    document.addEventListener('securitypolicyviolation', (e) => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI));
    if (${JSON.stringify(options.vscode)}) {
      window.__posted = [];
      window.__state = ${JSON.stringify(options.state ?? null)} ?? undefined;
      window.acquireVsCodeApi = () => ({
        postMessage: (m) => window.__posted.push(m),
        getState: () => window.__state,
        setState: (s) => { window.__state = s; },
      });
    }
  `);
  page.setDefaultTimeout(10_000);
  return {
    page,
    problems,
    posted: () => page.evaluate(() => (window as unknown as { __posted: unknown[] }).__posted),
    send: (message) => page.evaluate((m) => window.postMessage(m, '*'), message),
  };
}

/** CSP violations recorded by the page (in addition to console reports). */
export function cspViolations(page: Page): Promise<string[]> {
  return page.evaluate(() => (window as unknown as { __csp: string[] }).__csp);
}

/** Writes a VS Code-like panel page (script by URL + nonce, like the extension host) and returns its file URL. */
export async function panelPage(view: ViewName): Promise<string> {
  const src = await webviewBundle();
  const file = path.join(workDir, `panel-${view}.html`);
  writeFileSync(
    file,
    pageHtml({
      view,
      title: view,
      script: {
        kind: 'uri',
        src: `file://${src}`,
        nonce: 'TEST-nonce-0123456789abcdef',
        cspSource: 'file:',
      },
    }),
  );
  return `file://${file}`;
}

/** Writes a standalone report (bundle inlined, allowed by hash) with `data` embedded; returns its URL. */
export async function reportPage(data: HostMessage, name = 'report'): Promise<string> {
  const { readFileSync } = await import('node:fs');
  const code = readFileSync(await webviewBundle(), 'utf8');
  const sha256 = createHash('sha256').update(code).digest('base64');
  const file = path.join(workDir, `${name}.html`);
  writeFileSync(
    file,
    pageHtml({ view: 'report', title: 'report', script: { kind: 'inline', code, sha256 }, data }),
  );
  return `file://${file}`;
}

/** Waits until the named chart exists and has drawn at least once. */
export async function waitForChart(page: Page, name: string): Promise<void> {
  await page.waitForFunction((n) => {
    const c = (window as unknown as { __peftCharts?: Record<string, { chartArea?: unknown }> })
      .__peftCharts?.[n];
    return !!c && !!c.chartArea;
  }, name);
}

/** Counts non-transparent pixels of the chart's canvas (a blank canvas has none). */
export function paintedPixels(page: Page, name: string): Promise<number> {
  return page.evaluate((n) => {
    const chart = (
      window as unknown as { __peftCharts: Record<string, { canvas: HTMLCanvasElement }> }
    ).__peftCharts[n]!;
    const { width, height } = chart.canvas;
    const data = chart.canvas.getContext('2d')!.getImageData(0, 0, width, height).data;
    let painted = 0;
    for (let i = 3; i < data.length; i += 4) if (data[i]! > 0) painted++;
    return painted;
  }, name);
}
