import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EventLineSplitter, parseRunEvent } from '../../../extension/event-stream';
import type { RunEvent } from '../../../core/protocol';

test('events split across chunks are reassembled line by line', () => {
  const events: RunEvent[] = [];
  const bad: string[] = [];
  const s = new EventLineSplitter(
    (e) => events.push(e),
    (l) => bad.push(l),
  );
  s.push('{"type":"trial-start","id":"a","run":"r"}\n{"type":"met');
  assert.equal(events.length, 1);
  s.push(
    'ric","id":"a","step":1,"loss":2.5,"lr":0.001,"tokens":64,"flops":1,"wall":0.1,"gradNorm":1,"tokensPerSec":640}\nnot json\n',
  );
  s.push(
    '{"type":"done","done":1,"failed":0,"diverged":0,"cancelled":0,"cached":0,"wallSeconds":1}',
  );
  assert.equal(events.length, 2);
  s.end();
  assert.deepEqual(
    events.map((e) => e.type),
    ['trial-start', 'metric', 'done'],
  );
  assert.deepEqual(bad, ['not json']);
});

test('parseRunEvent rejects unknown types and non-objects', () => {
  assert.equal(parseRunEvent('{"type":"bogus"}'), undefined);
  assert.equal(parseRunEvent('42'), undefined);
  assert.equal(parseRunEvent('null'), undefined);
  assert.equal(parseRunEvent('{"type":"error","message":"x"}')?.type, 'error');
});
