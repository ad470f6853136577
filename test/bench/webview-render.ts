/**
 * Webview benchmark in headless Chromium (Debian's chromium via playwright-core):
 * 1. Render time of the loss-curve view for ~10k and ~100k points (12 trials): from the `init`
 *    message's dispatch (validation, store, datasets, Chart.js build and first draw, which is
 *    synchronous with animation off) to the next animation frame. Anchor, same page and data:
 *    a plain Chart.js line chart with default data handling (parsing on, no decimation),
 *    animation off.
 * 2. Frame time while 8 trials stream at 10 updates/s each (80 `points` messages/s, 10 points
 *    each), starting from 8×1k and from 8×12.5k points. Anchor: frame time of the same page idle.
 * Run: npx tsx test/bench/webview-render.ts   (medians of RUNS runs)
 */
import { launch, panelPage, watch } from '../browser/harness';
import { makeRecords, makeReportMessage, makeStoredTrials } from '../unit/webview/fixtures';
import { reportMessage } from '../../webview/report-snapshot';
import { seriesFromRecords } from '../../webview/adapters';
import type { Page } from 'playwright-core';

const RUNS = Number(process.env.RUNS ?? 5);
/** The 8 streaming trials: the first 8 of the fixture's store. */
const STREAMED = makeStoredTrials(1).slice(0, 8);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** Dispatches the stored init message RUNS times; returns [ours ms, anchor ms] medians. */
async function renderTimes(page: Page, points: number): Promise<[number, number, number, number]> {
  await page.evaluate(
    (m) => ((window as unknown as { __bench: unknown }).__bench = m),
    makeReportMessage(Math.ceil(points / 12), 'curves'),
  );
  const ours: number[] = [];
  const anchor: number[] = [];
  const redraw: number[] = [];
  const anchorRedraw: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    ours.push(
      await page.evaluate(`new Promise((resolve) => {
      const t0 = performance.now();
      window.dispatchEvent(new MessageEvent('message', { data: window.__bench }));
      requestAnimationFrame(() => resolve(performance.now() - t0));
    })`),
    );
    redraw.push(
      await page.evaluate(
        `(() => { const c = window.__peftCharts.curves; const t0 = performance.now(); for (let k = 0; k < 3; k++) c.update('none'); return (performance.now() - t0) / 3; })()`,
      ),
    );
    anchor.push(
      await page
        .evaluate(
          `new Promise((resolve) => {
      const Chart = window.__peftCharts.curves.constructor;
      const box = document.createElement('div');
      box.style.height = '600px'; box.style.width = '900px';
      const canvas = document.createElement('canvas');
      box.append(canvas); document.body.append(box);
      const t0 = performance.now();
      const series = window.__bench.snapshot.series;
      const datasets = series.map((s) => ({ label: s.id, data: s.train.step.map((x, j) => ({ x, y: s.train.loss[j] })), pointRadius: 0, borderWidth: 1.5 }));
      const chart = new Chart(canvas, { type: 'line', data: { datasets }, options: { animation: false, responsive: true, maintainAspectRatio: false, scales: { x: { type: 'linear' } } } });
      requestAnimationFrame(() => {
        const dt = performance.now() - t0;
        const t1 = performance.now(); for (let k = 0; k < 3; k++) chart.update('none'); const redraw = (performance.now() - t1) / 3;
        chart.destroy(); box.remove(); resolve([dt, redraw]);
      });
    })`,
        )
        .then((r) => {
          const [dt, rd] = r as [number, number];
          anchorRedraw.push(rd);
          return dt;
        }),
    );
  }
  return [median(ours), median(anchor), median(redraw), median(anchorRedraw)];
}

/** Frame intervals (ms) over `seconds`, optionally while 8 trials stream 10 updates/s each. */
async function frames(
  page: Page,
  seconds: number,
  stream: boolean,
  from: number,
): Promise<{
  median: number;
  p95: number;
  max: number;
  handler: number;
  update: number;
  updateP95: number;
}> {
  const ids = STREAMED.map((t) => t.id);
  const batches = ids.map((id) =>
    Array.from({ length: seconds * 10 + 1 }, (_, k) =>
      seriesFromRecords(id, makeRecords(10, 1, from + k * 10, 1e9)),
    ),
  );
  await page.evaluate(
    (b) => ((window as unknown as { __batches: unknown }).__batches = b),
    stream ? batches : [],
  );
  return page.evaluate(`new Promise((resolve) => {
    const intervals = []; const handler = []; const updates = [];
    const chart = window.__peftCharts.curves; const original = chart.update;
    chart.update = function (mode) { const t0 = performance.now(); const r = original.call(this, mode); updates.push(performance.now() - t0); return r; };
    let last = performance.now(); let running = true;
    const tick = (t) => { intervals.push(t - last); last = t; if (running) requestAnimationFrame(tick); };
    requestAnimationFrame((t) => { last = t; requestAnimationFrame(tick); });
    const timers = window.__batches.map((list, trial) => { let k = 0; return setInterval(() => {
      const s = list[k++]; if (!s) return;
      const t0 = performance.now();
      window.dispatchEvent(new MessageEvent('message', { data: { type: 'points', series: [s] } }));
      handler.push(performance.now() - t0);
    }, 100); });
    setTimeout(() => {
      running = false; timers.forEach(clearInterval); chart.update = original;
      const sorted = (xs) => [...xs].sort((a, b) => a - b);
      const s = sorted(intervals); const h = sorted(handler); const u = sorted(updates);
      resolve({ median: s[Math.floor(s.length / 2)], p95: s[Math.floor(s.length * 0.95)], max: s[s.length - 1], handler: h.length ? h[Math.floor(h.length / 2)] : 0,
        update: u.length ? u[Math.floor(u.length / 2)] : 0, updateP95: u.length ? u[Math.floor(u.length * 0.95)] : 0 });
    }, ${seconds * 1000});
  })`);
}

async function main(): Promise<void> {
  const browser = await launch();
  const w = await watch(browser, { vscode: true, viewport: { width: 1200, height: 800 } });
  await w.page.goto(await panelPage('curves'));
  await w.page.waitForFunction(
    () => (window as unknown as { __posted: unknown[] }).__posted.length > 0,
  );
  // Warm up (JIT, fonts) once.
  await renderTimes(w.page, 2000);
  const rows: string[] = [];
  for (const points of [10_000, 100_000]) {
    const [ours, anchor, redraw, anchorRedraw] = await renderTimes(w.page, points);
    rows.push(
      `| render ${points.toLocaleString('en-US')} points (12 trials) | ${ours.toFixed(0)} ms | ${anchor.toFixed(0)} ms | ${(ours / anchor).toFixed(2)} |`,
    );
    rows.push(
      `| redraw (update('none')) ${points.toLocaleString('en-US')} points | ${redraw.toFixed(1)} ms | ${anchorRedraw.toFixed(1)} ms | ${(redraw / anchorRedraw).toFixed(2)} |`,
    );
  }
  console.log('| measurement | PEFT Lab | anchor | ratio |\n|---|---|---|---|\n' + rows.join('\n'));
  for (const perTrial of [1000, 12_500]) {
    const init = reportMessage({
      experiment: 'bench',
      trials: makeStoredTrials(perTrial).slice(0, 8),
      generated: 'now',
    });
    if (init.type === 'init') init.view = 'curves';
    await w.send(init);
    const idle: Array<{ median: number; p95: number }> = [];
    const busy: Array<{
      median: number;
      p95: number;
      max: number;
      handler: number;
      update: number;
      updateP95: number;
    }> = [];
    for (let i = 0; i < Math.max(3, Math.floor(RUNS / 2)); i++) {
      idle.push(await frames(w.page, 2, false, perTrial));
      busy.push(await frames(w.page, 3, true, perTrial + i * 400));
    }
    const m = (k: 'median' | 'p95' | 'max' | 'handler' | 'update' | 'updateP95') =>
      median(busy.map((b) => b[k]));
    console.log(
      `| stream 8 trials × 10 updates/s from 8×${perTrial.toLocaleString('en-US')} points | frame median ${m('median').toFixed(1)} ms, p95 ${m('p95').toFixed(1)} ms, max ${m('max').toFixed(1)} ms; handler ${m('handler').toFixed(2)} ms/message, redraw ${m('update').toFixed(1)} ms (p95 ${m('updateP95').toFixed(1)} ms), at most 10/s | idle frame median ${median(idle.map((x) => x.median)).toFixed(1)} ms, p95 ${median(idle.map((x) => x.p95)).toFixed(1)} ms | ${(m('median') / median(idle.map((x) => x.median))).toFixed(2)} (p95 ${(m('p95') / median(idle.map((x) => x.p95))).toFixed(2)}) |`,
    );
  }
  if (w.problems.length) console.log('problems:', w.problems);
  await browser.close();
}

void main();
