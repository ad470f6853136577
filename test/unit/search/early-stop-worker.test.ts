// Early stopping wired through the worker (runtime/worker/pruning.ts) and the run store's journal:
// scripted curves, each trial trained by executeTrial in order, decisions checked against ASHA's
// published rule worked by hand; the same seed gives the same pruned set; a crash mid-trial (and a
// crash between the prune decision and status.json) replays to the same decisions.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import type { ExperimentPlan, LawSpec, Trial } from '../../../core/types/plan';
import { fitPlanLaws } from '../../../core/laws';
import { hyperbandDecide } from '../../../core/search/hyperband';
import { readTrialResults } from '../../../store/fits';
import { executeTrial } from '../../../runtime/worker/execute-trial';
import { readMetrics, readTrialStatus, trialDir } from '../../../store';
import { journalHistory, journalPath, readJournal, reportIndex } from '../../../store/pruned';
import { planTrials, scriptedRunner, tempRoot } from './early-stop-helpers';

// Trial k's eval value at step s is BASE[k] − s/1000 (every curve improves a little).
const BASE = [0.5, 0.7, 0.4, 0.45, 0.6, 0.42, 0.3, 0.8, 0.35];

async function runAll(root: string, trials: Trial[], crash?: { id: string; step: number }) {
  const index = new Map(trials.map((t, k) => [t.id, k]));
  const runner = scriptedRunner((id, s) => BASE[index.get(id)!]! - s / 1000, crash);
  const out: string[] = [];
  for (const t of trials) out.push(String(await executeTrial(root, t, { runner })));
  return out;
}

const outcome = (root: string, trials: Trial[]): string[] =>
  trials.map((t) => {
    const s = readTrialStatus(root, 'es', t.id);
    return s?.state === 'pruned' ? `pruned@${s.step}` : String(s?.state);
  });

// η = 3, rungs 10 and 30 (90 is max_steps): worked by hand in order of arrival.
// Rung 10: T1 alone; T2 (0.7) not the best of 2; T3 best of 3; T4, T5 outside the top ⌊n/3⌋ = 1;
// T6 (0.42) second of 6 with ⌊6/3⌋ = 2; T7 best; T8 worst; T9 (0.35) second of 9, top 3.
// Rung 30: T1 alone; T3 beats T1; T6 not the best of 3; T7 best of 4; T9 behind T7 (n = 5 → 1).
const EXPECTED = [
  'done',
  'pruned@10',
  'done',
  'pruned@10',
  'pruned@10',
  'pruned@30',
  'done',
  'pruned@10',
  'pruned@30',
];

void test('asha prunes the trials its rule says, at the rung it says; curves are kept', async () => {
  const root = tempRoot();
  const trials = planTrials('asha { min_steps = 10  reduction = 3 }', 9);
  assert.deepEqual(
    await runAll(root, trials),
    EXPECTED.map((e) => e.replace(/@\d+/, '')),
  );
  assert.deepEqual(outcome(root, trials), EXPECTED);
  // A pruned trial keeps its curve up to the rung and its final metrics as of then.
  const t2 = readMetrics(root, 'es', trials[1]!.id);
  assert.equal(Math.max(...t2.map((r) => r.step)), 10);
  assert.equal(readTrialStatus(root, 'es', trials[1]!.id)?.final?.eval_loss, 0.7 - 0.01);
  // The journal holds every eval report in order and each trial's end.
  const lines = readJournal(journalPath(root, 'es', 'go', trials[0]!.earlyStop!));
  assert.equal(lines.filter((l) => l.end === 'pruned').length, 6);
  assert.equal(lines.filter((l) => l.end === 'complete').length, 3);
});

void test('deterministic: the same file and seed give the same pruned set in a fresh store', async () => {
  const trials = planTrials('asha { min_steps = 10 }', 9);
  const a = tempRoot();
  const b = tempRoot();
  await runAll(a, trials);
  await runAll(b, trials);
  assert.deepEqual(outcome(a, trials), outcome(b, trials));
  assert.deepEqual(outcome(a, trials), EXPECTED);
});

void test('a crash mid-trial, then resume: the re-run replays its recorded reports and decides the same', async () => {
  const root = tempRoot();
  const trials = planTrials('asha { min_steps = 10 }', 9);
  // T3 dies at step 35, after it passed rung 30 (its one competitor there was T1). T4..T9 then
  // run; T7 reaches rung 30 with a better value. The re-run of T3 must replay its recorded rung-30
  // report (compared with T1 only: continue); appended anew it would lose to T7 and be pruned.
  const first = await runAll(root, trials, { id: trials[2]!.id, step: 35 });
  assert.equal(first[2], 'failed');
  // kill -9 between the decision and status.json: the trial reads as never finished.
  rmSync(join(trialDir(root, 'es', trials[1]!.id), 'status.json'));
  const again = trials.filter((t) => readTrialStatus(root, 'es', t.id)?.state !== 'done');
  const index = new Map(trials.map((t, k) => [t.id, k]));
  const runner = scriptedRunner((id, s) => BASE[index.get(id)!]! - s / 1000);
  for (const t of again) await executeTrial(root, t, { runner });
  assert.deepEqual(outcome(root, trials), EXPECTED);
});

void test('the median rule prunes a trial worse than the completed trials at the same step', async () => {
  const root = tempRoot();
  const trials = planTrials('median { startup = 2 }', 4, 40, 10);
  // T1 and T2 complete (startup); T3 is worse than their median at step 10; T4 better.
  const base = [0.5, 0.6, 0.9, 0.4];
  const index = new Map(trials.map((t, k) => [t.id, k]));
  const runner = scriptedRunner((id, s) => base[index.get(id)!]! - s / 1000);
  for (const t of trials) await executeTrial(root, t, { runner });
  assert.deepEqual(outcome(root, trials), ['done', 'done', 'pruned@10', 'done']);
});

void test('without early_stop nothing is journaled and every trial runs to the end', async () => {
  const root = tempRoot();
  const trials = planTrials('asha { min_steps = 10 }', 3).map((t) => {
    const { earlyStop: _drop, ...rest } = t;
    return rest;
  });
  const out = await runAll(root, trials);
  assert.deepEqual(out, ['done', 'done', 'done']);
});

void test('laws skip pruned trials unless the law says include_pruned = true', async () => {
  const root = tempRoot();
  const trials = planTrials('asha { min_steps = 10 }', 9);
  await runAll(root, trials);
  const law = (options: Record<string, boolean>): LawSpec => ({
    name: 'l',
    form: 'power',
    source: { kind: 'run', run: 'go' },
    y: 'eval_loss',
    x: ['lr'],
    options: { bootstrap: 0, ...options },
  });
  const plan: ExperimentPlan = {
    version: 1,
    experiment: 'es',
    runs: [{ name: 'go', trials }],
    laws: [law({}), law({ include_pruned: true })],
    predictions: [],
  };
  const pruned = new Set<string>();
  const results = readTrialResults(root, plan, pruned);
  assert.equal(pruned.size, 6);
  assert.equal(Object.keys(results).length, 9);
  const [plain, all] = fitPlanLaws(plan, results, { pruned });
  assert.equal(plain?.points.length, 3);
  assert.equal(all?.points.length, 9);
  // Without the set (the language server's reader) pruned trials are not read at all.
  assert.equal(Object.keys(readTrialResults(root, plan)).length, 3);
});

void test('hyperband through the worker decides as its rule does on the journal, bracket by bracket', async () => {
  const root = tempRoot();
  const trials = planTrials('hyperband { min_steps = 10  seed = 1 }', 9);
  await runAll(root, trials);
  const spec = trials[0]!.earlyStop!;
  const lines = readJournal(journalPath(root, 'es', 'go', spec));
  // Replay: each trial's last report before its end, decided over the journal up to it.
  for (const t of trials) {
    const s = readTrialStatus(root, 'es', t.id);
    const last = s?.state === 'pruned' ? s.step! : undefined;
    for (const step of [10, 30]) {
      const at = reportIndex(lines, t.id, step);
      if (at < 0) continue;
      const want = hyperbandDecide(journalHistory(lines, at), t.id, {
        minResource: 10,
        maxResource: 90,
        seed: 1,
      });
      assert.equal(want === 'prune', last === step, `${t.id} at ${step}`);
    }
  }
  assert.ok(trials.some((t) => readTrialStatus(root, 'es', t.id)?.state === 'pruned'));
});
