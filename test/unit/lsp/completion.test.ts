import { test } from 'node:test';
import assert from 'node:assert/strict';
import { completion } from '../../../language-server/completion';
import { docAt } from './helpers/marked';

/** Completion at the `|` must offer every label in `includes` and none in `excludes`. */
function check(input: string, expected: { includes: string[]; excludes?: string[] }): void {
  const { doc, position } = docAt(input);
  const labels = completion(doc, position).map((i) => i.label);
  for (const l of expected.includes)
    assert.ok(
      labels.includes(l),
      `expected '${l}' in [${labels.join(', ')}] for ${JSON.stringify(input)}`,
    );
  for (const l of expected.excludes ?? [])
    assert.ok(!labels.includes(l), `did not expect '${l}' for ${JSON.stringify(input)}`);
}

const CASES: Array<[string, string, { includes: string[]; excludes?: string[] }]> = [
  [
    'declaration keywords at top level',
    '|',
    { includes: ['data', 'model', 'adapter', 'run', 'law', 'predict'] },
  ],
  [
    'model families after model x =',
    'model m = |',
    { includes: ['transformer', 'mlp'], excludes: ['lora'] },
  ],
  [
    'methods after adapter x =',
    'adapter a = |',
    { includes: ['lora', 'dora', 'allora', 'ia3'], excludes: ['transformer'] },
  ],
  ['corpus keyword after data x =', 'data d = |', { includes: ['corpus'] }],
  ['corpora inside corpus "', 'data d = corpus "|', { includes: ['sotu', 'moby-dick'] }],
  ['law forms after law x =', 'law l = |', { includes: ['power', 'chinchilla', 'fit'] }],
  [
    'transformer params',
    'model m = transformer {\n  |\n}',
    { includes: ['width', 'depth', 'heads', 'context', 'vocab', 'pretrain'], excludes: ['r'] },
  ],
  [
    'lora params, set ones excluded',
    'adapter a = lora { r = 4\n  |\n}',
    { includes: ['lora_alpha', 'target_modules', 'use_rslora'], excludes: ['r', 'width'] },
  ],
  [
    'optimizer params',
    'run x { optimizer = adamw { | } }',
    { includes: ['lr', 'weight_decay', 'betas'] },
  ],
  ['schedule params', 'run x { schedule = wsd { | } }', { includes: ['warmup', 'decay'] }],
  [
    'run params plus adapter overrides',
    'adapter a = lora { r = 4 }\nrun x {\n  adapter = a\n  |\n}',
    { includes: ['model', 'data', 'steps', 'batch', 'seeds', 'lora_alpha'] },
  ],
  [
    'pretrain block params',
    'model m = transformer { pretrain { | } }',
    { includes: ['steps', 'lr', 'data'] },
  ],
  ['enum values', 'run x { metric = | }', { includes: ['eval_loss', 'train_loss'] }],
  ['optimizer names', 'run x { optimizer = | }', { includes: ['adamw', 'sgd'] }],
  ['schedule names', 'run x { schedule = | }', { includes: ['cosine', 'wsd'] }],
  [
    'search methods, no sweep snippets',
    'run x { search = | }',
    { includes: ['tpe', 'random'], excludes: ['adamw', 'log'] },
  ],
  [
    'tpe options',
    'run x { search = tpe { | } }',
    { includes: ['trials', 'seed', 'batch', 'startup', 'candidates'], excludes: ['lr'] },
  ],
  [
    'random search options',
    'run x { search = random { | } }',
    { includes: ['trials', 'seed', 'batch'], excludes: ['startup'] },
  ],
  ['the search key in a run', 'run x { sea| }', { includes: ['search'] }],
  [
    "a search run's axes after ~",
    'data d = corpus "sotu"\nmodel m = transformer { }\nadapter a = lora { }\nrun x {\n  model = m  data = d  adapter = a\n  lr = log(1e-4 .. 1e-2, 3)\n  search = tpe { trials = 4 }\n}\nlaw l = power(x.eval_loss ~ |)',
    { includes: ['lr', 'N', 'D'] },
  ],
  [
    'init enum + bool',
    'adapter a = lora { init_lora_weights = | }',
    { includes: ['pissa', 'gaussian', 'true', 'false'] },
  ],
  [
    'named model blocks',
    'model tiny = transformer { }\nadapter a = lora { }\nrun x { model = | }',
    { includes: ['tiny'], excludes: ['a'] },
  ],
  [
    'named adapters in a sweep',
    'adapter a = lora { }\nadapter b = dora { }\nrun x { adapter = sweep [a, | }',
    { includes: ['a', 'b'] },
  ],
  [
    'sweep constructors for values',
    'run x { lr = | }',
    { includes: ['sweep', 'log', 'lin', 'zip', 'random'] },
  ],
  [
    'target module names',
    'adapter a = lora { target_modules = [q, | }',
    { includes: ['v', 'all-linear'] },
  ],
  ['run metrics after a dot', 'run ranks { }\nlaw l = power(ranks.|', { includes: ['eval_loss'] }],
  [
    'adapter fields after a dot',
    'adapter a = lora { r = 2 }\nadapter b = allora { r = a.| }',
    { includes: ['r', 'lora_alpha'] },
  ],
  ['law names after predict', 'law l = power(x.eval_loss ~ r)\npredict |', { includes: ['l'] }],
  ['runs inside a law form', 'run ranks { }\nlaw l = power(|', { includes: ['ranks'] }],
  [
    'swept axes after ~',
    `${'model t = transformer { width = 64 depth = 2 heads = 2 context = 32 }\ndata d = corpus "moby-dick"\nadapter a = lora { }\n'}run ranks { model = t data = d adapter = a r = sweep [2, 4] steps = 5 }\nlaw l = power(ranks.eval_loss ~ |`,
    { includes: ['r', 'N'], excludes: ['seed', 'ranks'] },
  ],
  [
    'swept axes after by',
    `${'model t = transformer { width = 64 depth = 2 heads = 2 context = 32 }\ndata d = corpus "moby-dick"\nadapter a = lora { }\nadapter b = dora { }\n'}run ranks { model = t data = d adapter = sweep [a, b] steps = 5 }\nlaw l = power(ranks.eval_loss ~ r) by |`,
    { includes: ['adapter'] },
  ],
  ['nothing in a comment', '# model m = |', { includes: [], excludes: ['transformer', 'data'] }],
];

for (const [name, input, expected] of CASES)
  void test(`completion: ${name}`, () => check(input, expected));

void test('completion works mid-edit in a broken file (unclosed block, junk before and after)', () => {
  check('model m = transformer { width = \nadapter a = lora {\n  lora_alpha = 16 @@@ %%\n  |', {
    includes: ['r', 'target_modules'],
    excludes: ['lora_alpha'],
  });
  check('run broken {\n  model = \n  |\nlaw l = power(broken.eval_loss ~ r)\n', {
    includes: ['steps', 'data'],
  });
});

void test('parameter items carry type, default and doc', () => {
  const { doc, position } = docAt('adapter a = lora { | }');
  const r = completion(doc, position).find((i) => i.label === 'r');
  assert.ok(r, 'r offered');
  assert.match(String(r.detail), /int.*default 8/);
  assert.match(JSON.stringify(r.documentation), /Rank/);
});
