/**
 * The pages' stylesheet. Colours come from VS Code's theme variables (--vscode-*), which VS Code
 * sets on the page; the standalone report has none, so each has a fallback that follows the
 * system's light/dark/high-contrast preference. Applied as a constructed stylesheet (see
 * `applyStyles`), so the CSP needs no 'unsafe-inline' for styles.
 */
export const CSS = `
:root {
  --fb-bg: #ffffff; --fb-fg: #1f2328; --fb-muted: #59636e; --fb-border: #d1d9e0; --fb-accent: #0969da;
  --fb-row: #f6f8fa; --fb-focus: #0969da; --fb-best: #1a7f37;
  --fb-c1: #0969da; --fb-c2: #cf222e; --fb-c3: #1a7f37; --fb-c4: #9a6700; --fb-c5: #8250df; --fb-c6: #bc4c00;
  --fb-line: 1.5;
}
@media (prefers-color-scheme: dark) {
  :root {
    --fb-bg: #1e1e1e; --fb-fg: #d4d4d4; --fb-muted: #9d9d9d; --fb-border: #3c3c3c; --fb-accent: #4daafc;
    --fb-row: #252526; --fb-focus: #4daafc; --fb-best: #73c991;
    --fb-c1: #4daafc; --fb-c2: #f48771; --fb-c3: #89d185; --fb-c4: #cca700; --fb-c5: #b180d7; --fb-c6: #e59b4b;
  }
}
@media (prefers-contrast: more), (forced-colors: active) {
  :root { --fb-border: CanvasText; --fb-focus: Highlight; --fb-line: 2.5; }
}
body.vscode-high-contrast, body.vscode-high-contrast-light { --fb-line: 2.5; }
/* On body too, so body-level overrides (VS Code's theme classes) feed the mapping. */
:root, body {
  --peft-bg: var(--vscode-editor-background, var(--fb-bg));
  --peft-fg: var(--vscode-editor-foreground, var(--fb-fg));
  --peft-muted: var(--vscode-descriptionForeground, var(--fb-muted));
  --peft-border: var(--vscode-panel-border, var(--vscode-contrastBorder, var(--fb-border)));
  --peft-accent: var(--vscode-textLink-foreground, var(--fb-accent));
  --peft-row: var(--vscode-list-hoverBackground, var(--fb-row));
  --peft-focus: var(--vscode-focusBorder, var(--fb-focus));
  --peft-best: var(--vscode-charts-green, var(--fb-best));
  --peft-c1: var(--vscode-charts-blue, var(--fb-c1));
  --peft-c2: var(--vscode-charts-red, var(--fb-c2));
  --peft-c3: var(--vscode-charts-green, var(--fb-c3));
  --peft-c4: var(--vscode-charts-yellow, var(--fb-c4));
  --peft-c5: var(--vscode-charts-purple, var(--fb-c5));
  --peft-c6: var(--vscode-charts-orange, var(--fb-c6));
  --peft-line: var(--fb-line);
  --peft-font: var(--vscode-font-family, system-ui, sans-serif);
  --peft-font-size: var(--vscode-font-size, 13px);
}
html, body { background: var(--peft-bg); color: var(--peft-fg); font-family: var(--peft-font); font-size: var(--peft-font-size); margin: 0; }
body { padding: 0 12px 12px; }
header.peft-header { display: flex; align-items: baseline; gap: 1em; flex-wrap: wrap; }
header.peft-header h1 { font-size: 1.3em; margin: 0.6em 0 0.3em; }
.muted { color: var(--peft-muted); }
[role=tablist] { display: flex; gap: 2px; border-bottom: 1px solid var(--peft-border); margin-bottom: 8px; }
[role=tab] { background: none; color: var(--peft-fg); border: 1px solid transparent; border-bottom: none; padding: 6px 12px; cursor: pointer; font: inherit; }
[role=tab][aria-selected=true] { border-color: var(--peft-border); border-bottom: 2px solid var(--peft-accent); font-weight: 600; }
:focus-visible { outline: 2px solid var(--peft-focus); outline-offset: 1px; }
.toolbar { display: flex; flex-wrap: wrap; gap: 12px; align-items: center; padding: 6px 0; }
.toolbar label { display: inline-flex; gap: 4px; align-items: center; }
select, input, button { font: inherit; color: var(--vscode-input-foreground, var(--peft-fg)); background: var(--vscode-input-background, var(--peft-bg)); border: 1px solid var(--vscode-input-border, var(--peft-border)); }
button { cursor: pointer; padding: 2px 8px; }
.layout { display: grid; grid-template-columns: minmax(0, 1fr) 240px; gap: 12px; }
.chart-box { position: relative; height: 60vh; min-height: 280px; }
.chart-box.small { height: 32vh; min-height: 200px; }
.side { max-height: 60vh; overflow: auto; border-left: 1px solid var(--peft-border); padding-left: 8px; }
.side fieldset { border: none; padding: 0; margin: 0 0 8px; }
.side legend { font-weight: 600; padding: 0; margin-bottom: 4px; }
.side label { display: flex; gap: 6px; align-items: center; padding: 1px 0; cursor: pointer; }
.side label.focused { font-weight: 700; }
.swatch { display: inline-block; width: 10px; height: 10px; border-radius: 2px; flex: none; }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; padding: 3px 8px; border-bottom: 1px solid var(--peft-border); white-space: nowrap; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
th button { background: none; border: none; padding: 0; font-weight: 600; color: var(--peft-fg); }
tbody tr { cursor: pointer; }
tbody tr:hover, tbody tr:focus { background: var(--peft-row); }
tr.best td:first-child::before { content: '★ '; color: var(--peft-best); }
tr.best { font-weight: 600; }
.params td, .params th { padding: 2px 6px; }
.grid2 { display: grid; grid-template-columns: minmax(0, 1fr) minmax(0, 1fr); gap: 12px; }
.warning { color: var(--vscode-editorWarning-foreground, #9a6700); }
.empty { padding: 2em; text-align: center; }
.importance { list-style: none; padding: 0; }
.importance li { display: grid; grid-template-columns: 10em 1fr auto; gap: 0.5em; align-items: center; }
.importance-bar { display: block; height: 0.8em; min-width: 1px; background: var(--peft-accent); }
[hidden] { display: none !important; }
`;

/** Applies the stylesheet once. Constructed stylesheets are not inline styles, so CSP allows them. */
export function applyStyles(doc: Document): void {
  const sheet = new CSSStyleSheet();
  sheet.replaceSync(CSS);
  doc.adoptedStyleSheets = [...doc.adoptedStyleSheets, sheet];
}
