import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, existsSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { engineOf, getMethod, unsupportedOptions } from '../../../core/catalog';
import { BASE, run } from './fixture';
import { main } from '../../../cli/main';

const notRunnable = (text: string) =>
  run(text).diagnostics.filter((d) => d.code === 'not-runnable');

void test('an init the tfjs runtime lacks is not-runnable at the option, with the nearest init as the fix', () => {
  const text = BASE.replace('r = 4', 'r = 4 init_lora_weights = lora_ga');
  const [d, ...rest] = notRunnable(text);
  assert.equal(rest.length, 0);
  assert.equal(d!.severity, 'warning');
  assert.equal(text.slice(d!.range.start, d!.range.end), 'init_lora_weights');
  assert.match(d!.message, /tfjs engine/);
  assert.deepEqual(
    d!.data && { kind: d!.data.kind, text: 'text' in d!.data ? d!.data.text : undefined },
    { kind: 'replace', text: 'true' },
  );
});

void test('one warning per option, not per trial of a sweep', () => {
  const text = BASE.replace('r = 4', 'r = 4 bias = "all"').replace(
    'steps = 10',
    'steps = 10 seeds = 3',
  );
  assert.equal(notRunnable(text).length, 1);
});

void test('a value the runtime runs (the default, or a runnable init) gives no warning', () => {
  assert.equal(
    notRunnable(BASE.replace('r = 4', 'r = 4 init_lora_weights = pissa bias = "none"')).length,
    0,
  );
});

void test('a swept option warns only when a trial takes the unrunnable value', () => {
  const text = BASE.replace(
    'steps = 10',
    'steps = 10 init_lora_weights = sweep [true, olora, corda]',
  );
  const ds = notRunnable(text);
  assert.equal(ds.length, 1);
  assert.match(ds[0]!.message, /"corda"/);
});

void test('a method tfjs does not implement warns at its name with a runnable method as the fix', () => {
  const text = BASE + 'adapter b = bitfit {}\nrun g6 { model = tiny data = task adapter = b }\n';
  const [d] = notRunnable(text);
  assert.equal(text.slice(d!.range.start, d!.range.end), 'bitfit');
  assert.ok(
    d!.data?.kind === 'replace' && getMethod(d!.data.text)?.engines.tfjs.runs,
    JSON.stringify(d!.data),
  );
});

void test('the engine follows the backend: torch names the torch engine, any tfjs backend or none the tfjs one', () => {
  assert.equal(engineOf('torch'), 'torch');
  assert.equal(engineOf('wasm'), 'tfjs');
  assert.equal(engineOf(undefined), 'tfjs');
});

void test('a map option can be refused for one key only (eva_config.use_label_mask)', () => {
  const eva = getMethod('eva')!.engines.tfjs;
  assert.equal(unsupportedOptions(eva, { eva_config: { rho: 2 } }, {}).length, 0);
  const [u] = unsupportedOptions(eva, { eva_config: { rho: 2, use_label_mask: true } }, {});
  assert.equal(u!.key, 'use_label_mask');
});

void test('peft run refuses a file with a not-runnable trial before starting any trial', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'peft-refuse-'));
  const file = join(dir, 'x.peft');
  writeFileSync(
    file,
    BASE.replace('steps = 10', 'steps = 10 init_lora_weights = sweep [true, lora_ga]'),
  );
  let err = '';
  const code = await main(['run', file], {
    stdout: () => undefined,
    stderr: (t) => (err += t),
    cwd: dir,
    signal: new AbortController().signal,
  });
  assert.equal(code, 1);
  assert.match(err, /init_lora_weights = "lora_ga" does not run on the tfjs engine/);
  assert.match(err, /nothing was started/);
  assert.equal(existsSync(join(dir, '.peft', 'runs')), false, 'no trial may be queued or started');
});

void test('an image corpus feeds only the MLP: on a transformer it is not-runnable at the data block', () => {
  const text = BASE.replace('corpus "moby-dick"', 'corpus "fashion-mnist"');
  const ds = notRunnable(text);
  assert.ok(
    ds.some(
      (d) =>
        /Corpus 'fashion-mnist' runs on the tfjs engine only for mlp models, not transformer/.test(
          d.message,
        ) && text.slice(d.range.start, d.range.end) === 'corpus',
    ),
    JSON.stringify(ds),
  );
  const torch = notRunnable(text.replace('steps = 10', 'steps = 10 backend = "torch"'));
  assert.ok(torch.some((d) => /only for mlp models/.test(d.message) && /torch/.test(d.message)));
  const mlp = text.replace(
    'transformer { width = 32  depth = 1  heads = 2  context = 16 }',
    'mlp { n_in = 784  hidden = [16]  classes = 10 }',
  );
  assert.deepEqual(notRunnable(mlp), [], 'fashion-mnist runs on an mlp (both engines)');
  assert.deepEqual(notRunnable(mlp.replace('steps = 10', 'steps = 10 backend = "torch"')), []);
});

void test('a corpus an engine has no reader for is not-runnable at the data block', () => {
  const text = BASE.replace('corpus "moby-dick"', 'corpus "notes.jsonl"');
  const ds = notRunnable(text);
  assert.ok(
    ds.some((d) =>
      /does not run on the tfjs engine: the tfjs engine has no reader/.test(d.message),
    ),
    JSON.stringify(ds),
  );
});
