import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli as cli } from '../../helpers/cli';

const dir = mkdtempSync(join(tmpdir(), 'peft-cli-'));
const bad = join(dir, 'bad.peft');
writeFileSync(bad, 'model m = transformer {}\nadapter a = lora { rr = 4 }\n');

void test('check: examples are clean (exit 0)', async () => {
  const r = await cli([
    'check',
    'examples/lora-vs-allora.peft',
    'examples/rank-scaling.peft',
    'examples/isoflop.peft',
    'examples/methods.peft',
    'examples/fashion.peft',
  ]);
  assert.equal(r.code, 0, r.out + r.err);
});

void test('check: errors print file:line:col: severity code: message and exit 1', async () => {
  const r = await cli(['check', bad]);
  assert.equal(r.code, 1);
  assert.match(
    r.out,
    new RegExp(
      `^${bad.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:2:20: error unknown-parameter: .*did you mean 'r'`,
      'm',
    ),
  );
});

void test('check --json: array with code, severity, message and 0-based range', async () => {
  const r = await cli(['check', '--json', bad]);
  assert.equal(r.code, 1);
  const arr = JSON.parse(r.out) as Array<{
    code: string;
    severity: string;
    message: string;
    range: { start: { line: number; character: number } };
  }>;
  const d = arr.find((x) => x.code === 'unknown-parameter')!;
  assert.equal(d.severity, 'error');
  assert.deepEqual(d.range.start, { line: 1, character: 19 });
});

void test('check: bad path, directory and invalid UTF-8 are one-line errors with exit 2', async () => {
  const binary = join(dir, 'bin.peft');
  writeFileSync(binary, Buffer.from([0x6d, 0xff, 0xfe, 0x00, 0xc3]));
  for (const target of [join(dir, 'missing.peft'), dir, binary]) {
    const r = await cli(['check', target]);
    assert.equal(r.code, 2, target);
    assert.equal(r.err.trim().split('\n').length, 1, r.err);
    assert.doesNotMatch(r.err, /at .*\.ts:\d+/);
  }
  assert.equal((await cli(['check'])).code, 2);
});

void test('plan: table with ids and estimates; --json is the ExperimentPlan', async () => {
  const r = await cli(['plan', 'examples/isoflop.peft']);
  assert.equal(r.code, 0, r.err);
  assert.match(r.out, /^run\s+#\s+id\s+method\s+trainable/m);
  assert.match(r.out, /4 trials in 1 run/);
  const j = await cli(['plan', '--json', 'examples/isoflop.peft']);
  const plan = JSON.parse(j.out) as {
    version: number;
    experiment: string;
    runs: Array<{ trials: Array<{ id: string }> }>;
  };
  assert.equal(plan.version, 1);
  assert.equal(plan.experiment, 'isoflop');
  assert.equal(plan.runs[0]!.trials.length, 4);
  assert.ok(r.out.includes(plan.runs[0]!.trials[0]!.id));
  assert.equal((await cli(['plan', bad])).code, 1);
});

void test('fmt: --check reports unformatted files (exit 1), fmt rewrites them, then --check passes', async () => {
  const file = join(dir, 'fmt.peft');
  writeFileSync(file, 'model   m=transformer{width=64}\n');
  assert.equal((await cli(['fmt', '--check', file])).code, 1);
  assert.equal((await cli(['fmt', file])).code, 0);
  assert.equal(readFileSync(file, 'utf8'), 'model m = transformer {\n  width = 64\n}\n');
  assert.equal((await cli(['fmt', '--check', file])).code, 0);
  writeFileSync(file, 'model m = {');
  assert.equal((await cli(['fmt', file])).code, 1);
});
