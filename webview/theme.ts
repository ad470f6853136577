/**
 * Chart colours read from the page's CSS variables (see styles.ts), so charts follow VS Code's
 * theme and the report follows the system's. `watchTheme` calls back when VS Code switches theme
 * (it changes the body's class) or the system preference changes.
 */
export interface Theme {
  fg: string;
  muted: string;
  grid: string;
  bg: string;
  accent: string;
  lineWidth: number;
  palette: string[];
}

export function readTheme(doc: Document): Theme {
  const style = getComputedStyle(doc.body);
  const v = (name: string, fallback: string): string =>
    style.getPropertyValue(name).trim() || fallback;
  const base = ['--peft-c1', '--peft-c2', '--peft-c3', '--peft-c4', '--peft-c5', '--peft-c6'].map(
    (n, i) => v(n, hsl(i * 60)),
  );
  return {
    fg: v('--peft-fg', '#1f2328'),
    muted: v('--peft-muted', '#59636e'),
    grid: v('--peft-border', '#d1d9e0'),
    bg: v('--peft-bg', '#ffffff'),
    accent: v('--peft-accent', '#0969da'),
    lineWidth: Number.parseFloat(v('--peft-line', '1.5')) || 1.5,
    palette: base,
  };
}

function hsl(h: number): string {
  return `hsl(${h}, 65%, 50%)`;
}

/** The colour of series i: the theme's six chart colours, then evenly spread hues. */
export function seriesColor(theme: Theme, i: number): string {
  if (i < theme.palette.length) return theme.palette[i]!;
  return hsl((i * 137.508) % 360);
}

export function watchTheme(doc: Document, onChange: () => void): () => void {
  const observer = new MutationObserver(onChange);
  observer.observe(doc.body, { attributes: true, attributeFilter: ['class'] });
  const media = window.matchMedia('(prefers-color-scheme: dark)');
  media.addEventListener('change', onChange);
  return () => {
    observer.disconnect();
    media.removeEventListener('change', onChange);
  };
}
