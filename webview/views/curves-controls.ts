/**
 * The loss-curve page's controls: the toolbar (x axis, log y, smoothing, eval points, grouping)
 * and the side panel of group and trial toggles. Native inputs, so every control works from the
 * keyboard and screen readers announce it.
 */
import { X_AXIS_KEYS, type TrialView, type XAxisKey } from '../model';
import { clear, el, labelled } from '../dom';
import { X_AXIS_TITLES } from '../charts/curves-data';
import type { CurvesUi } from '../ui-state';
import { groupKey } from './context';

export interface CurvesControlEvents {
  changed(what: 'x' | 'logY' | 'smoothing' | 'showEval' | 'groupBy' | 'visibility'): void;
}

export function buildToolbar(ui: CurvesUi, axes: string[], on: CurvesControlEvents): HTMLElement {
  const x = el(
    'select',
    { id: 'curves-x', 'aria-label': 'X axis' },
    X_AXIS_KEYS.map((k) =>
      el('option', { value: k, text: X_AXIS_TITLES[k], selected: k === ui.x }),
    ),
  );
  x.addEventListener('change', () => {
    ui.x = x.value as XAxisKey;
    on.changed('x');
  });
  const logY = el('input', { id: 'curves-logy', type: 'checkbox', checked: ui.logY });
  logY.addEventListener('change', () => {
    ui.logY = logY.checked;
    on.changed('logY');
  });
  const smoothing = el('input', {
    id: 'curves-smoothing',
    type: 'range',
    min: 0,
    max: 0.99,
    step: 0.01,
    value: ui.smoothing,
  });
  const shown = el('output', { for: 'curves-smoothing', text: ui.smoothing.toFixed(2) });
  smoothing.addEventListener('input', () => {
    ui.smoothing = Math.min(0.99, Math.max(0, Number(smoothing.value)));
    shown.textContent = ui.smoothing.toFixed(2);
    on.changed('smoothing');
  });
  const showEval = el('input', { id: 'curves-eval', type: 'checkbox', checked: ui.showEval });
  showEval.addEventListener('change', () => {
    ui.showEval = showEval.checked;
    on.changed('showEval');
  });
  const groupBy = el(
    'select',
    { id: 'curves-group', 'aria-label': 'Group by' },
    ['run', ...axes].map((k) => el('option', { value: k, text: k, selected: k === ui.groupBy })),
  );
  groupBy.addEventListener('change', () => {
    ui.groupBy = groupBy.value;
    on.changed('groupBy');
  });
  return el('div', { className: 'toolbar', role: 'toolbar', 'aria-label': 'Loss curve options' }, [
    labelled('X axis', x),
    labelled('Log y', logY),
    labelled('Smoothing', smoothing, shown),
    labelled('Eval points', showEval),
    labelled('Group by', groupBy),
  ]);
}

/** Rebuilds the side panel: one checkbox per group, one per trial (with its colour swatch). */
export function fillToggles(
  side: HTMLElement,
  trials: TrialView[],
  colors: Map<string, string>,
  ui: CurvesUi,
  on: CurvesControlEvents,
): void {
  clear(side);
  const hidden = new Set(ui.hidden);
  const hiddenGroups = new Set(ui.hiddenGroups);
  const groups = [...new Set(trials.map((t) => groupKey(t, ui.groupBy)))];
  const groupBoxes = el('fieldset', { className: 'groups' }, [el('legend', { text: 'Groups' })]);
  for (const g of groups) {
    const box = el('input', { type: 'checkbox', checked: !hiddenGroups.has(g), 'data-group': g });
    box.addEventListener('change', () => {
      ui.hiddenGroups = box.checked
        ? ui.hiddenGroups.filter((x) => x !== g)
        : [...ui.hiddenGroups, g];
      on.changed('visibility');
    });
    groupBoxes.append(el('label', {}, [box, g]));
  }
  const trialBoxes = el('fieldset', { className: 'trials' }, [el('legend', { text: 'Trials' })]);
  for (const t of trials) {
    const box = el('input', { type: 'checkbox', checked: !hidden.has(t.id), 'data-trial': t.id });
    box.addEventListener('change', () => {
      ui.hidden = box.checked ? ui.hidden.filter((x) => x !== t.id) : [...ui.hidden, t.id];
      on.changed('visibility');
    });
    const swatch = el('span', { className: 'swatch', 'aria-hidden': 'true' });
    swatch.style.background = colors.get(t.id) ?? 'currentColor';
    const label = el(
      'label',
      { className: ui.focus === t.id ? 'focused' : '', title: `${t.id} (${t.state})` },
      [box, swatch, t.label],
    );
    trialBoxes.append(label);
  }
  side.append(groupBoxes, trialBoxes);
}
