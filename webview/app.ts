/**
 * The app: owns the data (trials, points, fits), applies host messages to it, and tells the
 * pages what changed. In the report it shows the three pages behind keyboard-navigable tabs.
 */
import type { Chart } from 'chart.js';
import type { FitView, TrialView, ViewName } from './model';
import type { HostMessage } from './protocol';
import type { PageHost } from './host';
import { SeriesStore } from './series-store';
import { readTheme, type Theme } from './theme';
import { restoreUi, type UiState } from './ui-state';
import { RequestClient } from './request-client';
import { el } from './dom';
import type { Page, ViewContext } from './views/context';
import { CurvesPage } from './views/curves-view';
import { LawsPage } from './views/laws-view';
import { TablePage } from './views/table-view';
import { AxesPage } from './views/axes-view';
import { buildTabs, type Tabs } from './tabs';

type PageName = Exclude<ViewName, 'report'>;

export class App {
  readonly charts: Record<string, Chart> = {};
  readonly store = new SeriesStore();
  readonly trials = new Map<string, TrialView>();
  readonly requests: RequestClient;
  private fits: FitView[] = [];
  private metric = 'eval_loss';
  private theme: Theme;
  private readonly ui: UiState;
  private readonly pages = new Map<PageName, Page>();
  private readonly title = el('h1', { text: 'PEFT Lab' });
  private readonly subtitle = el('span', { className: 'muted' });
  private tabs: Tabs | undefined;
  private saveTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly root: HTMLElement,
    private readonly view: ViewName,
    private readonly host: PageHost,
  ) {
    this.ui = restoreUi(view, host.getState());
    this.theme = readTheme(root.ownerDocument);
    this.requests = new RequestClient((m) => host.post(m), {
      setTimeout: (f, ms) => setTimeout(f, ms),
      clearTimeout: (h) => clearTimeout(h as number),
    });
    const ctx: ViewContext = {
      theme: () => this.theme,
      store: this.store,
      trials: this.trials,
      fits: () => this.fits,
      metric: () => this.metric,
      ui: this.ui,
      saveUi: () => this.saveUi(),
      charts: this.charts,
      openTrial: (id) => this.openTrial(id),
    };
    const names: PageName[] = view === 'report' ? ['curves', 'laws', 'table', 'axes'] : [view];
    const make: Record<PageName, () => Page> = {
      curves: () => new CurvesPage(ctx),
      laws: () => new LawsPage(ctx),
      table: () => new TablePage(ctx),
      axes: () => new AxesPage(ctx),
    };
    for (const name of names) this.pages.set(name, make[name]());
    this.render();
  }

  private render(): void {
    const header = el('header', { className: 'peft-header' }, [this.title, this.subtitle]);
    if (this.host.kind === 'vscode') {
      const refresh = el('button', { type: 'button', id: 'refresh', text: 'Refresh' });
      refresh.addEventListener('click', () => {
        this.requests
          .request('refresh')
          .catch((err: unknown) =>
            this.host.post({ type: 'log', level: 'warn', message: String(err) }),
          );
      });
      header.append(refresh);
    }
    this.root.append(header);
    if (this.view === 'report') {
      this.tabs = buildTabs(
        [...this.pages].map(([name, page]) => ({ name, page })),
        this.ui.tab,
        (name) => {
          this.ui.tab = name as PageName;
          this.saveUi();
          this.pages.get(name as PageName)?.shown();
        },
      );
      this.root.append(this.tabs.element);
    } else {
      for (const page of this.pages.values()) this.root.append(page.root);
    }
  }

  /** Applies one validated host message. */
  handle(message: HostMessage): void {
    switch (message.type) {
      case 'init': {
        const s = message.snapshot;
        this.trials.clear();
        this.store.clear();
        for (const t of s.trials) this.trials.set(t.id, t);
        for (const d of s.series) this.store.append(d);
        this.fits = s.fits;
        this.metric = s.metric;
        this.title.textContent = s.experiment;
        this.subtitle.textContent = s.generated ? `generated ${s.generated}` : '';
        if (message.focus) this.ui.curves.focus = message.focus;
        for (const p of this.pages.values()) p.reset();
        return;
      }
      case 'trial':
        this.trials.set(message.trial.id, message.trial);
        for (const p of this.pages.values()) p.trialsChanged([message.trial.id]);
        return;
      case 'points': {
        // Points may arrive before their trial (a host that skipped `trial`): add a placeholder
        // once, so later deltas for it stay incremental instead of rebuilding the chart.
        const unknown = message.series.map((d) => d.id).filter((id) => !this.trials.has(id));
        for (const id of unknown)
          this.trials.set(id, {
            id,
            run: 'unknown',
            index: this.trials.size,
            label: id,
            axes: {},
            config: {},
            state: 'running',
          });
        if (unknown.length) for (const p of this.pages.values()) p.trialsChanged(unknown);
        const ids: string[] = [];
        for (const d of message.series) {
          const added = this.store.append(d);
          if (added.train || added.eval) ids.push(d.id);
        }
        if (ids.length) for (const p of this.pages.values()) p.pointsAdded(ids);
        return;
      }
      case 'fits':
        this.fits = message.fits;
        for (const p of this.pages.values()) p.fitsChanged();
        return;
      case 'focus':
        for (const p of this.pages.values()) p.focus(message.trial);
        return;
      case 'response':
        this.requests.settle(message.id, message.ok, message.ok ? undefined : message.error);
        return;
    }
  }

  retheme(): void {
    this.theme = readTheme(this.root.ownerDocument);
    for (const p of this.pages.values()) p.retheme();
  }

  private openTrial(id: string): void {
    const curves = this.pages.get('curves');
    if (curves) {
      this.tabs?.select('curves');
      curves.focus(id);
    } else {
      this.host.post({ type: 'open-trial', trial: id });
    }
  }

  private saveUi(): void {
    if (this.saveTimer !== undefined) return;
    this.saveTimer = setTimeout(() => {
      this.saveTimer = undefined;
      this.host.setState(JSON.parse(JSON.stringify(this.ui)) as unknown);
    }, 100);
  }
}
