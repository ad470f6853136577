// `peft suggest`: a .peft file with a law and a predict line, a run store written by hand with
// results from a known power law; the printed run block must parse, be in `peft fmt` layout, add
// no diagnostics to the file, and list exactly the suggested trials with fresh seeds.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli as cli } from '../../helpers/cli';
import { format } from '../../../core/dsl/format';
import { analyze } from '../../../core/plan/analyze';
import { SUGGEST_FILE, storeWithResults } from './suggest-fixture';

void test('peft suggest prints a paste-able, fmt-clean, check-clean run block of the next trials', async () => {
  const dir = storeWithResults(SUGGEST_FILE, 32);
  const res = await cli(['suggest', 'demo.peft', '-n', '2'], dir);
  assert.equal(res.code, 0, res.err);
  assert.match(
    res.out,
    /^# Suggested by peft suggest for rank_law at r = 256: interval width now /,
  );
  assert.match(
    res.out,
    /# 1\. r = \d+, seed 1: \d\.\d\de\d+ FLOPs, expected width after [\d.e-]+\n/,
  );
  assert.match(res.out, /run ranks_next \{\n/);
  assert.equal(format(res.out).text, res.out, 'in peft fmt layout');
  const before = analyze(SUGGEST_FILE, { experiment: 'demo' });
  const after = analyze(`${SUGGEST_FILE}\n${res.out}`, { experiment: 'demo' });
  assert.deepEqual(
    after.diagnostics.map((d) => d.message),
    before.diagnostics.map((d) => d.message),
    'the block adds no diagnostics',
  );
  const added = after.plan.runs.find((r) => r.name === 'ranks_next')!.trials;
  assert.equal(added.length, 2);
  assert.deepEqual(
    added.map((t) => t.config.seed),
    [1, 2],
    'fresh seeds: replicates are new trials',
  );
  const old = new Set(before.plan.runs[0]!.trials.map((t) => t.id));
  assert.ok(added.every((t) => !old.has(t.id)));
  const json = JSON.parse((await cli(['suggest', 'demo.peft', '--json', '-n', '1'], dir)).out) as {
    law: string;
    widthBefore: number;
    trials: Array<{ axes: { r: number }; flops: number; widthAfter: number }>;
  };
  assert.equal(json.law, 'rank_law');
  assert.equal(json.trials.length, 1);
  const capped = JSON.parse(
    (
      await cli(
        ['suggest', 'demo.peft', '--json', '--budget', String(2.5 * json.trials[0]!.flops)],
        dir,
      )
    ).out,
  ) as { trials: Array<{ flops: number }> };
  assert.ok(capped.trials.length <= 2, 'the budget caps the sum of the suggested trials');
  assert.ok(json.trials[0]!.flops > 0 && json.widthBefore > 0);
  // Equal-ish costs and a target beyond the data: the largest rank teaches most (c-optimal design).
  assert.equal(json.trials[0]!.axes.r, 32);
});

void test('peft suggest: missing law, target or results are errors with a location', async () => {
  const noLaw = SUGGEST_FILE.slice(0, SUGGEST_FILE.indexOf('law rank_law'));
  const dir = storeWithResults(SUGGEST_FILE, 32);
  writeFileSync(join(dir, 'nolaw.peft'), noLaw);
  const a = await cli(['suggest', 'nolaw.peft'], dir);
  assert.equal(a.code, 1);
  assert.match(a.err, /^nolaw\.peft:1:1: error: this file has no law/);
  writeFileSync(
    join(dir, 'nopredict.peft'),
    SUGGEST_FILE.replace('predict rank_law at r = 256', ''),
  );
  const b = await cli(['suggest', 'nopredict.peft'], dir);
  assert.equal(b.code, 1);
  assert.match(
    b.err,
    /^nopredict\.peft:26:1: error: law rank_law has no `predict rank_law at …` line/,
  );
  const few = storeWithResults(SUGGEST_FILE, 2);
  const c = await cli(['suggest', 'demo.peft'], few);
  assert.equal(c.code, 1);
  assert.match(c.err, /^demo\.peft:26:1: error: law rank_law has 2 finished trial\(s\)/);
  assert.match(
    (await cli(['suggest', 'demo.peft', '--law', 'nope'], dir)).err,
    /no law named 'nope'/,
  );
  const tight = await cli(['suggest', 'demo.peft', '--budget', '1e3'], dir);
  assert.equal(tight.code, 1);
  assert.match(
    tight.err,
    /^demo\.peft:18:1: error: no trial of run ranks fits the budget of 1000 FLOPs/,
  );
  assert.equal((await cli(['suggest', 'demo.peft', '--target', 'r'], dir)).code, 2);
  assert.equal((await cli(['suggest', 'demo.peft', '-n', '0'], dir)).code, 2);
  assert.equal((await cli(['suggest'], dir)).code, 2);
});
