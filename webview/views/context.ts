/** What the app gives each page: the shared data, the UI state, the theme and the chart registry. */
import type { Chart } from 'chart.js';
import type { FitView, Scalar, TrialView } from '../model';
import type { SeriesStore } from '../series-store';
import type { Theme } from '../theme';
import type { UiState } from '../ui-state';
import { formatScalar } from '../format';

export interface ViewContext {
  theme(): Theme;
  store: SeriesStore;
  /** Trials in arrival order (the order also fixes each trial's colour). */
  trials: Map<string, TrialView>;
  fits(): FitView[];
  metric(): string;
  ui: UiState;
  /** Persists `ui` (debounced by the host adapter). */
  saveUi(): void;
  /** Live chart instances by name, exposed as `window.__peftCharts` for tests and benchmarks. */
  charts: Record<string, Chart>;
  /** The user picked a trial in the table: show its curve (locally in the report, via the host in VS Code). */
  openTrial(id: string): void;
}

/** A page. `update` is called after the app changed shared data; the page redraws what it shows. */
export interface Page {
  readonly root: HTMLElement;
  /** Full data changed (init). */
  reset(): void;
  /** Trials were added or changed. */
  trialsChanged(ids: string[]): void;
  /** New points arrived for these trials. */
  pointsAdded(ids: string[]): void;
  fitsChanged(): void;
  focus(trial: string): void;
  retheme(): void;
  /** The page became visible (tabs): charts resize to their box. */
  shown(): void;
}

/** The value a trial groups under: its run, or `axis=value` for an axis name. */
export function groupKey(trial: TrialView, by: string): string {
  if (by === 'run') return trial.run;
  return `${by}=${formatScalar(trial.axes[by] ?? trial.config[by] ?? null)}`;
}

/** Tooltip lines for a trial: its axes first, then the rest of its config summary. */
export function describeTrial(trial: TrialView | undefined): string[] {
  if (!trial) return [];
  const lines = [`run ${trial.run} · ${trial.state}`];
  const seen = new Set<string>();
  const add = (k: string, v: Scalar): void => {
    if (seen.has(k)) return;
    seen.add(k);
    lines.push(`${k}: ${formatScalar(v)}`);
  };
  for (const [k, v] of Object.entries(trial.axes)) add(k, v);
  for (const [k, v] of Object.entries(trial.config)) add(k, v);
  return lines;
}
