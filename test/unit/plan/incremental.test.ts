/**
 * The run cache (core/plan/run-cache.ts): after any series of edits, an analysis that reuses
 * expanded runs equals a from-scratch analysis (diagnostics, plan, symbols), it really reuses
 * runs, and it stays within its size bound.
 */
import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { analyze } from '../../../core/plan/analyze';
import { RunCache } from '../../../core/plan/run-cache';
import type { AnalyzeOptions } from '../../../core/plan/analysis-types';
import { mulberry32 } from '../../../core/random';

const BASE = `data task = corpus "moby-dick" { holdout = 10% }
data pre = corpus "moby-dick"
model tiny = transformer { width = 64  depth = 2  heads = 4  context = 32 }
model pt = transformer {
  width = 32  depth = 1  heads = 2  context = 16
  pretrain { data = pre  steps = 5 }
}
adapter base = lora { target_modules = [q, v]  r = 8  lora_alpha = 2 * r }
adapter big = base { r = 16 }
adapter d = dora { r = 4 }
adapter e = lora { r = 4  init_lora_weights = eva  eva_config { rho = 0.5 * 1  tau = 2 / 0 } }
run r1 {
  model = tiny  data = task  adapter = base
  r = sweep [4, 8]
  steps = 100
}
run r2 {
  model = pt  data = task  adapter = big
  seeds = 2
  optimizer = adamw { lr = 3e-4 }
}
run r3 {
  model = tiny  data = task  adapter = d
  lora_alpha = log(4 .. 16, 3)
  batch = base.r
}
run r4 {
  model = tiny  data = task  adapter = e
  r = sweep [2, 4]
}
law l = power(r1.eval_loss ~ r)
`;

/** Characters and snippets an edit inserts: digits and names keep most edits meaningful. */
const PIECES = [
  ...'0123456789abrxz {}[]=.,*#"\n',
  'r = 2',
  ' sweep [2, 4]',
  '\nrun extra { model = tiny  data = task  adapter = base  seeds = 3 }\n',
  '\nadapter base2 = base { r = 4 }\n',
  'adapter = big',
  'model = pt',
  ' * "x"',
  ' + nope.r',
  ' / 0',
];

function edit(text: string, rand: () => number): string {
  const at = Math.floor(rand() * (text.length + 1));
  const op = rand();
  if (op < 0.35 && text.length > 0) return text.slice(0, at) + text.slice(at + 1); // delete
  const piece = PIECES[Math.floor(rand() * PIECES.length)]!;
  if (op < 0.6 && text.length > 0) return text.slice(0, at) + piece[0] + text.slice(at + 1); // replace
  return text.slice(0, at) + piece + text.slice(at);
}

function same(text: string, cache: RunCache, options: AnalyzeOptions = {}): void {
  const fresh = analyze(text, options);
  const warm = analyze(text, { ...options, cache });
  assert.deepStrictEqual(warm.diagnostics, fresh.diagnostics, text);
  assert.deepStrictEqual(warm.plan, fresh.plan, text);
  assert.deepStrictEqual(warm.symbols.references, fresh.symbols.references);
}

test('incremental analysis equals a from-scratch one after 400 random edits (seeded)', () => {
  for (const seed of [1, 2]) {
    const rand = mulberry32(seed);
    const cache = new RunCache();
    let text = BASE;
    for (let i = 0; i < 200; i++) {
      // Drift back to the base now and then, so the file keeps runs that expand.
      text = rand() < 0.05 ? BASE : edit(text, rand);
      same(text, cache);
    }
    assert.ok(cache.hits > 100, `runs reused: ${cache.hits} (misses ${cache.misses})`);
  }
});

test('a small trial limit is shared across cached runs exactly as from scratch', () => {
  const cache = new RunCache();
  const rand = mulberry32(7);
  let text = BASE;
  for (let i = 0; i < 60; i++) {
    text = edit(text, rand);
    same(text, cache, { maxTrials: 4 });
  }
});

test('files a run read are read again: a changed config.json invalidates the cached run', () => {
  const text = `data task = corpus "moby-dick"
model m = hf { config = "c.json" }
adapter lo = lora { r = 4  target_modules = [q_proj] }
run go { model = m  data = task  adapter = lo }
`;
  const config = (hidden: number): string =>
    JSON.stringify({
      model_type: 'llama',
      hidden_size: hidden,
      intermediate_size: 2 * hidden,
      num_hidden_layers: 2,
      num_attention_heads: 4,
      num_key_value_heads: 4,
      vocab_size: 100,
    });
  let content = config(64);
  const options: AnalyzeOptions = { resolveFile: () => content };
  const cache = new RunCache();
  same(text, cache, options);
  same(text, cache, options);
  assert.equal(cache.hits, 1);
  content = config(128);
  same(text, cache, options);
  assert.equal(cache.hits, 1, 'the changed file must not be served from the cache');
});

test('the cache keeps at most maxEntries runs, dropping the least recently used', () => {
  const cache = new RunCache(4);
  const rand = mulberry32(3);
  let text = BASE;
  for (let i = 0; i < 50; i++) {
    text = edit(text, rand);
    analyze(text, { cache });
    assert.ok(cache.size <= 4, `size ${cache.size}`);
  }
  // A run used by the latest analysis survives evicting older ones.
  cache.clear();
  analyze(BASE, { cache });
  const misses = cache.misses;
  analyze(BASE, { cache });
  assert.equal(cache.misses, misses, 'the four runs of BASE are all still cached');
});
