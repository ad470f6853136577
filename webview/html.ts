/**
 * The page HTML shared by VS Code panels and the standalone report. Pure string building with no
 * DOM and no Node APIs, so the extension host and the CLI both import it.
 *
 * Security (STYLE.md §12): `default-src 'none'`; the one script is allowed by nonce (panels) or
 * by its sha256 hash (report, where a nonce in a static file would be meaningless); styles come
 * from a constructed stylesheet inside the bundle, so no inline style is allowed; data is never
 * interpolated into script: the report embeds it as an inert `application/json` block.
 */
import type { ViewName } from './model';
import type { HostMessage } from './protocol';

export type PageScript =
  /** VS Code: `src` from `webview.asWebviewUri(dist/webview.js)`, a fresh nonce per render, `webview.cspSource`. */
  | { kind: 'uri'; src: string; nonce: string; cspSource: string }
  /** Report: the bundle's text inlined; `sha256` is its base64 SHA-256 digest. */
  | { kind: 'inline'; code: string; sha256: string };

export interface PageHtmlOptions {
  view: ViewName;
  title: string;
  script: PageScript;
  /** The `init` message to embed (report). Absent in panels: the page posts `ready` instead. */
  data?: HostMessage;
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** JSON that is safe inside a `<script type="application/json">`: no `<` can close the element. */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

export function contentSecurityPolicy(script: PageScript): string {
  if (script.kind === 'uri') {
    return [
      `default-src 'none'`,
      `img-src ${script.cspSource} data:`,
      `style-src ${script.cspSource}`,
      `font-src ${script.cspSource}`,
      `script-src 'nonce-${script.nonce}'`,
    ].join('; ');
  }
  return [
    `default-src 'none'`,
    `img-src data:`,
    `script-src 'sha256-${script.sha256}'`,
    `base-uri 'none'`,
    `form-action 'none'`,
  ].join('; ');
}

/**
 * Returns the complete HTML document. Throws when an inline script contains `</script`
 * (it would end the element early; the build never produces one).
 */
export function pageHtml(options: PageHtmlOptions): string {
  const { script } = options;
  if (script.kind === 'inline' && /<\/script/i.test(script.code))
    throw new Error('inline script contains "</script": cannot embed it safely');
  const scriptTag =
    script.kind === 'uri'
      ? `<script nonce="${escapeHtml(script.nonce)}" src="${escapeHtml(script.src)}"></script>`
      : `<script>${script.code}</script>`;
  const data = options.data
    ? `<script type="application/json" id="peft-data">${jsonForScript(options.data)}</script>\n`
    : '';
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${escapeHtml(contentSecurityPolicy(script))}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(options.title)}</title>
</head>
<body>
<div id="peft-root" data-view="${escapeHtml(options.view)}"></div>
${data}${scriptTag}
</body>
</html>
`;
}

/** A random nonce for a panel render: 32 url-safe characters, 6 random bits each. */
export function makeNonce(
  random: (bytes: Uint8Array) => Uint8Array = (b) => crypto.getRandomValues(b),
): string {
  const bytes = random(new Uint8Array(32));
  let s = '';
  for (const b of bytes)
    s += 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'[b & 63];
  return s;
}
