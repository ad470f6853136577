import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseHostMessage, parsePageMessage } from '../../../webview/protocol';
import { makeReportMessage } from './fixtures';

void test('page messages: every valid kind parses to a fresh object with only known fields', () => {
  const cases: Array<[unknown, unknown]> = [
    [
      { type: 'ready', v: 1, view: 'curves', extra: '<b>' },
      { type: 'ready', v: 1, view: 'curves' },
    ],
    [
      { type: 'open-trial', trial: 'abc123' },
      { type: 'open-trial', trial: 'abc123' },
    ],
    [
      { type: 'request', id: 7, method: 'refresh', trial: 'ignored' },
      { type: 'request', id: 7, method: 'refresh' },
    ],
    [
      { type: 'request', id: 8, method: 'reveal-trial', trial: 'lora-r8' },
      { type: 'request', id: 8, method: 'reveal-trial', trial: 'lora-r8' },
    ],
    [
      { type: 'log', level: 'warn', message: 'x' },
      { type: 'log', level: 'warn', message: 'x' },
    ],
  ];
  for (const [input, expected] of cases)
    assert.deepEqual(parsePageMessage(input), { ok: true, value: expected });
});

void test('page messages: malformed or hostile input is rejected with the bad value named', () => {
  const bad: Array<[unknown, RegExp]> = [
    [null, /not an object/],
    ['ready', /not an object/],
    [[], /not an object/],
    [{ type: 'exec', cmd: 'rm' }, /unknown page message type "exec"/],
    [{ type: 'ready', v: 2, view: 'curves' }, /version 2/],
    [{ type: 'ready', v: 1, view: 'settings' }, /unknown view "settings"/],
    [{ type: 'open-trial', trial: '../../etc/passwd' }, /invalid trial id/],
    [{ type: 'open-trial', trial: '<img src=x>' }, /invalid trial id/],
    [{ type: 'open-trial', trial: 'a'.repeat(200) }, /invalid trial id/],
    [{ type: 'request', id: 1.5, method: 'refresh' }, /invalid id 1.5/],
    [{ type: 'request', id: -1, method: 'refresh' }, /invalid id -1/],
    [{ type: 'request', id: 1, method: 'run-shell' }, /unknown method "run-shell"/],
    [{ type: 'request', id: 1, method: 'reveal-trial' }, /invalid trial id/],
    [{ type: 'log', level: 'info', message: 'x' }, /invalid level/],
    [{ type: 'log', level: 'error', message: 42 }, /not a string/],
  ];
  for (const [input, pattern] of bad) {
    const r = parsePageMessage(input);
    assert.equal(r.ok, false, JSON.stringify(input));
    if (!r.ok) assert.match(r.error, pattern);
  }
});

void test('page log messages are truncated so a page cannot flood the host log', () => {
  const r = parsePageMessage({ type: 'log', level: 'error', message: 'x'.repeat(10_000) });
  assert.ok(r.ok && r.value.type === 'log' && r.value.message.length === 2000);
});

void test('host init survives a JSON round trip, NaN losses included', () => {
  const message = makeReportMessage(50);
  assert.equal(message.type, 'init');
  if (message.type !== 'init') return;
  message.snapshot.series[0]!.train.loss[3] = NaN;
  const r = parseHostMessage(JSON.parse(JSON.stringify(message)));
  assert.ok(r.ok, r.ok ? '' : r.error);
  if (!r.ok || r.value.type !== 'init') return;
  assert.equal(r.value.snapshot.trials.length, 12);
  assert.equal(r.value.snapshot.series[0]!.train.step.length, 50);
  assert.ok(Number.isNaN(r.value.snapshot.series[0]!.train.loss[3]));
  assert.equal(r.value.snapshot.fits.length, 3);
});

void test('host messages with inconsistent data are rejected with a path to the problem', () => {
  const cols = { step: [1, 2], loss: [1, 1], tokens: [1, 2], flops: [1, 2], wall: [1] };
  const r1 = parseHostMessage({ type: 'points', series: [{ id: 't1', train: cols }] });
  assert.ok(
    !r1.ok && /series\[0\]: series t1.train.wall has 1 values, expected 2/.test(r1.error),
    r1.ok ? '' : r1.error,
  );
  const r2 = parseHostMessage({
    type: 'points',
    series: [{ id: 't1', train: { ...cols, wall: [1, '2'] } }],
  });
  assert.ok(!r2.ok && /wall\[1\] is not a number: "2"/.test(r2.error));
  const r3 = parseHostMessage({ type: 'trial', trial: { id: 't1', run: 'r', state: 'exploded' } });
  assert.ok(!r3.ok && /unknown state "exploded"/.test(r3.error));
  const r4 = parseHostMessage({
    type: 'fits',
    fits: [{ law: 'l', params: [{ name: 'E', value: 'big' }] }],
  });
  assert.ok(!r4.ok && /fits\[0\]: fit l.params\[0\].value is not a finite number/.test(r4.error));
  const r5 = parseHostMessage({ type: 'focus', trial: 'x y' });
  assert.ok(!r5.ok);
});

void test('host response messages settle either way', () => {
  assert.deepEqual(parseHostMessage({ type: 'response', id: 3, ok: true }), {
    ok: true,
    value: { type: 'response', id: 3, ok: true },
  });
  assert.deepEqual(parseHostMessage({ type: 'response', id: 3, ok: false, error: 'no' }), {
    ok: true,
    value: { type: 'response', id: 3, ok: false, error: 'no' },
  });
});
