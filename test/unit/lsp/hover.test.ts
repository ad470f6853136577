import { test } from 'node:test';
import assert from 'node:assert/strict';
import { hover } from '../../../language-server/hover';
import { EMPTY_STORE, type StoreView } from '../../../store/view';
import { BASE, docAt } from './helpers/marked';
import { powerFit, storeWith } from './helpers/fits';

/** The hover at `|` must match every pattern (or be null when `expected` is null). */
function check(input: string, expected: RegExp[] | null, store: StoreView = EMPTY_STORE): void {
  const { doc, position } = docAt(input);
  const h = hover(doc, store, position);
  if (expected === null) {
    assert.equal(h, null, `expected no hover for ${JSON.stringify(input)}`);
    return;
  }
  assert.ok(h, `expected a hover for ${JSON.stringify(input)}`);
  const text =
    typeof h.contents === 'object' && 'value' in h.contents
      ? h.contents.value
      : JSON.stringify(h.contents);
  for (const re of expected) assert.match(text, re);
}

const at = (needle: string, text = BASE): string => {
  const i = text.indexOf(needle);
  assert.ok(i >= 0, needle);
  return `${text.slice(0, i + 1)}|${text.slice(i + 1)}`;
};

void test('hover: parameter doc with range, default and paper', () =>
  check('adapter a = lora { |r = 8 }', [
    /Rank/,
    /1 ≤ x ≤ 65536/,
    /default: `8`/,
    /arxiv\.org\/abs\/2106\.09685/,
  ]));
void test('hover: an alias names the PEFT parameter', () =>
  check('adapter a = lora { ra|nk = 8 }', [/name for `r`/]));
void test('hover: method entry', () => check('adapter a = al|lora { }', [/allora/i, /Parameters/]));
void test('hover: optimizer value', () => check('run x { optimizer = ad|amw }', [/adamw/]));
void test('hover: search method and option', () => {
  check('run x { search = t|pe { trials = 8 } }', [/TPE/, /constant liar/]);
  check('run x { search = tpe { tri|als = 8 } }', [/How many configurations/]);
});
void test('hover: declaration keyword', () => check('mo|del m = transformer { }', [/base model/]));
void test('hover: whitespace has none', () => check('model m = transformer {   |   }', null));

void test('hover: a named block shows the static estimates of its trials', () =>
  check(at('lora = lora'), [
    /3 trials/,
    /trainable params: /,
    /% of base/,
    /memory: /,
    /training FLOPs: /,
    /tokens: /,
    /wall time: unknown/,
  ]));

void test('hover: est. wall time from measured throughput', () =>
  check(at('ranks {'), [/3 trials/, /est\. wall time: .* per trial/, /measured 1M FLOP\/s/], {
    finishedTrials: 1,
    flopsPerSecond: 1e6,
  }));

void test('hover: a sweep value shows its own trial and no fit yet', () =>
  check(at('4, 8]'), [/r = 4/, /1 trial\b/, /No fit yet for `rank_law`/]));

void test('hover: a sweep value shows the fitted prediction with interval and n', () =>
  check(
    at('8]\n'),
    [/rank_law\*\* predicts eval_loss/, /3\.41 \[[\d.]+, [\d.]+\] \(90%, n=4\)/],
    storeWith([powerFit()]),
  ));

void test('hover: a predict point shows the prediction (2 + 4/√64 = 2.5)', () =>
  check(at('64, 128]'), [/rank_law\*\* at r = 64/, /2\.50 \[/, /n=4/], storeWith([powerFit()])));
void test('hover: a predict point without fits says so', () => check(at('128]'), [/No fit yet/]));
void test('hover: a law name lists its fitted parameters', () =>
  check(
    at('rank_law ='),
    [/E = 2\.00, A = 4\.00, alpha = 0\.500 \(n=4\)/],
    storeWith([powerFit()]),
  ));
void test('hover: a law form', () => check(at('power('), [/E \+ A\*x\^-alpha/]));
