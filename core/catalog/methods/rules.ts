/**
 * Cross-field rules as data + small checks: PEFT-METHODS.md §1.26 and the PEFT __post_init__ rules
 * of USERS-AND-ANCHORS.md §3.5. Each check gets effective params (defaults filled), the set of keys
 * written in the file, and optionally the model (for shape rules over the matched sites).
 */
import type { PlanValue } from '../../types/plan';
import type { ModelShape, Params, RuleSpec, RuleViolation, Severity, Site } from '../types';
import { matchModel, siteParamsOf } from '../matching';
import { num, obj, str } from '../values';

type Check = RuleSpec['check'];

export function rule(
  id: string,
  severity: Severity,
  description: string,
  source: string,
  check: (
    p: Params,
    set: ReadonlySet<string>,
    model?: ModelShape,
  ) => Omit<RuleViolation, 'rule' | 'severity'> | undefined,
): RuleSpec {
  const wrapped: Check = (p, set, model) => {
    const v = check(p, set, model);
    return v ? [{ rule: id, severity, ...v }] : [];
  };
  return { id, severity, description, source, check: wrapped };
}

const isTruthy = (v: PlanValue | undefined) =>
  v !== undefined && v !== null && v !== false && v !== 0;
const init = (p: Params): PlanValue | undefined => p['init_lora_weights'];
const fmt = (v: PlanValue | undefined) => JSON.stringify(v);

/** Matched sites for shape rules; empty without a model. */
export function matchedSites(p: Params, model?: ModelShape): Site[] {
  return model ? matchModel(model, p).sites : [];
}

/** Rules on the fields every target-based method shares (PEFT __post_init__). */
export const TARGET_RULES: readonly RuleSpec[] = [
  rule(
    'layers-with-regex',
    'error',
    'layers_to_transform / layers_pattern are illegal when target_modules is a regex string.',
    'PEFT LoraConfig.__post_init__',
    (p, set) => {
      const t = p['target_modules'];
      if (typeof t !== 'string' || t === 'all-linear') return undefined;
      const bad = ['layers_to_transform', 'layers_pattern'].find((k) => set.has(k));
      return bad
        ? {
            message: `${bad} cannot be used with a regex target_modules = ${fmt(t)}; write target_modules as a list or drop ${bad}`,
            params: [bad],
            fix: { kind: 'remove' },
          }
        : undefined;
    },
  ),
  rule(
    'layers-pattern-needs-layers',
    'error',
    'layers_pattern requires layers_to_transform.',
    'PEFT LoraConfig.__post_init__',
    (p, set) =>
      set.has('layers_pattern') && !set.has('layers_to_transform')
        ? {
            message:
              'layers_pattern has no effect without layers_to_transform; add layers_to_transform or remove layers_pattern',
            params: ['layers_pattern'],
            fix: { kind: 'remove' },
          }
        : undefined,
  ),
  rule(
    'no-target-match',
    'error',
    'target_modules must match at least one site of the model.',
    'PEFT inject_adapter',
    (p, _set, model) => {
      if (!model || model.sites.length === 0) return undefined;
      const m = matchModel(model, p);
      if (m.error) return { message: `target_modules: ${m.error}`, params: ['target_modules'] };
      return m.sites.length === 0
        ? {
            message: `target_modules = ${fmt(p['target_modules'])} matches no site of the ${model.family} model (sites are e.g. ${model.sites
              .slice(0, 3)
              .map((s) => s.name)
              .join(', ')})`,
            params: ['target_modules'],
          }
        : undefined;
    },
  ),
  rule(
    'exclude-matches-nothing',
    'warning',
    'exclude_modules should exclude at least one targeted site.',
    'PEFT (warns)',
    (p, set, model) => {
      if (!model || !set.has('exclude_modules')) return undefined;
      return matchModel(model, p).excluded.length === 0
        ? {
            message: `exclude_modules = ${fmt(p['exclude_modules'])} excludes no targeted site; remove it or fix the names`,
            params: ['exclude_modules'],
            fix: { kind: 'remove' },
          }
        : undefined;
    },
  ),
];

/** 1 ≤ r ≤ min(d_in, d_out) on every matched site (rank_pattern applied). */
export const rankRange = (what: string): RuleSpec =>
  rule(
    'rank-range',
    'error',
    `1 ≤ r ≤ min(d_in, d_out) (${what}).`,
    'PEFT-METHODS §1.26',
    (p, _s, model) => {
      for (const site of matchedSites(p, model)) {
        const r = num(siteParamsOf(site, p), 'r', 8);
        const cap = Math.min(site.dIn, site.dOut);
        if (r > cap)
          return {
            message: `r = ${r} exceeds min(d_in, d_out) = ${cap} at ${site.name} (${site.dIn}→${site.dOut}); use r ≤ ${cap}`,
            params: ['r'],
            fix: { kind: 'set', value: cap },
          };
      }
      return undefined;
    },
  );

/** Warning when the low-rank update has as many params as the dense weight. */
export const noSaving: RuleSpec = rule(
  'no-param-saving',
  'warning',
  'r(d_in + d_out) ≥ d_in·d_out gives no parameter saving over full fine-tuning.',
  'PEFT-METHODS §1.1',
  (p, _s, model) => {
    for (const site of matchedSites(p, model)) {
      const r = num(siteParamsOf(site, p), 'r', 8);
      if (r * (site.dIn + site.dOut) >= site.dIn * site.dOut)
        return {
          message: `r = ${r} at ${site.name} (${site.dIn}→${site.dOut}) trains ${r * (site.dIn + site.dOut)} params ≥ the dense ${site.dIn * site.dOut}; lower r`,
          params: ['r'],
        };
    }
    return undefined;
  },
);

/** LoraConfig rules (LoRA, DoRA and the init presets). */
export const LORA_RULES: readonly RuleSpec[] = [
  ...TARGET_RULES,
  rankRange('LoRA family'),
  noSaving,
  rule(
    'orthogonal-even-r',
    'error',
    'init_lora_weights = orthogonal needs an even r.',
    'PEFT LoraConfig.__post_init__',
    (p) =>
      init(p) === 'orthogonal' && num(p, 'r', 8) % 2 !== 0
        ? {
            message: `init_lora_weights = orthogonal needs an even r, got r = ${num(p, 'r', 8)}`,
            params: ['r'],
            fix: { kind: 'set', value: num(p, 'r', 8) + 1 },
          }
        : undefined,
  ),
  rule(
    'loftq-needs-config',
    'error',
    'init_lora_weights = loftq requires loftq_config.',
    'PEFT LoraConfig.__post_init__',
    (p, set) =>
      init(p) === 'loftq' && !set.has('loftq_config')
        ? {
            message:
              'init_lora_weights = loftq requires loftq_config; add it or choose another init',
            params: ['init_lora_weights'],
          }
        : undefined,
  ),
  rule(
    'lora-bias-init',
    'error',
    'lora_bias needs init_lora_weights true or false.',
    'PEFT LoraConfig.__post_init__',
    (p) =>
      isTruthy(p['lora_bias']) && typeof init(p) !== 'boolean'
        ? {
            message: `lora_bias = true cannot be combined with init_lora_weights = ${fmt(init(p))}; remove lora_bias or use init true/false`,
            params: ['lora_bias'],
            fix: { kind: 'remove' },
          }
        : undefined,
  ),
  rule(
    'dora-lora-bias',
    'error',
    'DoRA (use_dora) and lora_bias are incompatible.',
    'PEFT LoraConfig.__post_init__',
    (p) =>
      isTruthy(p['use_dora']) && isTruthy(p['lora_bias'])
        ? {
            message:
              'lora_bias = true is not supported with DoRA (use_dora = true); remove lora_bias',
            params: ['lora_bias', 'use_dora'],
            fix: { kind: 'remove' },
          }
        : undefined,
  ),
  rule(
    'dora-megatron',
    'error',
    'DoRA and megatron_config are incompatible.',
    'PEFT LoraConfig.__post_init__',
    (p, set) =>
      isTruthy(p['use_dora']) && set.has('megatron_config')
        ? {
            message: 'megatron_config cannot be used with DoRA (use_dora = true); remove one',
            params: ['megatron_config'],
            fix: { kind: 'remove' },
          }
        : undefined,
  ),
  rule(
    'dora-svd-init',
    'warning',
    'DoRA with pissa/olora/lora_ga init changes the init semantics.',
    'PEFT-METHODS §1.26',
    (p) => {
      const i = init(p);
      return isTruthy(p['use_dora']) && typeof i === 'string' && /^(pissa|olora|lora_ga)/.test(i)
        ? {
            message: `use_dora with init_lora_weights = ${fmt(i)}: the magnitude is initialised from the residual weight; check this is intended`,
            params: ['init_lora_weights'],
          }
        : undefined;
    },
  ),
  rule(
    'rslora-patterns',
    'warning',
    'use_rslora with rank_pattern/alpha_pattern or pissa/olora/corda/lora_ga init.',
    'PEFT (warns)',
    (p, set) => {
      if (!isTruthy(p['use_rslora'])) return undefined;
      const pat = ['rank_pattern', 'alpha_pattern'].find((k) => set.has(k));
      if (pat)
        return {
          message: `use_rslora with ${pat}: the scale α/√r uses each site's own r; check the effective scales`,
          params: [pat],
        };
      const i = init(p);
      return typeof i === 'string' && /^(pissa|olora|corda|lora_ga)/.test(i)
        ? {
            message: `use_rslora with init_lora_weights = ${fmt(i)} changes how the init is scaled (PEFT warns)`,
            params: ['use_rslora'],
          }
        : undefined;
    },
  ),
  rule('eva-config', 'error', 'EVA needs rho ≥ 1 and tau in [0, 1].', 'PEFT EvaConfig', (p) => {
    const c = obj(p, 'eva_config');
    if (!c) return undefined;
    const rho = c['rho'];
    const tau = c['tau'];
    if (typeof rho === 'number' && rho < 1)
      return { message: `eva_config.rho = ${rho} must be ≥ 1`, params: ['eva_config'] };
    if (typeof tau === 'number' && (tau < 0 || tau > 1))
      return { message: `eva_config.tau = ${tau} must be in [0, 1]`, params: ['eva_config'] };
    return undefined;
  }),
  rule(
    'eva-config-unused',
    'warning',
    'eva_config is ignored unless init_lora_weights = eva.',
    'PEFT (warns)',
    (p, set) =>
      set.has('eva_config') && init(p) !== 'eva'
        ? {
            message: `eva_config is ignored with init_lora_weights = ${fmt(init(p))}; set init_lora_weights = eva or remove it`,
            params: ['eva_config'],
            fix: { kind: 'remove' },
          }
        : undefined,
  ),
];

/** Rejects a written key whose value is not neutral (ALLoRA dropout/alpha, …). */
export const forbid = (
  id: string,
  key: string,
  why: string,
  neutral: (v: PlanValue | undefined) => boolean,
  severity: Severity = 'error',
): RuleSpec =>
  rule(id, severity, why, 'PEFT-METHODS §1.9/§1.26', (p, set) =>
    set.has(key) && !neutral(p[key])
      ? {
          message: `${why}: remove ${key} = ${fmt(p[key])}`,
          params: [key],
          fix: { kind: 'remove' },
        }
      : undefined,
  );

/** Dynamic-rank methods (IncreLoRA, AdaLoRA, TriAdaptLoRA). */
export const DYNAMIC_RULES: readonly RuleSpec[] = [
  rule(
    'dynamic-rank-eva',
    'error',
    'Dynamic rank allocation cannot be combined with EVA rank redistribution.',
    'PEFT-METHODS §1.26',
    (p) =>
      str(p, 'init_lora_weights') === 'eva'
        ? {
            message:
              'init_lora_weights = eva redistributes ranks, which conflicts with dynamic rank growth; choose another init',
            params: ['init_lora_weights'],
            fix: { kind: 'set', value: true },
          }
        : undefined,
  ),
  rule(
    'dynamic-rank-merge',
    'error',
    'Dynamic rank allocation cannot merge weights during training.',
    'PEFT-METHODS §1.26',
    (p) =>
      isTruthy(p['merge_during_training'])
        ? {
            message:
              'merge_during_training = true conflicts with rank growth (the factors change shape); remove it',
            params: ['merge_during_training'],
            fix: { kind: 'remove' },
          }
        : undefined,
  ),
];
