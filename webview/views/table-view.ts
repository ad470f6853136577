/**
 * The sweep table page: sortable headers (buttons, with aria-sort), a filter box, the best
 * trial starred, and each row opening the trial's curve on click or Enter.
 */
import { clear, el, labelled } from '../dom';
import type { Page, ViewContext } from './context';
import {
  bestTrial,
  cellText,
  filterTrials,
  sortTrials,
  tableColumns,
  type Column,
} from './table-model';

export class TablePage implements Page {
  readonly root: HTMLElement;
  private readonly filter = el('input', {
    id: 'table-filter',
    type: 'search',
    placeholder: 'e.g. lora 8',
    'aria-label': 'Filter trials',
  });
  private readonly table = el('table', { 'aria-label': 'Sweep trials' });
  private readonly count = el('span', { className: 'muted', 'aria-live': 'polite' });

  constructor(private readonly ctx: ViewContext) {
    this.filter.value = ctx.ui.table.filter;
    this.filter.addEventListener('input', () => {
      ctx.ui.table.filter = this.filter.value;
      ctx.saveUi();
      this.render();
    });
    this.root = el('section', { className: 'page page-table', 'aria-label': 'Sweep table' }, [
      el('div', { className: 'toolbar' }, [labelled('Filter', this.filter), this.count]),
      this.table,
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
  retheme(): void {}
  shown(): void {}

  private render(): void {
    const ui = this.ctx.ui.table;
    const metric = this.ctx.metric();
    const trials = [...this.ctx.trials.values()];
    const columns = tableColumns(trials, metric);
    const sortColumn = columns.find((c) => c.key === ui.sortKey);
    const rows = sortTrials(filterTrials(trials, columns, ui.filter), sortColumn, ui.sortDir);
    const best = bestTrial(trials, metric);
    clear(this.table);
    this.table.append(
      el('thead', {}, [
        el(
          'tr',
          {},
          columns.map((c) => this.header(c)),
        ),
      ]),
    );
    const body = el('tbody');
    for (const t of rows) {
      const tr = el(
        'tr',
        {
          tabindex: 0,
          'data-trial': t.id,
          className: t.id === best ? 'best' : '',
          title: `Show the loss curve of ${t.id}`,
        },
        columns.map((c) => el('td', { className: c.numeric ? 'num' : '', text: cellText(c, t) })),
      );
      if (t.id === best) tr.setAttribute('aria-label', `Best trial: ${t.label}`);
      tr.addEventListener('click', () => this.ctx.openTrial(t.id));
      tr.addEventListener('keydown', (e) => {
        if (e.key === 'Enter' || e.key === ' ') {
          e.preventDefault();
          this.ctx.openTrial(t.id);
        }
      });
      body.append(tr);
    }
    this.table.append(body);
    this.count.textContent = `${rows.length} of ${trials.length} trials`;
  }

  private header(c: Column): HTMLTableCellElement {
    const ui = this.ctx.ui.table;
    const sorted = ui.sortKey === c.key;
    const button = el('button', {
      type: 'button',
      'data-sort': c.key,
      text: c.title + (sorted ? (ui.sortDir === 'asc' ? ' ▲' : ' ▼') : ''),
    });
    button.addEventListener('click', () => {
      ui.sortDir = sorted && ui.sortDir === 'asc' ? 'desc' : 'asc';
      ui.sortKey = c.key;
      this.ctx.saveUi();
      this.render();
      this.table
        .querySelector<HTMLButtonElement>(`button[data-sort="${CSS.escape(c.key)}"]`)
        ?.focus();
    });
    return el(
      'th',
      {
        className: c.numeric ? 'num' : '',
        scope: 'col',
        'aria-sort': sorted ? (ui.sortDir === 'asc' ? 'ascending' : 'descending') : 'none',
      },
      [button],
    );
  }
}
