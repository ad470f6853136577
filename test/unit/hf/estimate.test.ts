// Static estimates on hf models: PEFT-METHODS §4.6 worked examples, adapter file size, sweep cost.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { estimateTrial, ZERO_ESTIMATES } from '../../../core/catalog';
import { modelEnv } from '../../../core/plan/families';
import { toTrialEstimates } from '../../../core/hf/estimate';
import {
  estimateHfTrial,
  hfModel,
  layerActivationBytes,
  safetensorsBytes,
  sweepCost,
} from '../../../core/hf';
import type { PlanValue, Trial, TrialConfig } from '../../../core/types/plan';
import { encodeSafetensors, type StoredTensor } from '../../../runtime/io/safetensors';
import { fixtureJson, resolveFixture } from './helpers';

function trial(
  config: string,
  method: string,
  params: TrialConfig['adapter']['params'],
  extra: Partial<TrialConfig> = {},
  model: Record<string, never> | Record<string, string | number | boolean> = {},
): TrialConfig {
  return {
    experiment: 'e',
    run: 'r',
    model: { name: 'm', family: 'hf', params: { config, precision: 'bf16', ...model } },
    data: { name: 'd', corpus: 'sotu', holdout: 0.1, params: {} },
    adapter: { name: 'a', method, params },
    optimizer: { name: 'adamw', params: {} },
    schedule: { name: 'constant', params: {} },
    batch: 1,
    steps: 100,
    seed: 0,
    evalEvery: 100,
    metric: 'eval_loss',
    clip: 1,
    ...extra,
  };
}

void test('LLaMA-7B LoRA r=8 on q_proj,v_proj: 4,194,304 trainable (0.062%), bf16 base 13.48 GB (§4.6 ex. 2)', () => {
  const e = estimateHfTrial(
    trial('llama-7b.json', 'lora', { r: 8, target_modules: ['q_proj', 'v_proj'] }),
    resolveFixture,
  );
  assert.equal(e.trainableParams, 4_194_304);
  assert.equal(e.baseParams, 6_738_415_616);
  assert.equal(e.trainablePercent.toFixed(3), '0.062');
  assert.equal(e.weightBytes, 6_738_415_616 * 2 + 4_194_304 * 4);
  assert.equal(
    e.weightBytes - 6_738_415_616 * 2 + e.gradientBytes + e.optimizerBytes,
    16 * 4_194_304,
  ); // fp32 LoRA weights, grads, Adam m and v: 67.1 MB
  assert.equal(e.adaptedModules, 64);
  assert.equal(e.adaptedLayers, 32);
  // Ignoring attention and the head, 4N + 6N_t ≈ 2.698e10 per token; ours adds lm_head and attention.
  const N = 6_738_415_616,
    head = 2 * 4096 * 32000,
    attn = 2 * 32 * 2048 * 4096;
  const noAttnNoHead = e.flopsPerToken - 3 * attn - 2 * head;
  assert.ok(
    Math.abs(noAttnNoHead - (4 * (N - 2 * 32000 * 4096 - 4096 * 65) + 6 * 4_194_304)) /
      noAttnNoHead <
      1e-3,
    String(noAttnNoHead),
  );
  assert.equal(e.tokens, 100 * 2048);
  assert.equal(e.tokensPerParam, e.tokens / N);
});

void test('the catalog estimateTrial delegates hf to the core/hf passed in (one source) and reads config through the seam', () => {
  const t = trial('llama-7b.json', 'lora', { r: 8, target_modules: ['q_proj', 'v_proj'] });
  const e = estimateTrial(t, modelEnv(resolveFixture));
  assert.equal(e.trainableParams, 4_194_304);
  assert.deepEqual(e, toTrialEstimates(estimateHfTrial(t, resolveFixture)));
  assert.throws(
    () => estimateTrial(t, modelEnv()),
    /hf: cannot read config "llama-7b.json" \(no file access here\)/,
  );
  assert.throws(
    () => estimateTrial(trial('missing.json', 'lora', {}), modelEnv(resolveFixture)),
    /cannot read config "missing.json"/,
  );
  // The catalog alone does not know how to build an hf model: a clear error, not a wrong count.
  assert.throws(
    () => estimateTrial(t, { resolveFile: resolveFixture }),
    /hf: this model family is implemented above the catalog; pass it in ModelEnv.families/,
  );
});

void test('the estimates a plan stores keep exactly the TrialEstimates fields of the hf estimate', () => {
  const full = estimateHfTrial(trial('gpt2.json', 'lora', { r: 4 }), resolveFixture);
  const kept = toTrialEstimates(full);
  assert.deepEqual(Object.keys(kept), [
    'totalParams',
    'trainableParams',
    'trainablePercent',
    'weightBytes',
    'gradientBytes',
    'optimizerBytes',
    'activationBytes',
    'memoryBytes',
    'flopsPerStep',
    'trainFlops',
    'tokens',
  ]);
  for (const [k, v] of Object.entries(kept)) assert.equal(v, full[k as keyof typeof kept], k);
});

void test('defaults: unset target_modules uses PEFT defaults (gpt2: c_attn); DoRA adds d_out per module', () => {
  const g = estimateHfTrial(trial('gpt2.json', 'lora', { r: 4 }), resolveFixture);
  assert.equal(g.trainableParams, 12 * 4 * (768 + 2304));
  const d = estimateHfTrial(
    trial('mistral-7b.json', 'dora', { r: 16, target_modules: ['k_proj'] }),
    resolveFixture,
  );
  assert.equal(d.trainableParams, 32 * (16 * (4096 + 1024) + 1024));
  const all = estimateHfTrial(
    trial('qwen2-0.5b.json', 'lora', { r: 8, target_modules: 'all-linear' }),
    resolveFixture,
  );
  assert.equal(
    all.trainableParams,
    24 * 8 * ((896 + 896) * 2 + (896 + 128) * 2 + (896 + 4864) * 2 + (4864 + 896)),
  );
});

void test('activations: GPT-2 small, 16-bit, b=8, s=1024, no flash = 717.2 MB per layer (§4.6 ex. 3)', () => {
  const m = hfModel(fixtureJson('gpt2') as Record<string, PlanValue>);
  assert.equal((layerActivationBytes(m, 1024, 8, 2, false) / 1e6).toFixed(1), '717.2');
  assert.ok(layerActivationBytes(m, 1024, 8, 2, true) < layerActivationBytes(m, 1024, 8, 2, false));
});

void test('adapter file size equals the bytes of a real safetensors encoding of the LoRA tensors', () => {
  const cfg = {
    model_type: 'llama',
    hidden_size: 64,
    num_hidden_layers: 3,
    num_attention_heads: 4,
    num_key_value_heads: 2,
    intermediate_size: 96,
    vocab_size: 100,
  };
  const e = estimateHfTrial(
    trial('tiny.json', 'lora', { r: 4, target_modules: ['q_proj', 'k_proj', 'down_proj'] }),
    () => JSON.stringify(cfg),
  );
  assert.equal(e.adapterFileExact, true);
  const m = hfModel(cfg);
  const tensors = new Map<string, StoredTensor>();
  for (const s of m.sites.filter((x) => /(q_proj|k_proj|down_proj)$/.test(x.name))) {
    tensors.set(`base_model.model.${s.name}.lora_A.weight`, {
      dtype: 'F32',
      shape: [4, s.dIn],
      data: new Float32Array(4 * s.dIn),
    });
    tensors.set(`base_model.model.${s.name}.lora_B.weight`, {
      dtype: 'F32',
      shape: [s.dOut, 4],
      data: new Float32Array(4 * s.dOut),
    });
  }
  const bytes = encodeSafetensors(tensors, { format: 'pt' }).length;
  assert.ok(Math.abs(e.adapterFileBytes - bytes) <= 7, `${e.adapterFileBytes} vs ${bytes}`); // padding policy may differ by < 8
  assert.equal(e.adapterFileBytes % 8, 0);
  assert.equal(safetensorsBytes([]), 8 + 32);
});

void test('sweep cost preview: trials, total FLOPs, GPU-hours at the stated MFU', () => {
  const mk = (flops: number, tokens: number): Trial => ({
    id: String(flops),
    run: 'r',
    index: 0,
    axes: {},
    config: trial('x', 'lora', {}),
    estimates: { ...ZERO_ESTIMATES, trainFlops: flops, tokens },
  });
  const c = sweepCost([mk(1e18, 10), mk(3e18, 20)], 0.5, 1e15);
  assert.deepEqual([c.trials, c.totalFlops, c.maxTrialFlops, c.tokens], [2, 4e18, 3e18, 30]);
  assert.equal(c.gpuHours, 4e18 / 5e14 / 3600);
  assert.throws(() => sweepCost([], 0), /mfu must be in \(0, 1\], got 0/);
});

void test('BitFit on an hf model counts the norm biases too: the estimate uses the one hf shape', () => {
  // GPT-2 small: linear biases 12 · (2304 + 768 + 3072 + 768) = 82,944; LayerNorm biases
  // (2 per block + ln_f) · 768 = 19,200; lm_head has none.
  const e = estimateHfTrial(trial('gpt2.json', 'bitfit', {}), resolveFixture);
  assert.equal(e.trainableParams, 82_944 + 19_200);
});
