// The language server's store watcher (issue 16, case 9): with fs.watch working it does not poll,
// and a change to one trial re-reads only that experiment (the view updates on the event).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { pathToFileURL } from 'node:url';
import { join } from 'node:path';
import { analyze } from '../../core/plan';
import { writeStatus, writeTrialJson } from '../../store';
import { RunStore } from '../../store/watch';
import { tinyExperiment, workspace } from './helpers';

void test('store watcher: no polling while fs.watch works; one trial change updates the view', async () => {
  const text = tinyExperiment(undefined, 'lr = sweep [1e-3, 1e-2]');
  const [a, b] = analyze(text, { experiment: 'x' }).plan.runs[0]!.trials;
  const dir = workspace({ 'x.peft': text });
  for (const t of [a!, b!]) {
    writeTrialJson(dir, t);
    writeStatus(dir, 'x', t.id, { state: 'done', final: { eval_loss: 1 } });
  }
  let changes = 0;
  let notify: () => void = () => {};
  const logs: string[] = [];
  const store = new RunStore({
    roots: [dir],
    pollMs: 5,
    debounceMs: 20,
    log: (m) => logs.push(m),
    onChange: () => (changes++, notify()),
  });
  try {
    const uri = pathToFileURL(join(dir, 'x.peft')).href;
    assert.equal(store.view(uri, 'x').finishedTrials, 2);
    // The bound's timer also keeps the event loop alive (the watcher itself is not persistent).
    let bound: NodeJS.Timeout | undefined;
    const changed = new Promise<void>((ok, fail) => {
      notify = ok;
      bound = setTimeout(() => fail(new Error('no change event within 10 s')), 10_000);
    });
    writeStatus(dir, 'x', a!.id, { state: 'failed', error: 'boom' });
    await changed;
    clearTimeout(bound);
    assert.equal(store.view(uri, 'x').finishedTrials, 1);
    assert.deepEqual(logs, [], 'fs.watch worked: nothing is polled');
    assert.ok(changes >= 1);
  } finally {
    store.dispose();
  }
});
