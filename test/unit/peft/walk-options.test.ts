/**
 * The walk: every option of every method the catalog says runs on tfjs is either honoured by a
 * tfjs trial (its value changes something observable: the trainable count, the stored adapter, or
 * the parameters after a few training steps, which carry the gradients, rates and schedules) or
 * refused by check (a `not-runnable` declaration in core/catalog/support/tfjs.ts, or an error rule).
 * A new option, or a new enum value, with neither a probe here nor a declaration fails this test.
 */
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import {
  checkMethodRules,
  methods,
  unsupportedOptions,
  withDefaults,
  type MethodEntry,
  type ParamSpec,
} from '../../../core/catalog';
import type { PlanValue } from '../../../core/types/plan';
import { selectBackend } from '../../../runtime/tf/backend';
import { createTransformer } from '../../../runtime/model/transformer';
import { createAdamW } from '../../../runtime/train/optimizers';
import { trainStep } from '../../../runtime/train/step';
import { calibration, lmBatch, TINY_LM } from './helpers';
import { getMethodFactory } from '../../../runtime/peft';

before(async () => {
  await selectBackend('cpu');
});

type P = Record<string, PlanValue>;
/** Values to try (each compared with the baseline) and the context they need to show. */
interface Probe {
  values: readonly PlanValue[];
  with?: P;
}

/** Probes by option name; `method.option` overrides for one method. Sites: layers.{0,1}.{attn.q,k,v,o, mlp.up,down}, head. */
const PROBES: Record<string, Probe> = {
  r: { values: [2] },
  lora_alpha: { values: [32] },
  alpha: { values: [32] },
  lora_dropout: { values: [0.3] },
  dropout: { values: [0.3] },
  adapter_dropout: { values: [0.3] },
  target_modules: { values: [['q'], 'all-linear', 'layers\\.1\\.attn\\.q'] },
  exclude_modules: { values: [['layers.0.attn.q']], with: { target_modules: 'all-linear' } },
  layers_to_transform: { values: [[1]], with: { target_modules: ['q', 'v'] } },
  layers_pattern: {
    values: [['blocks']],
    with: { target_modules: ['q', 'v'], layers_to_transform: [0] },
  },
  use_rslora: { values: [true, false] },
  use_dora: { values: [true, false] },
  init_lora_weights: {
    values: [true, false, 'gaussian', 'pissa', 'pissa_niter_4', 'olora', 'eva'],
  },
  lora_bias: { values: [true], with: { init_lora_weights: true, use_dora: false } },
  rank_pattern: { values: [{ q: 2 }], with: { target_modules: ['q', 'v'] } },
  alpha_pattern: { values: [{ q: 64 }], with: { target_modules: ['q', 'v'] } },
  eva_config: {
    values: [{ rho: 1 }, { whiten: true }],
    with: { init_lora_weights: 'eva', r: 4, target_modules: 'all-linear' },
  },
  loraplus_lr_ratio: { values: [4] },
  eta: { values: [0.5] },
  norm_power: { values: [1] },
  z_init: { values: ['lu', 'uniform', 'normal', 'constant', 'ones', 'zeros'] },
  scaling: { values: [0.25, 'learned'] },
  branch_bias: { values: [true] },
  target_r: { values: [3] },
  init_warmup: { values: [4] },
  incre_interval: { values: [1] },
  top_h: { values: [1] },
  advance_learn: { values: [true, false] },
  beta1: { values: [0.1], with: { target_modules: 'all-linear', top_h: 1 } },
  beta2: { values: [0.1], with: { target_modules: 'all-linear', top_h: 1 } },
  'hydra.scaling': { values: [0.25] },
  'increlora.init_lora_weights': { values: [true, 'gaussian'] },
  decompose_factor: { values: [2] },
  rank_dropout: { values: [0.5] },
  module_dropout: { values: [0.5] },
  decompose_both: { values: [true], with: { r: 1 } },
  'lokr.init_weights': { values: [true, false, 'lycoris'] },
  init_weights: { values: ['bert', 'mam_adapter'] },
  'miss.init_weights': { values: ['bat'] },
  bottleneck_size: { values: [2] },
  non_linearity: { values: ['tanh', 'relu', 'gelu', 'silu'], with: { init_weights: 'bert' } },
  adapter_bias: { values: [true] },
  positions: { values: [['mlp'], ['attn']] },
  feedforward_modules: { values: [['v']], with: { target_modules: ['q', 'v'] } },
  init_ia3_weights: { values: [false] },
  density: { values: [0.2] },
  num_tunable_weights: { values: [7] },
  selection: {
    values: ['random', 'gradient', 'momentum'],
    with: { reselection_steps: 2, selection_accumulation_steps: 1 },
  },
  reselection_steps: { values: [1, 2] },
  initial_reselection_rate: { values: [0.9], with: { reselection_steps: 1 } },
  selection_accumulation_steps: { values: [1], with: { reselection_steps: 2 } },
  candidates_per_replacement_slot: { values: [4], with: { reselection_steps: 1 } },
  l1_reg: { values: [0.5] },
  num_virtual_tokens: { values: [2] },
  prompt_tuning_init: {
    values: ['RANDOM', 'TEXT', 'SAMPLE_VOCAB'],
    with: { prompt_tuning_init_text: 'abc' },
  },
  prompt_tuning_init_text: { values: ['xyz'], with: { prompt_tuning_init: 'TEXT' } },
};

/** A baseline per method where the defaults alone show little (IncreLoRA grows only after warm-up). */
const BASELINE: Record<string, P> = {
  bone: { r: 4 },
  miss: { r: 4, init_weights: 'bat' },
  increlora: { r: 1, target_r: 2, init_warmup: 2, incre_interval: 2, lora_alpha: 4 },
  sparse: { density: 0.1 },
};
const STEPS: Record<string, number> = { increlora: 8, sparse: 6 };
const MODEL = { ...TINY_LM, vocab: 128, depth: 2 };

/**
 * Values the tfjs runtime computes exactly where PEFT approximates, so they equal another value:
 * pissa_niter_N (PEFT's randomized SVD with N iterations) ≡ pissa (the exact SVD here).
 */
const EQUIVALENT: Record<string, PlanValue> = { pissa_niter_4: 'pissa' };

const sameValue = (a: PlanValue | undefined, b: PlanValue | undefined) =>
  JSON.stringify(a) === JSON.stringify(b);

/** Count, stored adapter and the parameters after a few AdamW steps, as one vector (or the error a trial would report). */
type Fingerprint = { count: number; values: number[] } | { error: string };
const memo = new Map<string, Fingerprint>();
async function fingerprint(method: string, params: P): Promise<Fingerprint> {
  const key = `${method}:${JSON.stringify(params)}`;
  const hit = memo.get(key);
  if (hit) return hit;
  const out = await measure(method, params);
  memo.set(key, out);
  return out;
}

async function measure(method: string, params: P): Promise<Fingerprint> {
  const model = createTransformer(MODEL, 3);
  try {
    const factory = getMethodFactory(method)!;
    const eva = method === 'eva' || params['init_lora_weights'] === 'eva';
    const m = factory(model.handle, params, {
      seed: 5,
      ...(eva ? { calibrationInputs: calibration(model, 'transformer') } : {}),
    });
    const values: number[] = [];
    const snap = () => {
      for (const [k, t] of [...m.state()].sort(([a], [b]) => a.localeCompare(b))) {
        values.push(k.length, ...t.dataSync());
        t.dispose();
      }
    };
    const count = m.trainableCount();
    snap();
    const opt = createAdamW({ lr: 1e-2, weight_decay: 0 });
    for (let s = 0; s < (STEPS[method] ?? 2); s++)
      values.push((await trainStep(model, m, opt, lmBatch(4, s), 1e-2, 1, s + 1)).loss);
    snap();
    values.push(m.trainableCount());
    opt.dispose();
    m.dispose();
    return { count, values };
  } catch (err) {
    return { error: err instanceof Error ? err.message : String(err) };
  } finally {
    model.dispose();
  }
}

const differs = (a: Fingerprint, b: Fingerprint): boolean => {
  if ('error' in a || 'error' in b) return 'error' in a !== 'error' in b;
  if (a.count !== b.count || a.values.length !== b.values.length) return true;
  return a.values.some((x, i) => Math.abs(x - b.values[i]!) > 1e-7);
};

/** Why check refuses `value` for `spec` on tfjs (not-runnable or an error rule), or undefined when it must run. */
function refused(m: MethodEntry, spec: ParamSpec, value: PlanValue, base: P): string | undefined {
  const support = m.engines.tfjs;
  const defaults = withDefaults('adapter', m.name, {});
  const u = unsupportedOptions(support, { [spec.name]: value }, defaults)[0];
  if (u) return `not-runnable: ${u.reason}`;
  const rule = checkMethodRules(m.name, { ...base, [spec.name]: value }).find(
    (v) => v.severity === 'error',
  );
  return rule ? `rule ${rule.rule}` : undefined;
}

/** Every value the catalog lets a user write for an enum/bool option (each must be probed or refused). */
function enumerated(spec: ParamSpec): PlanValue[] {
  const types = Array.isArray(spec.type) ? spec.type : [spec.type];
  const out: PlanValue[] = [];
  if (types.includes('bool')) out.push(true, false);
  if (types.includes('enum') || spec.of === 'enum') out.push(...(spec.values ?? []));
  return out;
}

/** Any non-default value is refused on tfjs: nothing to probe. */
const wholeOptionRefused = (m: MethodEntry, spec: ParamSpec): boolean =>
  m.engines.tfjs.runs &&
  (m.engines.tfjs.unsupported ?? []).some(
    (u) =>
      u.param === spec.name &&
      u.key === undefined &&
      !u.values &&
      u.pattern === undefined &&
      (u.above === undefined ||
        (spec.min !== undefined && spec.min >= u.above && spec.default === u.above)),
  );

for (const m of methods().filter((x) => x.engines.tfjs.runs)) {
  void test(`walk: every option of ${m.name} is honoured on tfjs or refused by check`, async () => {
    assert.ok(
      getMethodFactory(m.name),
      `${m.name} is declared runnable on tfjs but runtime/peft has no factory`,
    );
    const problems: string[] = [];
    const baseParams = BASELINE[m.name] ?? {};
    for (const spec of m.params) {
      if (wholeOptionRefused(m, spec)) continue;
      const probe = PROBES[`${m.name}.${spec.name}`] ?? PROBES[spec.name];
      const def = withDefaults('adapter', m.name, baseParams)[spec.name];
      const enums = enumerated(spec).filter(
        (v) => !sameValue(v, def) && refused(m, spec, v, baseParams) === undefined,
      );
      const types = Array.isArray(spec.type) ? spec.type : [spec.type];
      if (!probe && enums.length === 0 && types.every((t) => t === 'bool' || t === 'enum'))
        continue; // every other value is refused
      if (!probe) {
        problems.push(
          `${spec.name}: no probe in walk-options.test.ts and no not-runnable declaration in core/catalog/support/tfjs.ts`,
        );
        continue;
      }
      const listed = (p: PlanValue) => (Array.isArray(p) ? p : [p]);
      const missing = enums.filter(
        (v) =>
          !probe.values.some(
            (p) =>
              sameValue(p, v) || (spec.of === 'enum' && listed(p).some((x) => sameValue(x, v))),
          ),
      );
      if (missing.length)
        problems.push(
          `${spec.name}: values ${JSON.stringify(missing)} are neither probed nor declared not-runnable`,
        );
      const context = { ...baseParams, ...(probe.with ?? {}) };
      const baseline = await fingerprint(m.name, context);
      for (const v of probe.values) {
        const inContext = withDefaults('adapter', m.name, context)[spec.name];
        const equivalent = typeof v === 'string' ? EQUIVALENT[v] : undefined;
        if (
          sameValue(v, inContext) ||
          sameValue(equivalent, inContext) ||
          refused(m, spec, v, context) !== undefined
        )
          continue;
        const other = await fingerprint(m.name, { ...context, [spec.name]: v });
        if ('error' in other && !('error' in baseline)) {
          if (spec.name !== 'layers_pattern')
            problems.push(
              `${spec.name} = ${JSON.stringify(v)} passes check but the trial throws: ${other.error}`,
            );
          continue;
        }
        if (!differs(baseline, other))
          problems.push(
            `${spec.name} = ${JSON.stringify(v)} changes nothing observable (ignored by the runtime)${'error' in other ? ` [both throw: ${other.error}]` : ''}`,
          );
      }
    }
    assert.deepEqual(problems, [], `${m.name}:\n  ${problems.join('\n  ')}`);
  });
}

void test('walk: the fingerprint sees a real difference (r changes the count) and no false one (same params)', async () => {
  const a = await fingerprint('lora', { r: 2 });
  assert.ok(differs(a, await fingerprint('lora', { r: 4 })));
  assert.ok(!differs(a, await fingerprint('lora', { r: 2 })));
  assert.equal(tf.memory().numTensors < 10_000, true);
});
