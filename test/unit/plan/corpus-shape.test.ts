// An MLP reading Fashion-MNIST must take 784 inputs and at least 10 classes: check says so at the
// model's entry with the right value as the quick fix, before any trial starts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { run } from './fixture';

const FILE = `data f = corpus "fashion-mnist"
model m = mlp { n_in = 784  hidden = [16]  classes = 10 }
adapter lo = lora { r = 4  lora_alpha = 8  target_modules = all-linear }
run go {
  model = m  data = f  adapter = lo
  r = sweep [2, 4]
  steps = 10
}
`;

const shape = (text: string) =>
  run(text).diagnostics.filter((d) => d.code === 'incompatible-option');

void test('the matching MLP is clean', () => {
  assert.deepEqual(shape(FILE), []);
  assert.deepEqual(
    run(FILE).diagnostics.filter((d) => d.severity === 'error'),
    [],
  );
});

void test('a wrong n_in is an error at its value, once for the sweep, with n_in = 784 as the fix', () => {
  const text = FILE.replace('n_in = 784', 'n_in = 1024');
  const ds = shape(text);
  assert.equal(ds.length, 1, JSON.stringify(ds));
  const d = ds[0]!;
  assert.equal(d.severity, 'error');
  assert.equal(text.slice(d.range.start, d.range.end), '1024');
  assert.match(d.message, /corpus 'fashion-mnist' has 784 input features/);
  assert.deepEqual(d.data && 'text' in d.data ? d.data.text : undefined, '784');
});

void test('too few classes is an error; an unwritten n_in (default 1024) is reported at the model', () => {
  const text = FILE.replace('n_in = 784  ', '').replace('classes = 10', 'classes = 2');
  const ds = shape(text);
  assert.equal(ds.length, 2, JSON.stringify(ds));
  const at = ds.map((d) => text.slice(d.range.start, d.range.end));
  assert.deepEqual(at.sort(), ['2', 'mlp']);
  assert.ok(ds.some((d) => /has 10 classes; set classes = 10/.test(d.message)));
});

void test('corpora without a fixed width (spam-assassin: hashed n-grams) accept any n_in', () => {
  const text = FILE.replace('"fashion-mnist"', '"spam-assassin"').replace(
    'classes = 10',
    'classes = 2',
  );
  assert.deepEqual(shape(text.replace('n_in = 784', 'n_in = 256')), []);
});

void test('a model family that cannot read its corpus is an error at the model, for fine-tuning and pretraining', () => {
  const lmOnMlp = FILE.replace('"fashion-mnist"', '"sotu"');
  const [d, ...rest] = shape(lmOnMlp);
  assert.equal(rest.length, 0, JSON.stringify(rest));
  assert.match(
    d!.message,
    /A mlp model reads labelled examples .* fine-tuning corpus 'sotu' is lm data/,
  );
  assert.equal(lmOnMlp.slice(d!.range.start, d!.range.end), 'mlp');
  const pre = FILE.replace(
    'classes = 10 }',
    'classes = 10\n  pretrain { data = t  steps = 5 } }\ndata t = corpus "tiny"',
  );
  assert.ok(
    shape(pre).some((x) => /pretraining corpus 'tiny' is lm data/.test(x.message)),
    JSON.stringify(shape(pre)),
  );
  const spamOnTransformer = `data s = corpus "spam-assassin"
model m = transformer { width = 16  depth = 1  heads = 2  context = 16 }
adapter lo = lora { r = 2 }
run go {
  model = m  data = s  adapter = lo
  steps = 5
}
`;
  assert.ok(shape(spamOnTransformer).some((x) => /A transformer model reads text/.test(x.message)));
  // fashion-mnist on a transformer is already not-runnable (its engines declare it for mlp only): no second report.
  const fashionOnTransformer = spamOnTransformer.replace('"spam-assassin"', '"fashion-mnist"');
  assert.deepEqual(shape(fashionOnTransformer), []);
});
