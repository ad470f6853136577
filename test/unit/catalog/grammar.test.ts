/** The committed grammar is current with the catalog, its regexes work on real lines, and the language configuration is sound. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildGrammar, grammarJson } from '../../../core/catalog/grammar';
import { catalogKeywords } from '../../../core/catalog/index';

const root = join(__dirname, '..', '..', '..');
type Rule = {
  name?: string;
  match?: string;
  begin?: string;
  end?: string;
  patterns?: Rule[];
  captures?: Record<string, { name: string }>;
};
const repo = buildGrammar()['repository'] as Record<string, Rule>;
const re = (r: Rule | undefined) => new RegExp(r?.match ?? '(?!)', 'g');
const all = (r: Rule): Rule[] => [r, ...(r.patterns ?? []).flatMap(all)];

void test('syntaxes/peft.tmLanguage.json is regenerated from the catalog (run `npx tsx scripts/gen-grammar.ts`)', () => {
  const committed = readFileSync(join(root, 'syntaxes', 'peft.tmLanguage.json'), 'utf8');
  // Compared as data, so reformatting the file (prettier) does not count as stale.
  assert.deepEqual(
    JSON.parse(committed),
    JSON.parse(grammarJson()),
    'stale grammar: run npx tsx scripts/gen-grammar.ts',
  );
});

void test('every grammar regex compiles', () => {
  for (const [key, rule] of Object.entries(repo)) {
    for (const r of all(rule))
      for (const src of [r.match, r.begin, r.end])
        if (src !== undefined) assert.doesNotThrow(() => new RegExp(src), `${key}: ${src}`);
  }
});

const matches = (rule: Rule | undefined, text: string) =>
  [...text.matchAll(re(rule))].map((m) => m[1] ?? m[0]);

void test('grammar rules recognise the constructs of the language sketch', () => {
  assert.deepEqual(matches(repo['number'], 'r = 8  lr = 1e-4  x = 1.5k  n = 3M  h = 10%  y = .5'), [
    '8',
    '1e-4',
    '1.5k',
    '3M',
    '10%',
    '.5',
  ]);
  assert.deepEqual(matches(repo['number'], 'layers_2 lora.r'), []);
  const decl = repo['declaration']!.patterns![0]!;
  const m = new RegExp(decl.match!).exec('adapter lora = lora {');
  assert.deepEqual([m?.[1], m?.[2]], ['adapter', 'lora']);
  assert.deepEqual(
    matches(
      repo['constructor'],
      'a = sweep [1, 2]  b = log(1e-4 .. 1e-2, 5)  c = zip(a, b)  d = isoflop [1e15]',
    ),
    ['sweep', 'log', 'zip', 'isoflop'],
  );
  assert.deepEqual(matches(repo['law-call'], 'law l = power(ranks.eval_loss ~ r) by adapter'), [
    'power',
  ]);
  const param = repo['parameter']!.patterns![0]!;
  assert.deepEqual(matches(param, 'r = 8   lora_alpha = 16   target_modules = [q, v]'), [
    'r',
    'lora_alpha',
    'target_modules',
  ]);
  const methods = repo['entry']!.patterns!.find((p) => p.name === 'support.function.method.peft')!;
  assert.deepEqual(matches(methods, 'adapter = sweep [lora, allora, dora, loraplus]'), [
    'lora',
    'allora',
    'dora',
    'loraplus',
  ]);
  assert.deepEqual(matches(repo['reference'], 'target_modules = lora.target_modules'), ['lora']);
  assert.deepEqual(matches(repo['comment'], 'x = 1 # note'), ['# note']);
});

void test('every catalog method, family, optimizer, schedule and law form is in the grammar', () => {
  const text = grammarJson();
  const k = catalogKeywords();
  for (const w of [
    ...k.methods,
    ...k.models,
    ...k.optimizers,
    ...k.schedules,
    ...k.laws.filter((l) => l !== 'custom'),
  ])
    assert.ok(text.includes(w.replace(/-/g, '\\\\-')), w);
});

void test('language configuration: # comments, brackets, folding markers, dotted word pattern', () => {
  const cfg = JSON.parse(
    readFileSync(join(root, 'syntaxes', 'language-configuration.json'), 'utf8'),
  ) as Record<string, unknown>;
  assert.deepEqual(cfg['comments'], { lineComment: '#' });
  assert.deepEqual(cfg['brackets'], [
    ['{', '}'],
    ['[', ']'],
    ['(', ')'],
  ]);
  const word = new RegExp(cfg['wordPattern'] as string, 'g');
  assert.deepEqual('x = lora.target_modules + 1.5k'.match(word), [
    'x',
    'lora.target_modules',
    '1.5k',
  ]);
  const ind = cfg['indentationRules'] as {
    increaseIndentPattern: string;
    decreaseIndentPattern: string;
  };
  assert.ok(new RegExp(ind.increaseIndentPattern).test('model tiny = transformer {'));
  assert.ok(!new RegExp(ind.increaseIndentPattern).test('x = 1 # {'));
  assert.ok(new RegExp(ind.decreaseIndentPattern).test('  }'));
  const fold = (cfg['folding'] as { markers: { start: string; end: string } }).markers;
  assert.ok(
    new RegExp(fold.start).test('# region sweeps') && new RegExp(fold.end).test('# endregion'),
  );
});
