// @lane system: headless Chromium (playwright-core)
/**
 * Each page as VS Code hosts it: script by nonce, a mock `acquireVsCodeApi`, the ready/init
 * handshake, streamed deltas, UI state saved and restored, and the table asking the host to open
 * a trial. Host messages are delivered as window `message` events, as VS Code does.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser } from 'playwright-core';
import {
  cspViolations,
  launch,
  paintedPixels,
  panelPage,
  waitForChart,
  watch,
  type Watched,
} from '../../browser/harness';
import { makeRecords, makeReportMessage } from '../webview/fixtures';
import { seriesFromRecords } from '../../../webview/adapters';
import type { HostMessage } from '../../../webview/protocol';
import type { ViewName } from '../../../webview/model';

let browser: Browser;
before(async () => {
  browser = await launch();
});
after(() => browser.close());

async function openPanel(view: ViewName, points: number, state?: unknown): Promise<Watched> {
  const w = await watch(browser, { vscode: true, state });
  await w.page.goto(await panelPage(view));
  await w.page.waitForFunction(
    () => (window as unknown as { __posted: unknown[] }).__posted.length > 0,
  );
  assert.deepEqual((await w.posted())[0], { type: 'ready', v: 1, view });
  await w.send(makeReportMessage(points, view));
  return w;
}

const evaluate = <T>(w: Watched, fn: string): Promise<T> =>
  w.page.evaluate<T>(`(() => { const c = window.__peftCharts; return ${fn}; })()`);
const trainLength = (w: Watched, id: string) =>
  evaluate<number>(
    w,
    `c.curves.data.datasets.find(d => d.peftTrial === ${JSON.stringify(id)} && d.peftKind === 'train').data.length`,
  );
/** Waits until the chart has drawn `n` points for the trial (streamed redraws are coalesced). */
const drawn = (w: Watched, id: string, n: number) =>
  w.page.waitForFunction(
    `(() => { const c = window.__peftCharts.curves; const i = c.data.datasets.findIndex(d => d.peftTrial === ${JSON.stringify(id)} && d.peftKind === 'train'); return i >= 0 && c.getDatasetMeta(i).data.length === ${n}; })()`,
  );

void test('curves panel: handshake, then streamed points and new trials are appended', async () => {
  const w = await openPanel('curves', 100);
  await waitForChart(w.page, 'curves');
  assert.equal(await trainLength(w, 'lora-r8'), 100);
  const more = seriesFromRecords('lora-r8', makeRecords(50, 1.1, 90));
  await w.send({ type: 'points', series: [more] });
  await drawn(w, 'lora-r8', 140);
  assert.equal(
    await trainLength(w, 'lora-r8'),
    140,
    'steps 90–99 were already held: only 40 new points',
  );
  const trial = {
    id: 'new-trial',
    run: 'extra',
    index: 0,
    label: 'ia3',
    axes: {},
    config: { method: 'ia3' },
    state: 'running',
  } as const;
  await w.send({ type: 'trial', trial });
  await w.send({ type: 'points', series: [seriesFromRecords('new-trial', makeRecords(30, 2))] });
  await drawn(w, 'new-trial', 30);
  assert.equal(await evaluate<number>(w, 'c.curves.data.datasets.length'), 26);
  assert.equal(await trainLength(w, 'new-trial'), 30);
  assert.equal(await w.page.locator('input[data-trial="new-trial"]').count(), 1);
  await w.send({ type: 'points', series: [{ id: 'bad' }] } as unknown as HostMessage);
  const posted = await w.posted();
  assert.ok(
    posted.some(
      (m) =>
        (m as { type: string; message?: string }).type === 'log' &&
        /ignored host message: points: series\[0\]/.test((m as { message: string }).message),
    ),
  );
  assert.deepEqual(w.problems, []);
  assert.deepEqual(await cspViolations(w.page), []);
  await w.page.close();
});

void test('curves panel controls: toggles, log y, smoothing, x axis; the UI state is saved', async () => {
  const w = await openPanel('curves', 200);
  await waitForChart(w.page, 'curves');
  const hidden = (id: string) =>
    evaluate<boolean>(
      w,
      `!c.curves.isDatasetVisible(c.curves.data.datasets.findIndex(d => d.peftTrial === ${JSON.stringify(id)} && d.peftKind === 'train'))`,
    );
  await w.page.click('input[data-trial="lora-r8"]');
  assert.equal(await hidden('lora-r8'), true);
  assert.equal(await hidden('lora-r4'), false);
  await w.page.click('input[data-group="dora_sweep"]');
  assert.equal(await hidden('dora-r4'), true);
  await w.page.click('input[data-group="dora_sweep"]');
  assert.equal(await hidden('dora-r4'), false);
  await w.page.check('#curves-logy');
  assert.equal(await evaluate<string>(w, 'c.curves.scales.y.type'), 'logarithmic');
  const rawY = await evaluate<number>(w, `c.curves.data.datasets[0].data[5].y`);
  await w.page.locator('#curves-smoothing').fill('0.9');
  const smoothY = await evaluate<number>(w, `c.curves.data.datasets[0].data[5].y`);
  assert.notEqual(smoothY, rawY);
  assert.equal(await w.page.textContent('output[for="curves-smoothing"]'), '0.90');
  await w.page.selectOption('#curves-x', 'tokens');
  assert.equal(await evaluate<number>(w, 'c.curves.data.datasets[0].data[3].x'), 3 * 512);
  assert.equal(await evaluate<string>(w, 'c.curves.options.scales.x.title.text'), 'Tokens');
  assert.ok((await paintedPixels(w.page, 'curves')) > 2000);
  await w.page.waitForFunction(
    () =>
      (window as unknown as { __state?: { curves?: { x?: string } } }).__state?.curves?.x ===
      'tokens',
  );
  const state = await w.page.evaluate(() => (window as unknown as { __state: unknown }).__state);
  assert.deepEqual((state as { curves: { hidden: string[]; logY: boolean } }).curves.hidden, [
    'lora-r8',
  ]);
  await w.page.close();
  // Reopened with the saved state (VS Code's WebviewPanelSerializer path): the UI comes back.
  const again = await openPanel('curves', 50, state);
  await waitForChart(again.page, 'curves');
  assert.equal(await evaluate<string>(again, 'c.curves.scales.y.type'), 'logarithmic');
  assert.equal(await again.page.isChecked('#curves-logy'), true);
  assert.equal(await again.page.inputValue('#curves-x'), 'tokens');
  assert.equal(await again.page.isChecked('input[data-trial="lora-r8"]'), false);
  assert.deepEqual(again.problems, []);
  await again.page.close();
});

void test('curves panel: 100k points are kept and decimated to about one point per pixel', async () => {
  const w = await openPanel('curves', 8400);
  await waitForChart(w.page, 'curves');
  const [raw, drawn, width] = await evaluate<[number, number, number]>(
    w,
    `(() => { const i = c.curves.data.datasets.findIndex(d => d.peftTrial === 'lora-r8' && d.peftKind === 'train'); return [c.curves.data.datasets[i]._data.length, c.curves.getDatasetMeta(i).data.length, c.curves.width]; })()`,
  );
  assert.equal(raw, 8400);
  assert.ok(
    drawn <= width + 2 && drawn > 50,
    `LTTB drew ${drawn} of ${raw} points over ${width}px`,
  );
  assert.ok((await paintedPixels(w.page, 'curves')) > 2000);
  await w.page.close();
});

void test('table panel: clicking a row asks the host to open that trial', async () => {
  const w = await openPanel('table', 10);
  await w.page.click('.page-table tbody tr[data-trial="dora-r2"]');
  const posted = await w.posted();
  assert.deepEqual(posted[posted.length - 1], { type: 'open-trial', trial: 'dora-r2' });
  await w.page.click('#refresh');
  const request = (await w.posted()).at(-1) as { type: string; id: number; method: string };
  assert.equal(request.type, 'request');
  assert.equal(request.method, 'refresh');
  await w.send({ type: 'response', id: request.id, ok: true });
  assert.deepEqual(w.problems, []);
  await w.page.close();
});

void test('laws panel: draws the fits, then replaces them on a fits message', async () => {
  const w = await openPanel('laws', 10);
  await waitForChart(w.page, 'laws');
  assert.ok((await paintedPixels(w.page, 'laws')) > 2000);
  const init = makeReportMessage(10, 'laws');
  if (init.type !== 'init') throw new Error('fixture is not init');
  await w.send({ type: 'fits', fits: init.snapshot.fits.filter((f) => f.law === 'compute_law') });
  await waitForChart(w.page, 'frontier');
  assert.equal(await w.page.inputValue('#laws-law'), 'compute_law');
  assert.equal(
    await evaluate<number>(w, 'c.laws.data.datasets.filter(d => d.peftRole === "curve").length'),
    1,
  );
  await w.send({ type: 'fits', fits: [] });
  assert.match((await w.page.textContent('.page-laws')) ?? '', /No fitted laws yet/);
  assert.deepEqual(w.problems, []);
  assert.deepEqual(await cspViolations(w.page), []);
  await w.page.close();
});

void test('theme: system dark fallback in the report, VS Code variables and theme switches in panels', async () => {
  const w = await watch(browser, { vscode: true });
  await w.page.emulateMedia({ colorScheme: 'dark' });
  await w.page.goto(await panelPage('curves'));
  await w.page.waitForFunction(
    () => (window as unknown as { __posted: unknown[] }).__posted.length > 0,
  );
  await w.send(makeReportMessage(20, 'curves'));
  await waitForChart(w.page, 'curves');
  assert.equal(
    await evaluate<string>(w, 'c.curves.options.scales.x.ticks.color'),
    '#9d9d9d',
    'dark fallback for muted text',
  );
  // VS Code sets --vscode-* on <html> and switches the body class on a theme change.
  await w.page.evaluate(() => {
    document.documentElement.style.setProperty('--vscode-descriptionForeground', '#ff0000');
    document.body.className = 'vscode-high-contrast';
  });
  await w.page.waitForFunction(
    () =>
      (
        window as unknown as {
          __peftCharts: { curves: { options: { scales: { x: { ticks: { color: string } } } } } };
        }
      ).__peftCharts.curves.options.scales.x.ticks.color === '#ff0000',
  );
  assert.equal(
    await evaluate<number>(w, 'c.curves.data.datasets[0].borderWidth'),
    2.5,
    'high contrast draws thicker lines',
  );
  assert.deepEqual(w.problems, []);
  await w.page.close();
});
