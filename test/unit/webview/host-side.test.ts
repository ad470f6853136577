import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RequestClient, type Timers } from '../../../webview/request-client';
import { DeltaBatcher } from '../../../webview/delta-batcher';
import { recordFromEvent, seriesFromRecords, trialView } from '../../../webview/adapters';
import { restoreUi } from '../../../webview/ui-state';
import type { HostMessage, PageMessage } from '../../../webview/protocol';
import { makeRecords, makeTrial } from './fixtures';

/** Manual timers: `fire()` runs what is due, so tests never sleep. */
function manualTimers(): Timers & { fire(): void; live(): number } {
  const due = new Map<number, () => void>();
  let next = 1;
  return {
    setTimeout: (fn) => (due.set(next, fn), next++),
    clearTimeout: (h) => void due.delete(h as number),
    fire: () => {
      const fns = [...due.values()];
      due.clear();
      fns.forEach((f) => f());
    },
    live: () => due.size,
  };
}

void test('requests resolve on their response and time out with the method named', async () => {
  const posted: PageMessage[] = [];
  const timers = manualTimers();
  const client = new RequestClient((m) => posted.push(m), timers, 500);
  const first = client.request('refresh');
  const second = client.request('reveal-trial', 'lora-r8');
  assert.deepEqual(posted, [
    { type: 'request', id: 1, method: 'refresh' },
    { type: 'request', id: 2, method: 'reveal-trial', trial: 'lora-r8' },
  ]);
  assert.equal(client.settle(1, true), true);
  await first;
  timers.fire();
  await assert.rejects(second, /reveal-trial \(#2\) got no response within 500 ms/);
  assert.equal(client.settle(2, true), false, 'a late response is ignored');
  assert.equal(client.inFlight, 0);
});

void test('the delta batcher posts one points message per interval, grouped by trial', () => {
  const posted: HostMessage[] = [];
  const timers = manualTimers();
  const batcher = new DeltaBatcher((m) => posted.push(m), timers);
  const records = makeRecords(30, 1, 0, 10);
  for (const r of records) batcher.add(r.step % 2 ? 'odd' : 'even', r);
  assert.equal(posted.length, 0);
  assert.equal(timers.live(), 1, 'one timer however many records');
  timers.fire();
  assert.equal(posted.length, 1);
  const m = posted[0]!;
  assert.ok(m.type === 'points');
  if (m.type !== 'points') return;
  assert.deepEqual(
    m.series.map((s) => [s.id, s.train.step.length]),
    [
      ['even', 15],
      ['odd', 15],
    ],
  );
  assert.deepEqual(m.series[0]!.eval?.step, [0, 10, 20]);
  batcher.add('x', records[0]!);
  batcher.flush();
  assert.equal(posted.length, 2);
  assert.equal(timers.live(), 0);
});

void test('adapters: a planned trial with its status; records split into train and eval; run events to records', () => {
  const v = trialView(makeTrial('t1', 'sweep', 3, 'lora', 8), {
    state: 'done',
    updated: 'now',
    final: { eval_loss: 2 },
    wallSeconds: 12,
    backend: 'wasm',
  });
  assert.equal(v.label, 'lora rank=8 lr=0.001');
  assert.equal(v.config['adapter.r'], 8);
  assert.deepEqual(
    [v.state, v.final, v.wallSeconds, v.backend, v.trainableParams],
    ['done', { eval_loss: 2 }, 12, 'wasm', 8000],
  );
  const s = seriesFromRecords('t1', makeRecords(250, 1));
  assert.equal(s.train.step.length, 250);
  assert.deepEqual(s.eval?.step, [0, 100, 200]);
  const r = recordFromEvent({
    type: 'metric',
    id: 't1',
    step: 5,
    loss: 2,
    lr: 1,
    tokens: 10,
    flops: 20,
    wall: 1,
    gradNorm: 1,
    tokensPerSec: 1,
  });
  assert.deepEqual(r, {
    id: 't1',
    record: {
      kind: 'train',
      step: 5,
      loss: 2,
      lr: 1,
      tokens: 10,
      flops: 20,
      wall: 1,
      gradNorm: 1,
      tokensPerSec: 1,
    },
  });
  assert.equal(recordFromEvent({ type: 'error', message: 'x' }), undefined);
});

void test('saved UI state is checked field by field on restore', () => {
  const ui = restoreUi('report', {
    tab: 'table',
    curves: { x: 'flops', logY: true, smoothing: 5, hidden: ['a', 3], groupBy: 'rank' },
    table: { sortDir: 'sideways', filter: 'lora' },
  });
  assert.equal(ui.tab, 'table');
  assert.equal(ui.curves.x, 'flops');
  assert.equal(ui.curves.logY, true);
  assert.equal(ui.curves.smoothing, 0, 'out-of-range smoothing falls back to the default');
  assert.deepEqual(ui.curves.hidden, ['a']);
  assert.equal(ui.table.sortDir, 'asc');
  assert.equal(ui.table.filter, 'lora');
  assert.equal(restoreUi('curves', 'garbage').curves.x, 'step');
  assert.equal(
    restoreUi('curves', { tab: 'laws' }).tab,
    'curves',
    'a single-page panel keeps its page',
  );
});
