/**
 * The loss-curve page. Holds one `{x, y}` array per trial (and per trial's eval points); a
 * streamed delta appends only the new points to those arrays (EMA continues from its state) and
 * schedules one `update('none')` per animation frame, however many messages arrived.
 */
import { registerCharts, type Chart } from '../charts/register';
import { evalPoints, extendTrainPoints, type XY } from '../charts/curves-data';
import {
  curveChartOptions,
  curveLabel,
  evalDataset,
  trainDataset,
  type CurveDataset,
  type CurveStyle,
} from '../charts/curves-config';
import { emaStart, type EmaState } from '../ema';
import { el } from '../dom';
import { seriesColor } from '../theme';
import { describeTrial, groupKey, type Page, type ViewContext } from './context';
import { buildToolbar, fillToggles, type CurvesControlEvents } from './curves-controls';

/** Minimum time between two redraws caused by streamed points. */
const STREAM_REDRAW_MS = 100;

interface Entry {
  train: XY[];
  ema: EmaState;
  consumed: number;
  trainDs: CurveDataset;
  evalDs: CurveDataset;
}

export class CurvesPage implements Page {
  readonly root: HTMLElement;
  private readonly side = el('aside', { className: 'side', 'aria-label': 'Show or hide trials' });
  private readonly canvas = el('canvas', { role: 'img', 'aria-label': 'Loss curves' });
  private readonly status = el('p', { className: 'muted', 'aria-live': 'polite' });
  private readonly entries = new Map<string, Entry>();
  private readonly toolbarSlot = el('div');
  private chart: Chart<'line', XY[]> | undefined;
  private frame = 0;
  private lastUpdate = -Infinity;
  private readonly on: CurvesControlEvents = { changed: (what) => this.controlChanged(what) };

  constructor(private readonly ctx: ViewContext) {
    this.root = el('section', { className: 'page page-curves', 'aria-label': 'Loss curves' }, [
      this.toolbarSlot,
      el('div', { className: 'layout' }, [
        el('div', { className: 'chart-box' }, [this.canvas]),
        this.side,
      ]),
      this.status,
    ]);
  }

  reset(): void {
    this.entries.clear();
    this.toolbarSlot.replaceChildren(buildToolbar(this.ctx.ui.curves, this.axisNames(), this.on));
    this.rebuild();
  }

  trialsChanged(ids: string[]): void {
    if (ids.some((id) => !this.entries.has(id))) this.rebuild();
    else this.refreshToggles();
  }

  pointsAdded(ids: string[]): void {
    const ui = this.ctx.ui.curves;
    for (const id of ids) {
      const entry = this.entries.get(id);
      const series = this.ctx.store.get(id);
      // The app announces every trial before its points, so a missing entry has nothing to draw.
      if (!entry || !series) continue;
      entry.consumed += extendTrainPoints(
        entry.train,
        series.train,
        entry.consumed,
        ui.x,
        ui.smoothing,
        entry.ema,
      );
      if (series.eval.step.length !== entry.evalDs.data.length || !ui.showEval)
        entry.evalDs.data = ui.showEval ? evalPoints(series.eval, ui.x) : [];
    }
    this.scheduleUpdate();
  }

  fitsChanged(): void {}

  focus(trial: string): void {
    this.ctx.ui.curves.focus = trial;
    this.ctx.ui.curves.hidden = this.ctx.ui.curves.hidden.filter((t) => t !== trial);
    this.ctx.saveUi();
    this.restyle();
  }

  retheme(): void {
    this.rebuild();
  }

  shown(): void {
    this.chart?.resize();
  }

  private axisNames(): string[] {
    const names = new Set<string>();
    for (const t of this.ctx.trials.values()) for (const k of Object.keys(t.axes)) names.add(k);
    return [...names];
  }

  private controlChanged(what: Parameters<CurvesControlEvents['changed']>[0]): void {
    this.ctx.saveUi();
    if (what === 'visibility' || what === 'groupBy') this.restyle();
    else if (what === 'logY') this.applyOptions();
    else this.rebuildData();
  }

  /** Recomputes every trial's points (x axis or smoothing changed). */
  private rebuildData(): void {
    const ui = this.ctx.ui.curves;
    for (const [id, entry] of this.entries) {
      const series = this.ctx.store.get(id);
      entry.train.length = 0;
      entry.ema = emaStart();
      entry.consumed = series
        ? extendTrainPoints(entry.train, series.train, 0, ui.x, ui.smoothing, entry.ema)
        : 0;
      entry.evalDs.data = series && ui.showEval ? evalPoints(series.eval, ui.x) : [];
      // Re-assigning goes through the decimation plugin's setter, which resets its cache.
      entry.trainDs.data = entry.train;
    }
    this.applyOptions();
  }

  private styleOf(id: string, index: number): CurveStyle {
    const ui = this.ctx.ui.curves;
    const trial = this.ctx.trials.get(id);
    const hidden =
      ui.hidden.includes(id) ||
      (trial !== undefined && ui.hiddenGroups.includes(groupKey(trial, ui.groupBy)));
    const focused = ui.focus === id;
    return {
      color: seriesColor(this.ctx.theme(), index),
      hidden,
      focused,
      dimmed: ui.focus !== undefined && this.entries.has(ui.focus) && !focused,
    };
  }

  /** Creates datasets for every trial and (re)creates the chart. */
  private rebuild(): void {
    const theme = this.ctx.theme();
    const ui = this.ctx.ui.curves;
    const datasets: CurveDataset[] = [];
    const old = new Map(this.entries);
    this.entries.clear();
    let index = 0;
    for (const trial of this.ctx.trials.values()) {
      const series = this.ctx.store.get(trial.id);
      const kept = old.get(trial.id);
      const train = kept?.train ?? [];
      const ema = kept?.ema ?? emaStart();
      const consumed =
        kept?.consumed ??
        (series ? extendTrainPoints(train, series.train, 0, ui.x, ui.smoothing, ema) : 0);
      const evalData = series && ui.showEval ? evalPoints(series.eval, ui.x) : [];
      const entry = { train, ema, consumed } as Entry;
      this.entries.set(trial.id, entry);
      const style = this.styleOf(trial.id, index++);
      entry.trainDs = trainDataset(trial.id, curveLabel(trial), train, style, theme);
      entry.evalDs = evalDataset(trial.id, curveLabel(trial), evalData, style, theme);
      datasets.push(entry.trainDs, entry.evalDs);
    }
    this.chart?.destroy();
    const ChartJs = registerCharts();
    this.chart = new ChartJs<'line', XY[]>(this.canvas, {
      type: 'line',
      data: { datasets },
      options: this.options(),
    });
    this.ctx.charts.curves = this.chart;
    this.refreshToggles();
  }

  private options(): ReturnType<typeof curveChartOptions> {
    const ui = this.ctx.ui.curves;
    return curveChartOptions(
      {
        x: ui.x,
        logY: ui.logY,
        metricLabel: 'Train loss',
        describe: (id) => describeTrial(this.ctx.trials.get(id)),
      },
      this.ctx.theme(),
    );
  }

  private applyOptions(): void {
    if (!this.chart) return;
    this.chart.options = this.options();
    this.chart.update('none');
    this.updateStatus();
  }

  private restyle(): void {
    const theme = this.ctx.theme();
    let index = 0;
    for (const [id, entry] of this.entries) {
      const style = this.styleOf(id, index++);
      const trial = this.ctx.trials.get(id);
      const label = trial ? curveLabel(trial) : id;
      assignStyle(entry.trainDs, trainDataset(id, label, [], style, theme));
      assignStyle(entry.evalDs, evalDataset(id, label, [], style, theme));
    }
    this.chart?.update('none');
    this.refreshToggles();
  }

  private refreshToggles(): void {
    const colors = new Map<string, string>();
    let i = 0;
    for (const id of this.ctx.trials.keys()) colors.set(id, seriesColor(this.ctx.theme(), i++));
    fillToggles(this.side, [...this.ctx.trials.values()], colors, this.ctx.ui.curves, this.on);
    this.updateStatus();
  }

  /**
   * Streamed points redraw at most every STREAM_REDRAW_MS, on an animation frame: trials log at
   * ~10 Hz each, so redrawing faster only spends CPU (8 trials would otherwise redraw every
   * frame) without showing anything new.
   */
  private scheduleUpdate(): void {
    if (this.frame) return;
    const wait = Math.max(0, this.lastUpdate + STREAM_REDRAW_MS - performance.now());
    this.frame = window.setTimeout(() => {
      requestAnimationFrame(() => {
        this.frame = 0;
        this.lastUpdate = performance.now();
        this.chart?.update('none');
        this.updateStatus();
      });
    }, wait);
  }

  private updateStatus(): void {
    const trials = this.ctx.trials.size;
    this.status.textContent = trials
      ? `${trials} trials · ${this.ctx.store.size().toLocaleString('en-US')} points`
      : 'No trials yet: run the experiment to see its loss curves.';
  }
}

/** Copies a freshly built dataset's style onto a live one, leaving its data array in place. */
function assignStyle(target: CurveDataset, source: CurveDataset): void {
  for (const [key, value] of Object.entries(source)) {
    if (key !== 'data') (target as unknown as Record<string, unknown>)[key] = value;
  }
}
