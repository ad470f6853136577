/**
 * The "Axes vs metric" page: a parallel-coordinates chart of every trial over the swept (or
 * searched) axes and the metric, and each axis's importance as a bar list with its score and the
 * number of finished trials it rests on. Pruned, failed and unfinished trials are drawn apart.
 */
import { registerCharts, type Chart } from '../charts/register';
import { parallelConfig } from '../charts/parallel-config';
import { clear, el } from '../dom';
import { formatNumber } from '../format';
import type { Page, ViewContext } from './context';
import { importanceOf, parallelModel } from './axes-model';

export class AxesPage implements Page {
  readonly root: HTMLElement;
  private readonly body = el('div');
  private chart: Chart | undefined;

  constructor(private readonly ctx: ViewContext) {
    this.root = el('section', { className: 'page page-axes', 'aria-label': 'Axes vs metric' }, [
      this.body,
    ]);
  }

  reset(): void {
    this.render();
  }
  trialsChanged(): void {
    this.render();
  }
  pointsAdded(): void {}
  fitsChanged(): void {}
  focus(): void {}
  retheme(): void {
    this.render();
  }
  shown(): void {
    this.chart?.resize();
  }

  private render(): void {
    this.chart?.destroy();
    this.chart = undefined;
    delete this.ctx.charts.parallel;
    clear(this.body);
    const metric = this.ctx.metric();
    const trials = [...this.ctx.trials.values()];
    const model = parallelModel(trials, metric);
    if (model.axes.length < 2) {
      this.body.append(
        el('p', {
          className: 'empty muted',
          text: 'No swept axes with finished trials yet: run a sweep or a search first.',
        }),
      );
      return;
    }
    const title = `Trials over their axes and ${metric} (colour: ${metric}; dashed: pruned; dotted: failed; faint: not finished)`;
    const canvas = el('canvas', { role: 'img', 'aria-label': title, 'data-chart': 'parallel' });
    this.body.append(
      el('figure', {}, [
        el('figcaption', { text: title }),
        el('div', { className: 'chart-box' }, [canvas]),
      ]),
      this.importance(trials, metric),
    );
    const ChartJs = registerCharts();
    this.chart = new ChartJs(canvas, parallelConfig(model, this.ctx.theme(), metric));
    this.ctx.charts.parallel = this.chart;
  }

  private importance(trials: Parameters<typeof importanceOf>[0], metric: string): HTMLElement {
    const scores = importanceOf(trials, metric);
    const items = scores.map((a) => {
      const bar = el('span', { className: 'importance-bar', 'aria-hidden': 'true' });
      // CSSOM, not a style attribute: the page's CSP allows no inline styles.
      bar.style.width = `${Math.round(a.share * 100)}%`;
      return el('li', { 'data-axis': a.axis, 'data-share': a.share.toFixed(4) }, [
        el('span', { className: 'importance-name', text: a.axis }),
        bar,
        el('span', {
          className: 'muted',
          text: ` ${formatNumber(a.score)} of the rank variance${a.rho === undefined ? '' : `, ρ ${a.rho.toFixed(2)}`} (${a.n} trials)`,
        }),
      ]);
    });
    return el('figure', {}, [
      el('figcaption', {
        text: `Importance for ${metric}: fraction of its rank variance each axis explains (finished trials only)`,
      }),
      el('ol', { className: 'importance', 'aria-label': 'Axis importance' }, items),
    ]);
  }
}
