// @lane system: headless Chromium (the report page)
// A diverged trial (issue 16, case 3): its NaN losses are stored as null, and the report and the
// panels must still read the whole snapshot and show the trial as diverged. Also: the
// standalone report ignores window messages from other origins, and CSV export neutralises
// formula cells.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser } from 'playwright-core';
import { launch, reportPage, waitForChart, watch, type Watched } from '../browser/harness';
import { makeStoredTrials } from '../unit/webview/fixtures';
import { reportMessage } from '../../webview/report-snapshot';
import { parseHostMessage } from '../../webview/protocol';
import { cellText, tableColumns } from '../../webview/views/table-model';
import type { HostMessage } from '../../webview/protocol';
import { acceptsMessage } from '../../webview/host';
import { csvCell } from '../../cli/commands/export';

/** A 12-trial report where `dora-r1` diverged at step 3, as the store would hold it after a JSON round trip (NaN → null). */
function divergedMessage(): HostMessage {
  const trials = makeStoredTrials(20);
  const t = trials.find((x) => x.id === 'dora-r1')!;
  t.status = {
    state: 'diverged',
    updated: '2026-11-26T00:00:00Z',
    step: 3,
    final: { eval_loss: NaN, train_loss: NaN },
  };
  t.records = t.records.map((r) =>
    r.step >= 3
      ? r.kind === 'train'
        ? { ...r, loss: NaN, gradNorm: NaN }
        : { ...r, metrics: { eval_loss: NaN } }
      : r,
  );
  const message = reportMessage({
    experiment: 'demo',
    trials,
    fits: undefined,
    generated: '2026-11-26T00:00:00Z',
  });
  return JSON.parse(JSON.stringify(message)) as HostMessage; // what the page really receives: NaN is null
}

void test('a snapshot with a diverged trial parses (null is NaN) and its table cell says diverged', () => {
  const parsed = parseHostMessage(divergedMessage());
  assert.ok(parsed.ok, parsed.ok ? '' : parsed.error);
  assert.ok(parsed.value.type === 'init');
  const trials = parsed.value.snapshot.trials;
  const t = trials.find((x) => x.id === 'dora-r1')!;
  assert.equal(t.state, 'diverged');
  assert.ok(Number.isNaN(t.final?.['eval_loss']));
  const metric = tableColumns(trials, 'eval_loss').find((c) => c.key === 'metric')!;
  assert.equal(cellText(metric, t), 'diverged');
});

let browser: Browser;
let w: Watched;
before(async () => {
  browser = await launch();
  w = await watch(browser, { vscode: false });
  await w.page.goto(await reportPage(divergedMessage(), 'diverged'));
  await waitForChart(w.page, 'curves');
});
after(() => browser.close());

void test('report in Chromium: a diverged trial draws, the table marks it, nothing errors', async () => {
  assert.equal(await w.page.locator("text=This report's data cannot be read").count(), 0);
  await w.page.click('#tab-table');
  const row = w.page.locator('.page-table tbody tr[data-trial="dora-r1"]');
  assert.match((await row.textContent()) ?? '', /diverged/);
  assert.deepEqual(w.problems, []);
});

void test('the standalone report takes window messages only from itself', () => {
  const win = { location: { origin: 'null' } };
  assert.equal(acceptsMessage('standalone', { origin: 'null', source: win }, win), true);
  assert.equal(
    acceptsMessage('standalone', { origin: 'https://evil.example', source: {} }, win),
    false,
  );
  assert.equal(
    acceptsMessage('standalone', { origin: 'null', source: {} }, win),
    false,
    'another file:// frame',
  );
  assert.equal(acceptsMessage('vscode', { origin: 'vscode-webview://x', source: null }, win), true);
});

void test('CSV export neutralises formula cells and keeps numbers', () => {
  assert.equal(csvCell('=HYPERLINK("http://evil","x")'), `"'=HYPERLINK(""http://evil"",""x"")"`);
  assert.equal(csvCell('+cmd'), "'+cmd");
  assert.equal(csvCell('@SUM(A1)'), "'@SUM(A1)");
  assert.equal(csvCell(-0.5), '-0.5');
  assert.equal(csvCell('lora'), 'lora');
});
