// @lane system: headless Chromium (playwright-core)
/**
 * The standalone report in headless Chromium: every page draws, the controls work from mouse
 * and keyboard, and nothing trips the console or the CSP.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser } from 'playwright-core';
import {
  cspViolations,
  launch,
  paintedPixels,
  reportPage,
  waitForChart,
  watch,
  type Watched,
} from '../../browser/harness';
import { makeReportMessage } from '../webview/fixtures';

let browser: Browser;
let w: Watched;

before(async () => {
  browser = await launch();
  w = await watch(browser, { vscode: false });
  await w.page.goto(await reportPage(makeReportMessage(400)));
  await waitForChart(w.page, 'curves');
});
after(() => browser.close());

const chart = <T>(fn: string): Promise<T> =>
  w.page.evaluate<T>(`(() => { const c = window.__peftCharts; return ${fn}; })()`);

void test('loss curves: one train and one eval dataset per trial, every point, a painted canvas', async () => {
  assert.equal(await chart<number>('c.curves.data.datasets.length'), 24);
  assert.equal(
    await chart<number>(
      'c.curves.data.datasets.filter(d => d.peftKind === "train").reduce((n, d) => n + d.data.length, 0)',
    ),
    12 * 400,
  );
  assert.equal(
    await chart<number>(
      'c.curves.data.datasets.filter(d => d.peftKind === "eval").reduce((n, d) => n + d.data.length, 0)',
    ),
    12 * 4,
  );
  assert.ok((await paintedPixels(w.page, 'curves')) > 5000);
  assert.match(
    (await w.page.textContent('.page-curves p.muted')) ?? '',
    /12 trials · 4,800 points/,
  );
});

void test('tabs switch with the keyboard; the laws page draws the fit, residuals and params', async () => {
  await w.page.focus('#tab-curves');
  await w.page.keyboard.press('ArrowRight');
  assert.equal(await w.page.getAttribute('#tab-laws', 'aria-selected'), 'true');
  assert.equal(await w.page.evaluate(() => document.activeElement?.id), 'tab-laws');
  await waitForChart(w.page, 'laws');
  assert.ok((await paintedPixels(w.page, 'laws')) > 2000);
  assert.ok((await paintedPixels(w.page, 'residuals')) > 500);
  const roles = await chart<string[]>('c.laws.data.datasets.map(d => d.peftRole)');
  assert.equal(
    roles.filter((r) => r === 'curve').length,
    2,
    'one fitted curve per group (lora, dora)',
  );
  assert.equal(roles.filter((r) => r === 'predictions').length, 2);
  assert.equal(await chart<string>('c.laws.options.scales.x.type'), 'logarithmic');
  assert.equal(
    await chart<string>('c.laws.options.scales.y.type'),
    'logarithmic',
    'losses 1.5–3.7 span more than 2×',
  );
  assert.equal(
    await w.page.locator('table.params tbody tr').count(),
    8,
    '3 params + held-out error, per group',
  );
  await w.page.selectOption('#laws-law', 'compute_law');
  await waitForChart(w.page, 'frontier');
  assert.ok((await paintedPixels(w.page, 'frontier')) > 500);
  assert.equal(await chart<number>('c.frontier.data.datasets.length'), 2);
});

void test('sweep table: sorts, filters, marks the best trial, and a row opens its curve', async () => {
  await w.page.click('#tab-table');
  const ids = () =>
    w.page.$$eval('.page-table tbody tr', (rows) =>
      rows.map((r) => (r as HTMLElement).dataset.trial),
    );
  assert.equal((await ids()).length, 12);
  assert.equal(await w.page.getAttribute('.page-table tbody tr.best', 'data-trial'), 'lora-r32');
  assert.equal((await ids())[0], 'lora-r32', 'sorted by eval_loss ascending by default');
  await w.page.click('button[data-sort="metric"]');
  assert.equal(
    await w.page.getAttribute('th:has(button[data-sort="metric"])', 'aria-sort'),
    'descending',
  );
  assert.equal((await ids())[0], 'dora-r1');
  assert.equal((await ids())[11], 'dora-r32', 'the running trial (no metric) stays last');
  await w.page.fill('#table-filter', 'dora 16');
  assert.deepEqual(await ids(), ['dora-r16']);
  await w.page.focus('tbody tr[data-trial="dora-r16"]');
  await w.page.keyboard.press('Enter');
  assert.equal(await w.page.getAttribute('#tab-curves', 'aria-selected'), 'true');
  const widths = await chart<Record<string, number>>(
    'Object.fromEntries(c.curves.data.datasets.filter(d => d.peftKind === "train").map(d => [d.peftTrial, d.borderWidth]))',
  );
  assert.ok(widths['dora-r16']! > widths['lora-r8']!, 'the opened trial is drawn wider');
});

void test('axes vs metric: one parallel-coordinates line per trial, rank first by importance', async () => {
  await w.page.click('#tab-axes');
  await waitForChart(w.page, 'parallel');
  assert.equal(await chart<number>('c.parallel.data.datasets.length'), 12);
  assert.deepEqual(await chart<string[]>('c.parallel.options.scales.x.ticks.callback(0)'), [
    'rank',
    '1 … 32 (log)',
  ]);
  assert.ok((await paintedPixels(w.page, 'parallel')) > 1000);
  assert.equal(await w.page.getAttribute('.importance li:first-child', 'data-axis'), 'rank');
});

void test('the report raised no console error, page error or CSP violation', async () => {
  assert.deepEqual(w.problems, []);
  assert.deepEqual(await cspViolations(w.page), []);
});

void test('a report whose data is damaged says so on the page instead of drawing nothing', async () => {
  const broken = await watch(browser, { vscode: false });
  const message = makeReportMessage(5);
  if (message.type === 'init') (message.snapshot.trials[0] as { state: string }).state = 'exploded';
  await broken.page.goto(await reportPage(message, 'broken'));
  await broken.page.waitForSelector('p.warning');
  assert.match(
    (await broken.page.textContent('p.warning')) ?? '',
    /cannot be read: init: trials\[0\]: trial dora-r1: unknown state "exploded"/,
  );
  assert.deepEqual(await cspViolations(broken.page), []);
  await broken.page.close();
});
