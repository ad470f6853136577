/**
 * PEFT's rule for layers_to_transform (tuners_utils.check_target_module_exists): it filters only
 * modules a list entry matched as a `.entry` suffix. The catalog's matcher (tiny families) and the
 * hf matcher (Hugging Face names) follow the same table.
 */
import assert from 'node:assert/strict';
import test from 'node:test';
import { getModelFamily, matchTargets, type Params } from '../../../core/catalog';
import { matchPeft, type TargetSpec } from '../../../core/hf/match';

const SITES = getModelFamily('transformer')!.sites({ width: 32, depth: 3, heads: 2, context: 8 });
const names = (p: Params) => matchTargets(SITES, p, 'transformer').sites.map((s) => s.name);

const CASES: Array<[string, Params, string[]]> = [
  [
    'a suffix entry is filtered by layer',
    { target_modules: ['q'], layers_to_transform: [1] },
    ['layers.1.attn.q'],
  ],
  [
    'a whole-name entry is not',
    { target_modules: ['layers.0.attn.q', 'v'], layers_to_transform: [2] },
    ['layers.0.attn.q', 'layers.2.attn.v'],
  ],
  [
    'a regex is not',
    { target_modules: String.raw`layers\.[01]\.attn\.q`, layers_to_transform: [2] },
    ['layers.0.attn.q', 'layers.1.attn.q'],
  ],
];

void test('catalog matcher: layers_to_transform applies to suffix matches only', () => {
  for (const [what, p, want] of CASES) assert.deepEqual(names(p), want, what);
  const all = names({ target_modules: 'all-linear', layers_to_transform: [0] });
  assert.ok(
    all.some((n) => n.startsWith('layers.2.')),
    'all-linear (full names in PEFT) ignores layers_to_transform',
  );
});

void test('the hf matcher follows the same rule on Hugging Face names', () => {
  const modules = [0, 1, 2].flatMap((i) =>
    ['q_proj', 'v_proj'].map((m) => ({ name: `model.layers.${i}.self_attn.${m}`, linear: true })),
  );
  const hf = (spec: TargetSpec) => matchPeft(modules, spec).matched.map((m) => m.name);
  assert.deepEqual(hf({ target_modules: ['q_proj'], layers_to_transform: [1] }), [
    'model.layers.1.self_attn.q_proj',
  ]);
  assert.deepEqual(
    hf({ target_modules: ['model.layers.0.self_attn.q_proj'], layers_to_transform: [2] }),
    ['model.layers.0.self_attn.q_proj'],
  );
  assert.deepEqual(
    hf({ target_modules: String.raw`.*\.[01]\.self_attn\.q_proj`, layers_to_transform: [2] }),
    ['model.layers.0.self_attn.q_proj', 'model.layers.1.self_attn.q_proj'],
  );
});
