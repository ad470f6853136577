/**
 * The scaling-law page: pick a law; see its fit per group on log–log axes with the interval band
 * and the file's predictions, the residuals, the compute-optimal frontier (when the law has one),
 * and a table of fitted parameters with intervals and the held-out error.
 */
import { registerCharts, type Chart } from '../charts/register';
import {
  frontierDatasets,
  lawChartOptions,
  lawDatasets,
  residualDatasets,
} from '../charts/laws-config';
import { intervalBars } from '../charts/plugin-intervals';
import { clear, el, labelled } from '../dom';
import { formatNumber } from '../format';
import type { FitView } from '../model';
import type { Page, ViewContext } from './context';

export class LawsPage implements Page {
  readonly root: HTMLElement;
  private readonly select = el('select', { id: 'laws-law', 'aria-label': 'Law' });
  private readonly body = el('div');
  private charts: Chart[] = [];

  constructor(private readonly ctx: ViewContext) {
    this.select.addEventListener('change', () => {
      ctx.ui.laws.law = this.select.value;
      ctx.saveUi();
      this.render();
    });
    this.root = el('section', { className: 'page page-laws', 'aria-label': 'Scaling laws' }, [
      el('div', { className: 'toolbar' }, [labelled('Law', this.select)]),
      this.body,
    ]);
  }

  reset(): void {
    this.render();
  }
  trialsChanged(): void {}
  pointsAdded(): void {}
  fitsChanged(): void {
    this.render();
  }
  focus(): void {}
  retheme(): void {
    this.render();
  }
  shown(): void {
    for (const c of this.charts) c.resize();
  }

  private render(): void {
    for (const c of this.charts) c.destroy();
    this.charts = [];
    delete this.ctx.charts.laws;
    delete this.ctx.charts.residuals;
    delete this.ctx.charts.frontier;
    clear(this.body);
    const fits = this.ctx.fits();
    const laws = [...new Set(fits.map((f) => f.law))];
    clear(this.select);
    for (const law of laws) this.select.append(el('option', { value: law, text: law }));
    if (!laws.length) {
      this.body.append(
        el('p', {
          className: 'empty muted',
          text: 'No fitted laws yet: run the sweep, then `peft fit`.',
        }),
      );
      return;
    }
    const law = laws.includes(this.ctx.ui.laws.law ?? '') ? this.ctx.ui.laws.law! : laws[0]!;
    this.select.value = law;
    const group = fits.filter((f) => f.law === law);
    const first = group[0]!;
    const theme = this.ctx.theme();
    const main = this.chartBox('laws', `Fitted ${law}: ${first.y} against ${first.xPlot}`, '');
    const residuals = this.chartBox('residuals', 'Relative residuals', 'small');
    this.body.append(
      main.box,
      el('div', { className: 'grid2' }, [residuals.box, this.paramsTable(group)]),
    );
    const ChartJs = registerCharts();
    const add = (name: string, chart: Chart): void => {
      this.charts.push(chart);
      this.ctx.charts[name] = chart;
    };
    const datasets = lawDatasets(group, theme);
    const logY = logWorthy(datasets.flatMap((d) => d.data.map((p) => p.y)));
    add(
      'laws',
      new ChartJs(main.canvas, {
        type: 'line',
        data: { datasets },
        options: lawChartOptions(first.xPlot, first.y, theme, logY),
        plugins: [intervalBars],
      }),
    );
    add(
      'residuals',
      new ChartJs(residuals.canvas, {
        type: 'line',
        data: { datasets: residualDatasets(group, theme) },
        options: lawChartOptions(first.xPlot, '(observed − fitted) / fitted', theme, false),
      }),
    );
    const frontier = frontierDatasets(group, theme);
    if (frontier.length) {
      const box = this.chartBox(
        'frontier',
        'Compute-optimal frontier: N_opt(C) and D_opt(C)',
        'small',
      );
      this.body.append(box.box);
      add(
        'frontier',
        new ChartJs(box.canvas, {
          type: 'line',
          data: { datasets: frontier },
          options: lawChartOptions('Compute C (FLOPs)', 'N_opt, D_opt', theme, true),
        }),
      );
    }
  }

  private chartBox(
    name: string,
    title: string,
    size: string,
  ): { box: HTMLElement; canvas: HTMLCanvasElement } {
    const canvas = el('canvas', { role: 'img', 'aria-label': title, 'data-chart': name });
    return {
      canvas,
      box: el('figure', {}, [
        el('figcaption', { text: title }),
        el('div', { className: `chart-box ${size}` }, [canvas]),
      ]),
    };
  }

  private paramsTable(fits: FitView[]): HTMLElement {
    const rows: HTMLElement[] = [];
    for (const fit of fits) {
      const level = `${Math.round(fit.intervalLevel * 100)}%`;
      for (const p of fit.params) {
        const interval =
          p.lo !== undefined && p.hi !== undefined
            ? `[${formatNumber(p.lo)}, ${formatNumber(p.hi)}]`
            : '—';
        rows.push(
          el('tr', {}, [
            el('td', { text: fit.group ?? '' }),
            el('td', { text: p.name }),
            el('td', { className: 'num', text: formatNumber(p.value) }),
            el('td', { className: 'num', text: interval, title: `${level} interval` }),
          ]),
        );
      }
      if (fit.heldOutError) {
        rows.push(
          el('tr', {}, [
            el('td', { text: fit.group ?? '' }),
            el('td', { text: `held-out ${fit.heldOutError.metric}` }),
            el('td', { className: 'num', text: formatNumber(fit.heldOutError.value) }),
            el('td'),
          ]),
        );
      }
    }
    const warnings = fits.flatMap((f) =>
      (f.warnings ?? []).map((w) =>
        el('li', { className: 'warning', text: `${f.group ?? f.law}: ${w}` }),
      ),
    );
    return el('div', {}, [
      el('table', { className: 'params', 'aria-label': 'Fitted parameters' }, [
        el('thead', {}, [
          el(
            'tr',
            {},
            [
              'Group',
              'Parameter',
              'Value',
              `Interval (${Math.round((fits[0]?.intervalLevel ?? 0.9) * 100)}%)`,
            ].map((h) => el('th', { scope: 'col', text: h })),
          ),
        ]),
        el('tbody', {}, rows),
      ]),
      warnings.length ? el('ul', {}, warnings) : null,
    ]);
  }
}

/**
 * Log y only when the values span more than a factor of two: over a narrow range (a loss that
 * moved in its third digit) a log axis only repeats the same rounded tick labels.
 */
export function logWorthy(values: number[]): boolean {
  const positive = values.filter((v) => v > 0 && Number.isFinite(v));
  if (!positive.length) return false;
  return Math.max(...positive) / Math.min(...positive) > 2;
}
