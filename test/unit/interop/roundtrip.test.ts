// .peft → adapter_config.json → .peft round trip, PEFT field names/values, axolotl and LLaMA-Factory YAML.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyze } from '../../../core/plan';
import type { TrialConfig } from '../../../core/types/plan';
import {
  emitYaml,
  importAdapterConfig,
  importFrameworkYaml,
  parseYaml,
  toAdapterConfig,
  toAxolotl,
  toLlamaFactory,
} from '../../../core/interop';

const FIX = join(import.meta.dirname, '..', '..', 'fixtures', 'hf');
const resolveFile = (p: string): string | undefined => {
  try {
    return readFileSync(
      join(
        FIX,
        p
          .replace(/^meta-llama\/Llama-2-7b-hf\//, '')
          .replace(/^config\.json$/, 'llama-7b.json')
          .replace(/^([^/]*)\/config\.json$/, '$1.json'),
      ),
      'utf8',
    );
  } catch {
    return undefined;
  }
};

const SOURCE = `data task = corpus "sotu"
model llama = hf { config = "llama-7b.json"  context = 1024 }
adapter ada = dora {
  target_modules = [q_proj, v_proj, down_proj]  r = 16  lora_alpha = 32  lora_dropout = 0.05
  layers_to_transform = [0, 1, 2]  rank_pattern = { down_proj = 4 }  alpha_pattern = { v_proj = 8 }
  init_lora_weights = gaussian
}
run ft { model = llama  data = task  adapter = ada  batch = 4  steps = 50  optimizer = adamw { lr = 2e-4 }  schedule = cosine { warmup = 0.1 } }
`;

function firstTrial(text: string): TrialConfig {
  const res = analyze(text, { resolveFile });
  const errs = res.diagnostics.filter((d) => d.severity === 'error');
  assert.deepEqual(
    errs.map((e) => e.message),
    [],
  );
  const t = res.plan.runs[0]?.trials[0];
  assert.ok(t, 'no trial');
  return t.config;
}

void test('adapter_config.json has PEFT field names and values (dora → LORA + use_dora)', () => {
  const t = firstTrial(SOURCE);
  const cfg = toAdapterConfig(t.adapter, t.model, { baseModel: 'meta-llama/Llama-2-7b-hf' });
  assert.equal(cfg['peft_type'], 'LORA');
  assert.equal(cfg['task_type'], 'CAUSAL_LM');
  assert.equal(cfg['use_dora'], true);
  assert.equal(cfg['r'], 16);
  assert.equal(cfg['lora_alpha'], 32);
  assert.deepEqual(cfg['target_modules'], ['q_proj', 'v_proj', 'down_proj']);
  assert.deepEqual(cfg['rank_pattern'], { down_proj: 4 });
  assert.equal(cfg['init_lora_weights'], 'gaussian');
  assert.equal(cfg['base_model_name_or_path'], 'meta-llama/Llama-2-7b-hf');
  for (const k of [
    'bias',
    'fan_in_fan_out',
    'modules_to_save',
    'layers_pattern',
    'use_rslora',
    'lora_bias',
    'inference_mode',
    'exclude_modules',
  ])
    assert.ok(k in cfg, k);
  assert.deepEqual(Object.keys(cfg), [...Object.keys(cfg)].sort());
});

void test('round trip: .peft → adapter_config.json → .peft gives the same adapter config and the same export', () => {
  const t = firstTrial(SOURCE);
  const cfg = toAdapterConfig(t.adapter, t.model, { baseModel: 'meta-llama/Llama-2-7b-hf' });
  const back = importAdapterConfig(JSON.stringify(cfg, null, 2));
  assert.deepEqual(back.warnings, []);
  const t2 = firstTrial(back.text);
  assert.equal(t2.adapter.method, 'lora');
  assert.deepEqual(toAdapterConfig(t2.adapter, t2.model), cfg);
  assert.equal(t2.model.params['config'], 'meta-llama/Llama-2-7b-hf/config.json');
});

void test('import reports fields it cannot carry and non-identifier pattern keys', () => {
  const r = importAdapterConfig(
    JSON.stringify({
      peft_type: 'LORA',
      r: 8,
      lora_alpha: 16,
      target_modules: ['q_proj'],
      rank_pattern: { 'model.layers.0.self_attn.q_proj': 4 },
      use_qalora: true,
    }),
  );
  assert.ok(r.warnings.some((w) => /use_qalora = true/.test(w)));
  assert.ok(r.warnings.some((w) => /model\.layers\.0\.self_attn\.q_proj/.test(w)));
  assert.throws(
    () => importAdapterConfig('{"peft_type":"VERA"}'),
    /peft_type "VERA" is not supported/,
  );
  assert.throws(
    () => toAdapterConfig({ name: 'a', method: 'allora', params: {} }),
    /'allora' has no PEFT config type/,
  );
});

void test('axolotl and LLaMA-Factory YAML: alias names, parse back to the same PEFT params', () => {
  const t = firstTrial(SOURCE);
  const ax = toAxolotl(t, 'meta-llama/Llama-2-7b-hf');
  assert.deepEqual(
    [
      ax['adapter'],
      ax['lora_r'],
      ax['lora_alpha'],
      ax['peft_use_dora'],
      ax['sequence_len'],
      ax['micro_batch_size'],
      ax['max_steps'],
      ax['learning_rate'],
    ],
    ['lora', 16, 32, true, 1024, 4, 50, 2e-4],
  );
  assert.deepEqual(ax['lora_target_modules'], ['q_proj', 'v_proj', 'down_proj']);
  const axText = emitYaml(ax);
  assert.match(axText, /^lora_target_modules:\n {2}- q_proj\n {2}- v_proj\n/m);
  assert.deepEqual(parseYaml(axText), ax);
  const lf = toLlamaFactory(t, 'meta-llama/Llama-2-7b-hf');
  assert.deepEqual(
    [lf['finetuning_type'], lf['lora_rank'], lf['lora_target'], lf['use_dora'], lf['cutoff_len']],
    ['lora', 16, 'q_proj,v_proj,down_proj', true, 1024],
  );
  assert.deepEqual(parseYaml(emitYaml(lf)), lf);
  const imp = importFrameworkYaml(axText);
  const t3 = firstTrial(imp.text);
  for (const k of [
    'r',
    'lora_alpha',
    'target_modules',
    'use_dora',
    'layers_to_transform',
    'init_lora_weights',
  ])
    assert.deepEqual(
      t3.adapter.params[k],
      ({ ...t.adapter.params, use_dora: true } as Record<string, unknown>)[k],
      k,
    );
  const all = importFrameworkYaml('base_model: x\nlora_target_linear: true\nlora_r: 4\n');
  assert.match(all.text, /target_modules = "all-linear"/);
});

void test('YAML subset parser: comments, quotes, flow lists, nesting; errors name the line', () => {
  const doc = parseYaml(
    '# c\na: 1   # trailing\nb: "x: y"\nc: [1, two, "3"]\nd:\n  e: true\n  f:\n  - x\n  - \'y z\'\ng: ~\n',
  );
  assert.deepEqual(doc, {
    a: 1,
    b: 'x: y',
    c: [1, 'two', '3'],
    d: { e: true, f: ['x', 'y z'] },
    g: null,
  });
  assert.throws(() => parseYaml('a: {b: 1}\n'), /line 1: flow maps are not supported/);
  assert.throws(() => parseYaml('a: 1\n\tb: 2\n'), /line 2: tabs/);
  assert.equal(
    emitYaml({ s: 'true', n: 'null', k: 'a b', e: [] }),
    's: "true"\n"n": "null"\nk: "a b"\ne: []\n',
  );
});
