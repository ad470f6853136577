// @lane integration: the project's Python (scripts/python-env.sh) reads the TensorBoard event files back (test/anchors/tfevents_reader.py)
// `peft export --to …` and `peft import` end to end in a temporary folder (hf config read beside the .peft file).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { projectPython } from '../../helpers/python';
import { runCli as cli } from '../../helpers/cli';

const FIX = join(import.meta.dirname, '..', '..', 'fixtures', 'hf');
const READER = join(import.meta.dirname, '..', '..', 'anchors', 'tfevents_reader.py');

function workspace(): string {
  const dir = mkdtempSync(join(tmpdir(), 'peft-interop-'));
  mkdirSync(join(dir, 'llama'));
  copyFileSync(join(FIX, 'llama-7b.json'), join(dir, 'llama', 'config.json'));
  writeFileSync(
    join(dir, 'demo.peft'),
    `data task = corpus "sotu"
model llama = hf { config = "llama/config.json"  context = 512 }
adapter lora = lora { target_modules = [q_proj, v_proj]  lora_alpha = 16 }
run ranks { model = llama  data = task  adapter = lora  r = sweep [4, 8]  batch = 2  steps = 10 }
`,
  );
  return dir;
}

void test('peft check reads the hf config beside the file; peft plan shows the LLaMA-7B LoRA count', async () => {
  const dir = workspace();
  const ok = await cli(['check', 'demo.peft'], dir);
  assert.equal(ok.code, 0, ok.out + ok.err);
  writeFileSync(
    join(dir, 'typo.peft'),
    readFileSync(join(dir, 'demo.peft'), 'utf8').replace('v_proj]', 'v_prj]'),
  );
  const bad = await cli(['check', 'typo.peft'], dir);
  assert.match(bad.out, /hf-target-unmatched|did you mean 'v_proj'/);
});

void test('export --to peft / axolotl / llama-factory writes one file per trial; import reads them back', async () => {
  const dir = workspace();
  const res = await cli(['export', 'demo.peft', '--to', 'peft', '--out', 'peft-out'], dir);
  assert.equal(res.code, 0, res.err);
  const ids = readdirSync(join(dir, 'peft-out')).sort();
  assert.equal(ids.length, 2);
  const cfgs = ids.map(
    (id) =>
      JSON.parse(readFileSync(join(dir, 'peft-out', id, 'adapter_config.json'), 'utf8')) as Record<
        string,
        unknown
      >,
  );
  assert.deepEqual(cfgs.map((c) => c['r']).sort(), [4, 8]);
  assert.equal(cfgs[0]!['peft_type'], 'LORA');
  assert.equal(cfgs[0]!['base_model_name_or_path'], 'llama');
  const one = await cli(
    ['export', 'demo.peft', '--to', 'axolotl', '--trial', ids[0]!, '--out', 'ax'],
    dir,
  );
  assert.equal(one.code, 0, one.err);
  assert.deepEqual(readdirSync(join(dir, 'ax')), [`${ids[0]}.yaml`]);
  assert.match(readFileSync(join(dir, 'ax', `${ids[0]}.yaml`), 'utf8'), /^lora_r: [48]$/m);
  const lf = await cli(['export', 'demo.peft', '--to', 'llama-factory', '--out', 'lf'], dir);
  assert.equal(lf.code, 0);
  assert.match(
    readFileSync(join(dir, 'lf', `${ids[1]}.yaml`), 'utf8'),
    /^lora_target: q_proj,v_proj$/m,
  );
  const imp = await cli(
    [
      'import',
      join('peft-out', ids[0]!, 'adapter_config.json'),
      '--config',
      'llama/config.json',
      '--out',
      'back.peft',
    ],
    dir,
  );
  assert.equal(imp.code, 0, imp.err);
  const chk = await cli(['check', 'back.peft'], dir);
  assert.equal(chk.code, 0, chk.out);
  const bad = await cli(['export', 'demo.peft', '--to', 'onnx'], dir);
  assert.equal(bad.code, 2);
  assert.match(
    bad.err,
    /--to must be one of peft, axolotl, llama-factory, tensorboard, mlflow, got 'onnx'/,
  );
});

void test('export --to tensorboard / mlflow reads metrics.jsonl from the run store', async () => {
  const dir = workspace();
  const plan = await cli(['export', 'demo.peft', '--format', 'json'], dir);
  const rows = JSON.parse(plan.out) as Array<{ id: string }>;
  const id = rows[0]!.id;
  const tdir = join(dir, '.peft', 'runs', 'demo', id);
  mkdirSync(tdir, { recursive: true });
  writeFileSync(
    join(tdir, 'metrics.jsonl'),
    `${JSON.stringify({ kind: 'train', step: 5, loss: 2.5, lr: 0.001, tokens: 10, flops: 1, wall: 1, gradNorm: 0.5, tokensPerSec: 10 })}\n${JSON.stringify({ kind: 'eval', step: 10, tokens: 20, flops: 2, wall: 2, metrics: { eval_loss: 2.25 } })}\n`,
  );
  writeFileSync(
    join(tdir, 'status.json'),
    JSON.stringify({ state: 'done', updated: '', wallSeconds: 2 }),
  );
  const tb = await cli(
    ['export', 'demo.peft', '--to', 'tensorboard', '--trial', id, '--out', 'tb'],
    dir,
  );
  assert.equal(tb.code, 0, tb.err);
  const file = tb.out.trim();
  assert.ok(file.includes(join('tb', 'ranks', id)));
  const events = execFileSync(projectPython(), [READER, file], { encoding: 'utf8' })
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as { step: number; scalars: Record<string, number> });
  assert.deepEqual(
    events.map((e) => e.step),
    [0, 5, 10],
  );
  assert.equal(events[2]!.scalars['eval/eval_loss'], 2.25);
  const ml = await cli(['export', 'demo.peft', '--to', 'mlflow'], dir);
  assert.equal(ml.code, 0, ml.err);
  assert.equal(
    readFileSync(join(dir, 'mlruns', '1', id, 'metrics', 'eval_loss'), 'utf8').split(' ')[1],
    '2.25',
  );
  assert.ok(existsSync(join(dir, 'mlruns', '1', rows[1]!.id, 'meta.yaml')));
});
