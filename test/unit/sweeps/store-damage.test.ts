// Damaged store records are skipped by the readers but counted and said: `peft status` names them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  damageNote,
  parseMetricLines,
  readMetrics,
  readMetricsCounted,
  readTrialDamage,
  trialDir,
} from '../../../store';
import { tempProject, tinyFile } from './helpers';
import { runCli as cli } from '../../helpers/cli';

const train = (step: number): string =>
  JSON.stringify({
    kind: 'train',
    step,
    loss: 1,
    lr: 1e-3,
    tokens: step,
    flops: 1,
    wall: step,
    gradNorm: 1,
    tokensPerSec: 1,
  });

/** A trial folder whose metrics.jsonl holds 2 good lines, a garbage line, an ill-formed record and a torn tail. */
function damagedTrial(root: string, id: string): void {
  const dir = trialDir(root, 'e', id);
  mkdirSync(dir, { recursive: true });
  const lines = [train(1), '{"kind":"train"', train(2), '{"kind":"eval","step":3}', '{"kind":"tr'];
  writeFileSync(join(dir, 'metrics.jsonl'), lines.join('\n'));
}

void test('the metric readers count what they skip; a pending tail is not damage until final', () => {
  const partial = parseMetricLines(`${train(1)}\nnot json\n${train(2)}\n{"kind":"tr`);
  assert.deepEqual([partial.records.length, partial.skipped, partial.rest], [2, 1, '{"kind":"tr']);
  const root = mkdtempSync(join(tmpdir(), 'peft-damage-'));
  damagedTrial(root, 'abc');
  const { records, skipped } = readMetricsCounted(root, 'e', 'abc');
  assert.deepEqual(
    records.map((r) => r.step),
    [1, 2],
  );
  assert.equal(skipped, 3); // garbage, eval without metrics, torn last line
  assert.deepEqual(readMetrics(root, 'e', 'abc'), records);
  assert.deepEqual(readMetricsCounted(root, 'e', 'none'), { records: [], skipped: 0 });
});

void test('readTrialDamage tells a damaged status.json or trial.json from a missing one', () => {
  const root = mkdtempSync(join(tmpdir(), 'peft-damage-'));
  damagedTrial(root, 'abc');
  const dir = trialDir(root, 'e', 'abc');
  assert.deepEqual(readTrialDamage(root, 'e', 'abc'), {
    metricLines: 3,
    status: false,
    trial: false,
  });
  writeFileSync(join(dir, 'status.json'), '{"state": "exploded"}');
  writeFileSync(join(dir, 'trial.json'), '{"id": "someone-else"');
  const d = readTrialDamage(root, 'e', 'abc');
  assert.deepEqual(d, { metricLines: 3, status: true, trial: true });
  assert.equal(
    damageNote(d),
    '3 damaged metric lines skipped, status.json damaged (read as no status), trial.json damaged (skipped)',
  );
  assert.deepEqual(readTrialDamage(root, 'e', 'abc', { metrics: false }).metricLines, 0);
  assert.equal(
    damageNote({ metricLines: 1, status: false, trial: false }),
    '1 damaged metric line skipped',
  );
  assert.equal(damageNote(readTrialDamage(root, 'e', 'missing')), undefined);
});

void test('peft status says how many damaged records it skipped in which trial', async () => {
  const { dir, file } = tempProject(
    'e',
    tinyFile(
      'run s {\n  model = m  data = task  adapter = ft\n  seed = sweep [1, 2]\n  steps = 4\n}',
    ),
  );
  const before = JSON.parse((await cli(['status', file, '--json'], dir)).out) as {
    trials: { id: string; damage?: string }[];
  };
  const [first, second] = before.trials;
  assert.ok(first && second && before.trials.every((t) => t.damage === undefined));
  damagedTrial(dir, first.id);
  writeFileSync(join(trialDir(dir, 'e', first.id), 'status.json'), 'not json');
  const text = await cli(['status', file], dir);
  assert.equal(text.code, 0);
  assert.ok(
    text.out.includes(
      `3 damaged metric lines skipped, status.json damaged (read as no status) in trial ${first.id}`,
    ),
    text.out,
  );
  assert.ok(!text.out.includes(`in trial ${second.id}`), text.out);
  const json = JSON.parse((await cli(['status', file, '--json'], dir)).out) as typeof before;
  assert.match(json.trials[0]?.damage ?? '', /^3 damaged metric lines skipped/);
  assert.equal(json.trials[1]?.damage, undefined);
});
