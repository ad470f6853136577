/** Base counts, site trees, the §4.6 worked examples and the honest-backward FLOP accounting. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { TrialConfig } from '../../../core/types/plan';
import {
  estimateTrial,
  factorization,
  getMethod,
  getModelFamily,
  trainableParams,
  withDefaults,
  type ModelShape,
  type Site,
} from '../../../core/catalog/index';

const T = getModelFamily('transformer')!;
const MLP = getModelFamily('mlp')!;

void test('transformer total equals the brief formula and the sum over its variables', () => {
  for (const [d, L, Tc, m] of [
    [32, 2, 16, 4],
    [128, 4, 64, 4],
    [48, 3, 20, 2],
  ] as const) {
    const p = { width: d, depth: L, context: Tc, heads: 4, mlp_ratio: m };
    const V = 256,
      ff = m * d;
    const formula =
      V * d + Tc * d + L * (4 * d * d + 4 * d + 2 * d * ff + ff + d + 4 * d) + 2 * d + d * V;
    assert.equal(T.baseParams(p), formula);
    const shape = T.shape(p);
    const vars =
      shape.sites.reduce((s, x) => s + x.dIn * x.dOut + (x.bias ? x.dOut : 0), 0) +
      V * d +
      Tc * d +
      shape.normParams;
    assert.equal(vars, formula);
  }
});

void test('transformer site names and shapes follow the shared naming facts', () => {
  const sites = T.sites({ width: 32, depth: 2, heads: 2, context: 16 });
  assert.deepEqual(
    sites.slice(0, 6).map((s) => s.name),
    [
      'layers.0.attn.q',
      'layers.0.attn.k',
      'layers.0.attn.v',
      'layers.0.attn.o',
      'layers.0.mlp.up',
      'layers.0.mlp.down',
    ],
  );
  assert.deepEqual(sites.at(-1), { name: 'head', layer: -1, dIn: 32, dOut: 256, bias: false });
  assert.deepEqual(sites[4], { name: 'layers.0.mlp.up', layer: 0, dIn: 32, dOut: 128, bias: true });
  assert.equal(sites.length, 2 * 6 + 1);
  assert.throws(() => T.sites({ width: 30, heads: 4 }), /heads = 4 must divide width = 30/);
});

void test('§4.6 example 1: MLP 784-512-512-10 and LoRA r=4 on the hidden layers', () => {
  const p = { n_in: 784, hidden: [512, 512], classes: 10 };
  assert.equal(MLP.baseParams(p), 401_920 + 262_656 + 5_130);
  assert.deepEqual(
    MLP.sites(p).map((s) => s.name),
    ['layers.0', 'layers.1', 'head'],
  );
  const config: TrialConfig = {
    experiment: 'x',
    run: 'r',
    model: { name: 'm', family: 'mlp', params: p },
    data: { name: 'd', corpus: 'fashion-mnist', holdout: 0.1, params: {} },
    adapter: {
      name: 'a',
      method: 'lora',
      params: { r: 4, target_modules: ['layers.0', 'layers.1'] },
    },
    optimizer: { name: 'adamw', params: {} },
    schedule: { name: 'constant', params: {} },
    batch: 32,
    steps: 10,
    seed: 0,
    evalEvery: 10,
    metric: 'eval_loss',
    clip: 1,
  };
  const e = estimateTrial(config);
  assert.equal(e.trainableParams, 4 * (784 + 512) + 4 * (512 + 512));
  assert.equal(e.trainableParams, 9_280);
  assert.equal(e.trainablePercent.toFixed(3), '1.386');
  assert.equal(e.weightBytes + e.gradientBytes + e.optimizerBytes, 4 * 669_706 + 16 * 9_280);
  assert.equal(e.tokens, 32 * 10);
});

void test('§4.6 example 2: LLaMA-7B LoRA r=8 on q_proj, v_proj = 4,194,304', () => {
  const sites: Site[] = [];
  for (let l = 0; l < 32; l++)
    for (const n of ['q_proj', 'k_proj', 'v_proj', 'o_proj'])
      sites.push({
        name: `model.layers.${l}.self_attn.${n}`,
        layer: l,
        dIn: 4096,
        dOut: 4096,
        bias: false,
      });
  const shape: ModelShape = {
    family: 'hf',
    width: 4096,
    depth: 32,
    context: 2048,
    sites,
    baseParams: 6_738_415_616,
    normParams: 0,
    outputs: 32000,
  };
  const t = trainableParams(
    getMethod('lora')!,
    shape,
    withDefaults('adapter', 'lora', { r: 8, target_modules: ['q_proj', 'v_proj'] }),
  );
  assert.equal(t.total, 4_194_304);
  assert.equal(((t.total / shape.baseParams) * 100).toFixed(3), '0.062');
});

void test('§4.6 example 3: GPT-2 small = our transformer minus the untied head', () => {
  const p = { vocab: 50257, width: 768, depth: 12, heads: 12, context: 1024 };
  assert.equal(T.baseParams(p) - 768 * 50257, 124_439_808);
});

void test('§4.6 example 5: Kronecker 640×640 with (a1, a2) = (64, 8)', () => {
  const k = getMethod('diffusekrona')!;
  const s: Site = { name: 'x', layer: 0, dIn: 640, dOut: 640, bias: false };
  const p = withDefaults('adapter', 'diffusekrona', { a1: 64, a2: 8 });
  assert.equal(k.siteParams!(s, p), 1_312);
  assert.equal(k.siteFlops!(s, p), 23_040);
});

void test('§4.6 example 6: Bone 4096×4096 r=64', () => {
  const b = getMethod('bone')!;
  const s: Site = { name: 'x', layer: 0, dIn: 4096, dOut: 4096, bias: false };
  const p = withDefaults('adapter', 'bone', { r: 64 });
  assert.equal(b.siteParams!(s, p), 262_144);
  assert.equal(b.siteStepFlops!(s, p), 2 * 64 * 4096 * 4096);
});

void test('LoKr factorization matches PEFT/LyCORIS examples', () => {
  assert.deepEqual(factorization(256), [16, 16]);
  assert.deepEqual(factorization(128), [8, 16]);
  assert.deepEqual(factorization(127), [1, 127]);
  assert.deepEqual(factorization(128, 4), [4, 32]);
});

function trial(
  method: string,
  params: Record<string, unknown>,
  optimizer = 'adamw',
  opt: Record<string, unknown> = {},
): TrialConfig {
  return {
    experiment: 'x',
    run: 'r',
    model: {
      name: 'm',
      family: 'transformer',
      params: { width: 64, depth: 4, heads: 4, context: 32 },
    },
    data: { name: 'd', corpus: 'tiny', holdout: 0.1, params: {} },
    adapter: { name: 'a', method, params: params as never },
    optimizer: { name: optimizer, params: opt as never },
    schedule: { name: 'constant', params: {} },
    batch: 8,
    steps: 100,
    seed: 0,
    evalEvery: 50,
    metric: 'eval_loss',
    clip: 1,
  };
}

void test('full fine-tuning costs 6·N_matmul + 6·L·T·d FLOPs per token (C ≈ 6ND)', () => {
  const e = estimateTrial(trial('full', {}));
  const d = 64,
    L = 4,
    Tc = 32,
    V = 256;
  const nMatmul = L * (4 * d * d + 2 * d * 4 * d) + d * V;
  assert.equal(e.flopsPerStep, (6 * nMatmul + 6 * L * Tc * d) * 8 * Tc);
  assert.equal(e.trainableParams, T.baseParams({ width: 64, depth: 4, context: 32 }));
  assert.equal(e.trainFlops, e.flopsPerStep * 100);
});

void test('PEFT backward is honest: frozen layers cost forward + dX, so LoRA < full, top-layer LoRA < all-layer LoRA', () => {
  const full = estimateTrial(trial('full', {}));
  const all = estimateTrial(trial('lora', { r: 4, target_modules: ['q', 'v'] }));
  const top = estimateTrial(
    trial('lora', { r: 4, target_modules: ['q', 'v'], layers_to_transform: [3] }),
  );
  assert.ok(
    all.flopsPerStep < full.flopsPerStep * 0.75,
    `${all.flopsPerStep} vs ${full.flopsPerStep}`,
  );
  assert.ok(top.flopsPerStep < all.flopsPerStep);
  assert.ok(top.activationBytes < all.activationBytes);
  // With adapters from layer 0: 4·N_b + 3·f_adapter + 6·L·T·d per token (§4.4 with φ_above = 1).
  const d = 64,
    L = 4,
    Tc = 32,
    V = 256,
    r = 4;
  const nMatmul = L * (4 * d * d + 2 * d * 4 * d) + d * V;
  const fa = L * 2 * 2 * r * (d + d);
  assert.equal(all.flopsPerStep, (4 * nMatmul + 3 * fa + 6 * L * Tc * d) * 8 * Tc);
});

void test('optimizer state: AdamW 8, SGD+momentum 4, plain SGD 0, AdaGrad 4 bytes per trainable param', () => {
  const p = { r: 4 };
  const n = estimateTrial(trial('lora', p)).trainableParams;
  assert.equal(estimateTrial(trial('lora', p)).optimizerBytes, 8 * n);
  assert.equal(estimateTrial(trial('lora', p, 'sgd')).optimizerBytes, 4 * n);
  assert.equal(estimateTrial(trial('lora', p, 'sgd', { momentum: 0 })).optimizerBytes, 0);
  assert.equal(estimateTrial(trial('lora', p, 'adagrad')).optimizerBytes, 4 * n);
});

void test('dora is lora with use_dora, and estimateTrial reports memory as the sum of its parts', () => {
  const a = estimateTrial(trial('dora', { r: 4 }));
  const b = estimateTrial(trial('lora', { r: 4, use_dora: true }));
  assert.deepEqual(a, b);
  assert.equal(
    a.memoryBytes,
    a.weightBytes + a.gradientBytes + a.optimizerBytes + a.activationBytes,
  );
  assert.throws(() => estimateTrial(trial('nope', {})), /unknown method "nope"/);
});
