/**
 * The pages' UI state (axis, toggles, sort …), persisted through VS Code's `setState` so a panel
 * restored after a reload (WebviewPanelSerializer) comes back as the user left it. The saved
 * value is untrusted on the way back in: every field is checked, unknown ones dropped.
 */
import { X_AXIS_KEYS, type ViewName, type XAxisKey } from './model';
import { isRecord, isViewName } from './guards';

export interface CurvesUi {
  x: XAxisKey;
  logY: boolean;
  smoothing: number;
  showEval: boolean;
  groupBy: string;
  hidden: string[];
  hiddenGroups: string[];
  focus?: string;
}

export interface TableUi {
  sortKey: string;
  sortDir: 'asc' | 'desc';
  filter: string;
}

export interface LawsUi {
  law?: string;
}

export interface UiState {
  view: ViewName;
  tab: Exclude<ViewName, 'report'>;
  curves: CurvesUi;
  table: TableUi;
  laws: LawsUi;
}

export function defaultUi(view: ViewName): UiState {
  return {
    view,
    tab: view === 'report' ? 'curves' : view,
    curves: {
      x: 'step',
      logY: false,
      smoothing: 0,
      showEval: true,
      groupBy: 'run',
      hidden: [],
      hiddenGroups: [],
      focus: undefined,
    },
    table: { sortKey: 'metric', sortDir: 'asc', filter: '' },
    laws: {},
  };
}

const strings = (v: unknown): string[] =>
  Array.isArray(v) ? v.filter((s): s is string => typeof s === 'string').slice(0, 10000) : [];

/** Merges a saved state over the defaults for `view`, keeping only well-typed fields. */
export function restoreUi(view: ViewName, saved: unknown): UiState {
  const ui = defaultUi(view);
  if (!isRecord(saved)) return ui;
  if (isViewName(saved.tab) && saved.tab !== 'report' && view === 'report') ui.tab = saved.tab;
  const c = saved.curves;
  if (isRecord(c)) {
    if (X_AXIS_KEYS.includes(c.x as XAxisKey)) ui.curves.x = c.x as XAxisKey;
    if (typeof c.logY === 'boolean') ui.curves.logY = c.logY;
    if (typeof c.smoothing === 'number' && c.smoothing >= 0 && c.smoothing < 1)
      ui.curves.smoothing = c.smoothing;
    if (typeof c.showEval === 'boolean') ui.curves.showEval = c.showEval;
    if (typeof c.groupBy === 'string') ui.curves.groupBy = c.groupBy;
    ui.curves.hidden = strings(c.hidden);
    ui.curves.hiddenGroups = strings(c.hiddenGroups);
    if (typeof c.focus === 'string') ui.curves.focus = c.focus;
  }
  const t = saved.table;
  if (isRecord(t)) {
    if (typeof t.sortKey === 'string') ui.table.sortKey = t.sortKey;
    if (t.sortDir === 'asc' || t.sortDir === 'desc') ui.table.sortDir = t.sortDir;
    if (typeof t.filter === 'string') ui.table.filter = t.filter.slice(0, 500);
  }
  const l = saved.laws;
  if (isRecord(l) && typeof l.law === 'string') ui.laws.law = l.law;
  return ui;
}
