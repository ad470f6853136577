// PEFT's matching rules on a table of cases (tuners_utils.check_target_module_exists @5d602fd).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  buildModuleTree,
  matchPeft,
  parseHfConfig,
  isLinear,
  targetReport,
  HF_DEFAULT_TARGETS,
} from '../../../core/hf';
import type { PlanValue } from '../../../core/types/plan';
import { fixture } from './helpers';

const llama = buildModuleTree(parseHfConfig(fixture('llama-7b')));
const gpt2 = buildModuleTree(parseHfConfig(fixture('gpt2')));
const mods = (t: typeof llama) => t.map((m) => ({ ...m, linear: isLinear(m) }));

type Case = [
  label: string,
  spec: Record<string, PlanValue>,
  count: number,
  check?: (names: string[]) => boolean,
];
const CASES: Case[] = [
  [
    'list entry is a .name suffix',
    { target_modules: ['q_proj'] },
    32,
    (n) => n.every((x) => x.endsWith('.q_proj')),
  ],
  ['dotted suffix', { target_modules: ['self_attn.q_proj'] }, 32],
  ['suffix must start at a dot: "proj" matches nothing', { target_modules: ['proj'] }, 0],
  ['exact full name', { target_modules: ['model.layers.3.self_attn.q_proj'] }, 1],
  ['string is re.fullmatch, not search', { target_modules: 'q_proj' }, 0],
  ['regex over full names', { target_modules: '.*\\.(q|v)_proj' }, 64],
  ['regex restricted to layers 0–1', { target_modules: 'model\\.layers\\.[01]\\..*_proj' }, 14],
  [
    'all-linear excludes lm_head',
    { target_modules: 'all-linear' },
    224,
    (n) => !n.includes('lm_head'),
  ],
  ['lm_head can still be listed explicitly', { target_modules: ['lm_head'] }, 1],
  [
    'layers_to_transform filters suffix matches',
    { target_modules: ['q_proj', 'v_proj'], layers_to_transform: [0, 31] },
    4,
  ],
  [
    'layers_to_transform as an int',
    { target_modules: ['q_proj'], layers_to_transform: 5 },
    1,
    (n) => n[0] === 'model.layers.5.self_attn.q_proj',
  ],
  [
    'layers_pattern that names the list',
    { target_modules: ['q_proj'], layers_to_transform: [1], layers_pattern: 'layers' },
    1,
  ],
  [
    'layers_pattern that names nothing drops every module',
    { target_modules: ['q_proj'], layers_to_transform: [1], layers_pattern: 'h' },
    0,
  ],
  [
    'an exact full name bypasses layers_to_transform (PEFT quirk)',
    { target_modules: ['model.layers.3.self_attn.q_proj'], layers_to_transform: [0] },
    1,
  ],
  [
    'all-linear bypasses layers_to_transform (full names)',
    { target_modules: 'all-linear', layers_to_transform: [0] },
    224,
  ],
  [
    'empty layers_to_transform list = no filter',
    { target_modules: ['q_proj'], layers_to_transform: [] },
    32,
  ],
  [
    'exclude_modules list (suffix) is applied first',
    { target_modules: 'all-linear', exclude_modules: ['mlp.down_proj', 'gate_proj'] },
    160,
  ],
  [
    'exclude_modules regex',
    { target_modules: ['q_proj', 'v_proj'], exclude_modules: 'model\\.layers\\.(0|1)\\..*' },
    60,
  ],
];

for (const [label, spec, count, check] of CASES) {
  void test(`llama-7b: ${label} → ${count}`, () => {
    const res = matchPeft(
      mods(llama).filter((m) => m.linear),
      spec,
    );
    assert.equal(res.matched.length, count);
    if (check)
      assert.ok(
        check(res.matched.map((m) => m.name)),
        res.matched
          .slice(0, 3)
          .map((m) => m.name)
          .join(', '),
      );
  });
}

void test('gpt2: layer index read by PEFT regex from transformer.h.N; default target c_attn', () => {
  const res = matchPeft(
    mods(gpt2).filter((m) => m.linear),
    { layers_to_transform: [0, 11], layers_pattern: ['h'] },
    HF_DEFAULT_TARGETS.gpt2,
  );
  assert.deepEqual(
    res.matched.map((m) => m.name),
    ['transformer.h.0.attn.c_attn', 'transformer.h.11.attn.c_attn'],
  );
  assert.equal(
    matchPeft(
      mods(gpt2).filter((m) => m.linear),
      { target_modules: 'all-linear' },
    ).matched.length,
    48,
  );
});

void test('bad regex is reported with the pattern, never thrown', () => {
  assert.match(
    matchPeft(mods(llama), { target_modules: '(' }).error ?? '',
    /target_modules: invalid regex "\("/,
  );
  assert.match(
    matchPeft(mods(llama), { target_modules: ['q_proj'], exclude_modules: '[' }).error ?? '',
    /exclude_modules/,
  );
});

void test('targetReport: per-entry counts, did-you-mean, unsupported classes', () => {
  const r = targetReport(
    llama,
    { target_modules: ['q_proj', 'v_prj', 'mlp', 'model.layers.0.self_attn.k_proj'] },
    [],
  );
  const by = Object.fromEntries(r.entries.map((e) => [e.entry, e]));
  assert.equal(by['q_proj']?.count, 32);
  assert.equal(by['q_proj']?.layers, 32);
  assert.equal(by['v_prj']?.count, 0);
  assert.equal(by['v_prj']?.suggestion, 'v_proj');
  assert.equal(by['mlp']?.unsupported.length, 32);
  assert.match(by['mlp']?.unsupported[0] ?? '', /model\.layers\.0\.mlp \(MLP\)/);
  assert.equal(by['model.layers.0.self_attn.k_proj']?.count, 1);
  assert.equal(r.adapted.length, 33);
});

void test('rank_pattern/alpha_pattern: (.*\\.)?(key)$, first key wins; unused and shadowed keys; rsLoRA scale', () => {
  const r = targetReport(
    llama,
    {
      target_modules: ['q_proj', 'v_proj'],
      r: 8,
      lora_alpha: 16,
      rank_pattern: {
        'layers\\.0\\.self_attn\\.q_proj': 2,
        q_proj: 4,
        'model.layers.0.self_attn.q_proj': 64,
        k_proj: 9,
      },
      alpha_pattern: { v_proj: 32 },
    },
    [],
  );
  const s = Object.fromEntries(r.scales.map((x) => [x.name, x]));
  assert.deepEqual(
    [
      s['model.layers.0.self_attn.q_proj']?.r,
      s['model.layers.1.self_attn.q_proj']?.r,
      s['model.layers.1.self_attn.v_proj']?.r,
    ],
    [2, 4, 8],
  );
  assert.equal(s['model.layers.1.self_attn.v_proj']?.scale, 4);
  assert.equal(s['model.layers.1.self_attn.q_proj']?.scale, 4);
  const k = Object.fromEntries(r.patterns.map((p) => [p.key, p]));
  assert.equal(k['layers\\.0\\.self_attn\\.q_proj']?.wins, 1);
  assert.equal(k['q_proj']?.wins, 31);
  assert.equal(k['model.layers.0.self_attn.q_proj']?.shadowed, true);
  assert.equal(k['model.layers.0.self_attn.q_proj']?.shadowedBy, 'layers\\.0\\.self_attn\\.q_proj');
  assert.equal(k['k_proj']?.unused, true);
  const rs = targetReport(
    llama,
    { target_modules: ['q_proj'], r: 16, lora_alpha: 16, use_rslora: true },
    [],
  );
  assert.equal(rs.scales[0]?.scale, 4);
});

void test('targetReport flags all-linear with layers_to_transform (PEFT ignores the layers)', () => {
  assert.equal(
    targetReport(llama, { target_modules: 'all-linear', layers_to_transform: [0] }, [])
      .allLinearIgnoresLayers,
    true,
  );
  assert.equal(
    targetReport(llama, { target_modules: ['q_proj'], layers_to_transform: [0] }, [])
      .allLinearIgnoresLayers,
    false,
  );
});

void test('hfTargetHints: "matches N modules in M layers" and a grouped r/alpha/scale hover', async () => {
  const { hfTargetHints } = await import('../../../core/hf');
  const h = hfTargetHints(
    'llama-7b.json',
    {
      target_modules: ['q_proj', 'v_proj'],
      r: 8,
      lora_alpha: 16,
      rank_pattern: { q_proj: 4 },
      layers_to_transform: [0, 1, 2],
    },
    (p) => fixture(p.replace(/\.json$/, '')),
  );
  assert.equal(h.inlay, 'matches 6 modules in 3 layers');
  assert.match(h.hover, /\| `self_attn\.q_proj` \| 3 \| 4 \| 16 \| 4 \|/);
  assert.match(h.hover, /\| `self_attn\.v_proj` \| 3 \| 8 \| 16 \| 2 \|/);
});
