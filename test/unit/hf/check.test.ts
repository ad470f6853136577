// The hf-targets check inside core/plan's analyze(): per-entry diagnostics with stable codes,
// did-you-mean quick fixes at the entry's range, pattern-key warnings, config read through the seam.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyze } from '../../../core/plan';
import { resolveFixture } from './helpers';

const file = (
  adapter: string,
  model = 'config = "llama-7b.json"  context = 512',
) => `data task = corpus "sotu"
model llama = hf { ${model} }
adapter lora = lora { ${adapter} }
run ft { model = llama  data = task  adapter = lora  batch = 4  steps = 100 }
`;
const run = (text: string) => analyze(text, { resolveFile: resolveFixture });

void test('a misspelled entry next to a valid one: warning with did-you-mean and a replace fix on the entry', () => {
  const text = file('target_modules = [q_proj, v_prj]  r = 8  lora_alpha = 16');
  const res = run(text);
  const d = res.diagnostics.find((x) => x.code === 'hf-target-unmatched');
  assert.ok(d, JSON.stringify(res.diagnostics));
  assert.equal(d.severity, 'warning');
  assert.equal(text.slice(d.range.start, d.range.end), 'v_prj');
  assert.match(d.message, /did you mean 'v_proj'\?/);
  assert.deepEqual(d.data, { kind: 'replace', text: 'v_proj', title: "Change to 'v_proj'" });
  assert.equal(res.plan.runs[0]?.trials[0]?.estimates.trainableParams, 8 * 8192 * 32);
});

void test('nothing matches: error (PEFT raises); container modules: unsupported error', () => {
  const none = run(file('target_modules = [c_attn]  lora_alpha = 16'));
  assert.ok(
    none.diagnostics.some((x) => x.code === 'hf-target-none-matched' && x.severity === 'error'),
  );
  const cont = run(file('target_modules = [self_attn]  lora_alpha = 16'));
  assert.ok(
    cont.diagnostics.some((x) => x.code === 'hf-target-unsupported' && /Attention/.test(x.message)),
  );
  const regex = run(file('target_modules = "q_proj"  lora_alpha = 16'));
  assert.ok(
    regex.diagnostics.some(
      (x) => x.code === 'hf-target-none-matched' && /whole name/.test(x.message),
    ),
  );
});

void test('rank_pattern: unused key warning on the key; all-linear + layers_to_transform warning', () => {
  const text = file(
    'target_modules = [q_proj, v_proj]  lora_alpha = 16  rank_pattern = { q_proj = 4  zzz = 2 }',
  );
  const d = run(text).diagnostics.find((x) => x.code === 'hf-pattern-unused');
  assert.ok(d);
  assert.equal(text.slice(d.range.start, d.range.end), 'zzz');
  const al = run(
    file('target_modules = "all-linear"  layers_to_transform = [0, 1]  lora_alpha = 16'),
  );
  assert.ok(al.diagnostics.some((x) => x.code === 'hf-all-linear-ignores-layers'));
});

void test('unreadable config: error on the config value; the alpha/r lint still comes from advice.ts once', () => {
  const res = run(file('target_modules = [q_proj]  r = 64', 'config = "nope.json"'));
  assert.ok(
    res.diagnostics.some(
      (x) => x.code === 'hf-config-unreadable' && /cannot read config "nope.json"/.test(x.message),
    ),
  );
  assert.equal(res.diagnostics.filter((x) => x.code === 'lora-alpha-scale').length, 1);
});

void test('an invalid target regex is an error on the value; a shadowed pattern key is a warning on the key', () => {
  const bad = file('target_modules = "q_proj("  lora_alpha = 16');
  const d = run(bad).diagnostics.find((x) => x.code === 'hf-target-invalid');
  assert.ok(d, JSON.stringify(run(bad).diagnostics));
  assert.equal(bad.slice(d.range.start, d.range.end), '"q_proj("');
  const text = file(
    'target_modules = [q_proj, v_proj]  lora_alpha = 16  rank_pattern = { q_proj = 4  self_attn.q_proj = 2 }',
  );
  const s = run(text).diagnostics.find((x) => x.code === 'hf-pattern-shadowed');
  assert.ok(s, JSON.stringify(run(text).diagnostics));
  assert.match(s.message, /'self_attn\.q_proj' is shadowed.*'q_proj'/);
});
