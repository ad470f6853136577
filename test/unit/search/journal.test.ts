// The run store's early-stopping journal (store/pruned.ts) and the `pruned` state: round trips,
// torn and damaged lines skipped, first report of a (trial, step) wins, prefixes as histories,
// pruned as a settled state only while the run still prunes, and every reader accepting it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync } from 'node:fs';
import { join } from 'node:path';
import type { EarlyStopSpec } from '../../../core/types/plan';
import { writeStatus, readTrialStatus } from '../../../store';
import {
  appendJournal,
  isSettled,
  journalHistory,
  journalPath,
  readJournal,
  reportIndex,
} from '../../../store/pruned';
import { validStatus } from '../../../store/validate';
import { parseTrial } from '../../../webview/guards-model';
import { trialView } from '../../../webview/adapters';
import { stateText } from '../../../webview/views/table-model';
import { curveLabel } from '../../../webview/charts/curves-config';
import { RunProgress } from '../../../core/run-progress';
import { describeCounts, trialStateText } from '../../../extension/trial-labels';
import { planTrials, tempRoot } from './early-stop-helpers';

const spec: EarlyStopSpec = { pruner: 'asha', params: { min_steps: 10, reduction: 3 } };

void test('journal lines round-trip in order; NaN is stored as null; torn lines are skipped', () => {
  const root = tempRoot();
  const path = journalPath(root, 'exp', 'go', spec);
  appendJournal(path, { trial: 'a', step: 10, value: 0.5 });
  appendJournal(path, { trial: 'b', step: 10, value: NaN });
  appendJournal(path, { trial: 'b', step: 10, end: 'pruned' });
  appendFileSync(path, '{"trial":"c","step":1\n{"trial":3}\n'); // a crash mid-line, a damaged one
  appendJournal(path, { trial: 'a', step: 90, end: 'complete' });
  const lines = readJournal(path);
  assert.equal(lines.length, 4);
  assert.deepEqual(lines[0], { trial: 'a', step: 10, value: 0.5 });
  assert.ok(Number.isNaN(lines[1]!.value));
  assert.deepEqual(lines[2], { trial: 'b', step: 10, end: 'pruned' });
  assert.deepEqual(readJournal(join(root, 'absent.jsonl')), []);
});

void test('the key follows the pruner options: other options, another journal', () => {
  const root = tempRoot();
  const other = { ...spec, params: { ...spec.params, reduction: 4 } };
  assert.notEqual(journalPath(root, 'e', 'go', spec), journalPath(root, 'e', 'go', other));
  assert.equal(
    journalPath(root, 'e', 'go', spec),
    journalPath(root, 'e', 'go', { pruner: 'asha', params: { reduction: 3, min_steps: 10 } }),
  );
  assert.throws(() => journalPath(root, 'e', '../x', spec), /invalid run name/);
});

void test('history from a prefix: the first report of a step wins and keeps its seq', () => {
  const root = tempRoot();
  const path = journalPath(root, 'exp', 'go', spec);
  for (const l of [
    { trial: 'a', step: 10, value: 0.5 },
    { trial: 'b', step: 10, value: 0.6 },
    { trial: 'a', step: 30, value: 0.4 },
    { trial: 'a', step: 10, value: 0.9 }, // a re-run after a crash reports step 10 again
    { trial: 'b', step: 10, end: 'pruned' as const },
  ])
    appendJournal(path, l);
  const lines = readJournal(path);
  assert.equal(reportIndex(lines, 'a', 10), 0);
  const full = journalHistory(lines, lines.length - 1);
  assert.deepEqual(
    full.find((c) => c.id === 'a'),
    {
      id: 'a',
      state: 'running',
      reports: [
        { step: 10, value: 0.5, seq: 0 },
        { step: 30, value: 0.4, seq: 2 },
      ],
    },
  );
  assert.equal(full.find((c) => c.id === 'b')?.state, 'pruned');
  assert.deepEqual(
    journalHistory(lines, 1).map((c) => c.id),
    ['a', 'b'],
  );
  assert.equal(journalHistory(lines, 1).find((c) => c.id === 'b')?.state, 'running');
});

void test('pruned is settled only while the run prunes; status.json round-trips it with its step', () => {
  assert.equal(isSettled('pruned', true), true);
  assert.equal(isSettled('pruned', false), false);
  assert.equal(isSettled('done', false), true);
  assert.equal(isSettled('failed', true), false);
  const root = tempRoot();
  const [t] = planTrials('asha { min_steps = 10 }', 1);
  writeStatus(root, 'es', t!.id, { state: 'pruned', step: 30, final: { eval_loss: 1.5 } });
  const s = readTrialStatus(root, 'es', t!.id);
  assert.equal(s?.state, 'pruned');
  assert.equal(s?.step, 30);
  assert.equal(validStatus({ state: 'pruned', updated: '' })?.state, 'pruned');
});

void test('the views accept pruned trials and show where they stopped', () => {
  const [t] = planTrials('asha { min_steps = 10 }', 1);
  const view = trialView(t!, { state: 'pruned', updated: '', step: 30, final: { eval_loss: 2 } });
  assert.equal(view.stoppedAt, 30);
  const parsed = parseTrial(JSON.parse(JSON.stringify(view)));
  assert.ok(parsed.ok, parsed.ok ? '' : parsed.error);
  assert.equal(parsed.ok && parsed.value.state, 'pruned');
  assert.equal(stateText(view), 'pruned at step 30');
  assert.match(curveLabel(view), /\(pruned at 30\)$/);
  const p = new RunProgress();
  p.apply(
    {
      type: 'plan',
      v: 1,
      experiment: 'e',
      file: 'f',
      trials: [
        { id: 'a', run: 'go', axes: {}, cached: true, state: 'pruned' },
        { id: 'b', run: 'go', axes: {}, cached: false },
      ],
    },
    0,
  );
  p.apply({ type: 'trial-start', id: 'b', run: 'go' }, 1);
  p.apply({ type: 'trial-end', id: 'b', status: 'pruned', step: 10 }, 2);
  assert.equal(p.counts().pruned, 2);
  // The Runs view's words: pruned apart from failed, with the step.
  assert.equal(trialStateText('pruned', 10), 'pruned at step 10');
  assert.equal(
    describeCounts(['done', 'pruned', 'pruned', 'failed']),
    '1/4 done · 2 pruned · 1 failed',
  );
  assert.equal(p.remaining(), 0);
});
