/** PEFT target matching on a table of cases, rank/alpha patterns, alias resolution, lookups. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  catalogKeywords,
  closestName,
  corpora,
  getMethod,
  getModelFamily,
  lawForms,
  methods,
  modelFamilies,
  optimizers,
  schedules,
  matchTargets,
  paramsFor,
  patternKey,
  PARAM_ALIASES,
  resolveAlias,
  siteParamsOf,
  type Params,
} from '../../../core/catalog/index';

const SITES = getModelFamily('transformer')!.sites({ width: 32, depth: 3, heads: 2, context: 8 });
const names = (p: Params) => matchTargets(SITES, p, 'transformer').sites.map((s) => s.name);

const CASES: [string, Params, string[]][] = [
  [
    'suffix entry',
    { target_modules: ['q'] },
    ['layers.0.attn.q', 'layers.1.attn.q', 'layers.2.attn.q'],
  ],
  [
    'dotted suffix',
    { target_modules: ['attn.q'] },
    ['layers.0.attn.q', 'layers.1.attn.q', 'layers.2.attn.q'],
  ],
  ['exact full name', { target_modules: ['layers.1.mlp.up'] }, ['layers.1.mlp.up']],
  ['suffix needs a dot boundary', { target_modules: ['tn.q'] }, []],
  ['head by name', { target_modules: ['head'] }, ['head']],
  [
    'regex full match',
    { target_modules: 'layers\\.[01]\\.attn\\.(q|v)' },
    ['layers.0.attn.q', 'layers.0.attn.v', 'layers.1.attn.q', 'layers.1.attn.v'],
  ],
  ['regex must match the whole name', { target_modules: 'attn' }, []],
  [
    'all-linear excludes head',
    { target_modules: 'all-linear' },
    SITES.filter((s) => s.name !== 'head').map((s) => s.name),
  ],
  [
    'exclude_modules first',
    { target_modules: ['q', 'v'], exclude_modules: ['layers.0.attn.v'] },
    ['layers.0.attn.q', 'layers.1.attn.q', 'layers.1.attn.v', 'layers.2.attn.q', 'layers.2.attn.v'],
  ],
  // 'head' is a whole module name, which PEFT matches without consulting layers_to_transform.
  [
    'layers_to_transform',
    { target_modules: ['q', 'head'], layers_to_transform: [1, 2] },
    ['layers.1.attn.q', 'layers.2.attn.q', 'head'],
  ],
  [
    'layers_to_transform int',
    { target_modules: ['down'], layers_to_transform: 0 },
    ['layers.0.mlp.down'],
  ],
  [
    'layers_pattern names the list',
    { target_modules: ['q'], layers_to_transform: [0], layers_pattern: 'layers' },
    ['layers.0.attn.q'],
  ],
  [
    'wrong layers_pattern matches nothing',
    { target_modules: ['q'], layers_to_transform: [0], layers_pattern: 'h' },
    [],
  ],
  [
    'default targets q, v',
    {},
    [
      'layers.0.attn.q',
      'layers.0.attn.v',
      'layers.1.attn.q',
      'layers.1.attn.v',
      'layers.2.attn.q',
      'layers.2.attn.v',
    ],
  ],
];

for (const [what, p, want] of CASES)
  void test(`matching: ${what}`, () => assert.deepEqual(names(p), want));

void test('matching reports per-entry counts, layers, exclusions and bad regexes', () => {
  const m = matchTargets(SITES, {
    target_modules: ['q', 'nope'],
    exclude_modules: ['layers.2.attn.q'],
  });
  assert.deepEqual(m.entries, [
    { entry: 'q', count: 3 },
    { entry: 'nope', count: 0 },
  ]);
  assert.deepEqual(m.layers, [0, 1]);
  assert.deepEqual(
    m.excluded.map((s) => s.name),
    ['layers.2.attn.q'],
  );
  const bad = matchTargets(SITES, { target_modules: '(' });
  assert.equal(bad.sites.length, 0);
  assert.match(bad.error ?? '', /invalid regex "\("/);
  assert.deepEqual(
    matchTargets(getModelFamily('mlp')!.sites({ hidden: [8, 8] }), {}, 'mlp').sites.map(
      (s) => s.name,
    ),
    ['layers.0', 'layers.1'],
  );
});

void test('rank_pattern / alpha_pattern: (.*\\.)?(key)$, first key wins', () => {
  const pat = { 'attn.q': 4, q: 16, 'layers\\.1\\..*': 2 };
  assert.equal(patternKey(pat, 'layers.1.attn.q'), 'attn.q');
  assert.equal(patternKey(pat, 'layers.1.attn.v'), 'layers\\.1\\..*');
  assert.equal(patternKey(pat, 'layers.0.attn.v'), undefined);
  const site = SITES.find((s) => s.name === 'layers.0.attn.q')!;
  const p = siteParamsOf(site, {
    r: 8,
    lora_alpha: 16,
    rank_pattern: { q: 2 },
    alpha_pattern: { 'attn.q': 4 },
  });
  assert.equal(p['r'], 2);
  assert.equal(p['lora_alpha'], 4);
  const lora = getMethod('lora')!;
  assert.equal(lora.siteParams!(site, p), 2 * 64);
});

void test('aliases of USERS-AND-ANCHORS §5 resolve to the PEFT names', () => {
  const want: Record<string, [string, string]> = {
    lora_r: ['r', 'axolotl'],
    lora_rank: ['r', 'llama-factory'],
    rank: ['r', 'common'],
    lora_target: ['target_modules', 'llama-factory'],
    lora_target_modules: ['target_modules', 'axolotl'],
    peft_use_dora: ['use_dora', 'axolotl'],
    peft_use_rslora: ['use_rslora', 'axolotl'],
    peft_init_lora_weights: ['init_lora_weights', 'axolotl'],
    lora_modules_to_save: ['modules_to_save', 'axolotl'],
    additional_target: ['modules_to_save', 'llama-factory'],
    peft_layers_to_transform: ['layers_to_transform', 'axolotl'],
    peft_layers_pattern: ['layers_pattern', 'axolotl'],
    lora_rank_pattern: ['rank_pattern', 'axolotl'],
    lora_alpha_pattern: ['alpha_pattern', 'axolotl'],
  };
  for (const [alias, [canonical, tool]] of Object.entries(want))
    assert.deepEqual(resolveAlias(alias), { canonical, tool }, alias);
  assert.equal(resolveAlias('r'), undefined);
  // Scoped: only aliases of params valid in the block.
  assert.deepEqual(resolveAlias('lora_rank', 'adapter', 'allora'), {
    canonical: 'r',
    tool: 'llama-factory',
  });
  assert.equal(resolveAlias('lora_rank', 'adapter', 'prompt_tuning'), undefined);
  assert.equal(resolveAlias('dropout', 'adapter', 'hydra'), undefined, 'hydra has its own dropout');
  // Every alias target is a real LoRA parameter, and the spec lists the alias.
  const lora = paramsFor('adapter', 'lora');
  for (const [alias, { canonical }] of Object.entries(PARAM_ALIASES)) {
    if (canonical === 'target_parameters' || canonical === 'layer_replication') continue;
    const spec = lora.find((p) => p.name === canonical);
    assert.ok(spec, `${canonical} is a lora param`);
    assert.ok(
      spec.aliases?.some((a) => a.name === alias),
      `${canonical} lists ${alias}`,
    );
  }
});

void test('lookups: paramsFor, keywords, did-you-mean', () => {
  assert.ok(paramsFor('adapter', 'lora').some((p) => p.name === 'lora_alpha'));
  assert.ok(paramsFor('data', 'sotu').some((p) => p.name === 'holdout'));
  assert.ok(paramsFor('run').some((p) => p.name === 'steps'));
  assert.deepEqual(paramsFor('adapter', 'nope'), []);
  const k = catalogKeywords();
  for (const m of ['lora', 'dora', 'allora', 'adapter_series', 'prompt_tuning'])
    assert.ok(k.methods.includes(m), m);
  assert.ok(k.laws.includes('chinchilla') && k.laws.includes('power'));
  assert.ok(
    k.corpora.includes('moby-dick') &&
      k.optimizers.includes('adamw') &&
      k.schedules.includes('wsd'),
  );
  assert.equal(closestName('lroa', k.methods), 'lora');
  assert.equal(
    closestName(
      'lora_alhpa',
      paramsFor('adapter', 'lora').map((p) => p.name),
    ),
    'lora_alpha',
  );
  assert.equal(closestName('zzzzzz', k.methods), undefined);
});

void test('every param spec is well-formed (doc, type, enum values, range order)', () => {
  for (const e of [
    ...methods(),
    ...modelFamilies(),
    ...optimizers(),
    ...schedules(),
    ...corpora(),
    ...lawForms(),
  ]) {
    assert.ok(e.doc.length > 10, `${e.name} has a doc`);
    const seen = new Set<string>();
    for (const p of e.params) {
      assert.ok(!seen.has(p.name), `${e.name}.${p.name} duplicated`);
      seen.add(p.name);
      assert.ok(p.doc.length > 5, `${e.name}.${p.name} has a doc`);
      const types = Array.isArray(p.type) ? p.type : [p.type];
      if (types.includes('enum'))
        assert.ok((p.values?.length ?? 0) > 0, `${e.name}.${p.name} has enum values`);
      if (p.min !== undefined && p.max !== undefined)
        assert.ok(p.min <= p.max, `${e.name}.${p.name} range`);
    }
  }
});
