/**
 * WAI-ARIA tabs for the report: one tab per page, arrow keys / Home / End move between tabs,
 * only the selected tab is in the tab order.
 */
import { el } from './dom';
import type { Page } from './views/context';

export interface Tabs {
  element: HTMLElement;
  select(name: string): void;
}

const TITLES: Record<string, string> = {
  curves: 'Loss curves',
  laws: 'Scaling laws',
  table: 'Sweep table',
  axes: 'Axes vs metric',
};

export function buildTabs(
  pages: Array<{ name: string; page: Page }>,
  initial: string,
  onSelect: (name: string) => void,
): Tabs {
  const list = el('div', { role: 'tablist', 'aria-label': 'Report pages' });
  const buttons: HTMLButtonElement[] = [];
  const container = el('div', {}, [list]);
  const select = (name: string, focus = false): void => {
    pages.forEach(({ name: n, page }, i) => {
      const on = n === name;
      buttons[i]!.setAttribute('aria-selected', String(on));
      buttons[i]!.tabIndex = on ? 0 : -1;
      page.root.hidden = !on;
      if (on && focus) buttons[i]!.focus();
    });
    onSelect(name);
  };
  pages.forEach(({ name, page }, i) => {
    const button = el('button', {
      type: 'button',
      role: 'tab',
      id: `tab-${name}`,
      'aria-controls': `panel-${name}`,
      text: TITLES[name] ?? name,
    });
    button.addEventListener('click', () => select(name));
    button.addEventListener('keydown', (e) => {
      const last = pages.length - 1;
      const to =
        e.key === 'ArrowRight'
          ? i === last
            ? 0
            : i + 1
          : e.key === 'ArrowLeft'
            ? i === 0
              ? last
              : i - 1
            : e.key === 'Home'
              ? 0
              : e.key === 'End'
                ? last
                : -1;
      if (to < 0) return;
      e.preventDefault();
      select(pages[to]!.name, true);
    });
    buttons.push(button);
    list.append(button);
    page.root.id = `panel-${name}`;
    page.root.setAttribute('role', 'tabpanel');
    page.root.setAttribute('aria-labelledby', `tab-${name}`);
    container.append(page.root);
  });
  select(pages.some((p) => p.name === initial) ? initial : pages[0]!.name);
  return { element: container, select: (name) => select(name) };
}
