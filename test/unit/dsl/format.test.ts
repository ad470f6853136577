import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { exampleFiles } from '../../helpers/examples';
import { format } from '../../../core/dsl/format';
import { parse } from '../../../core/dsl/parser';

const examples = exampleFiles();

void test('formatting is idempotent and keeps every comment on all examples', () => {
  for (const f of examples) {
    const text = readFileSync(f, 'utf8');
    const once = format(text);
    assert.deepEqual(once.errors, [], f);
    assert.equal(format(once.text).text, once.text, `not idempotent: ${f}`);
    const before = parse(text).ast.comments.map((c) => c.text.trim());
    const after = parse(once.text).ast.comments.map((c) => c.text.trim());
    assert.deepEqual(after, before, `comments changed in ${f}`);
  }
});

void test('canonical layout does not depend on the input spacing', () => {
  const a = format('model   m=transformer{width=64 depth=2}\nrun r{model=m  r=sweep[1,2]}').text;
  const b = format(
    'model m = transformer {\n    width = 64\n  depth = 2 }\n\n\n\nrun r {\n model = m\n r = sweep [1, 2]\n}\n',
  ).text;
  assert.equal(a.replace(/\n\n/g, '\n'), b.replace(/\n\n/g, '\n'));
  assert.match(a, /^model m = transformer \{\n {2}width = 64\n {2}depth = 2\n\}\n/);
});

void test('small nested blocks stay inline; trailing comments stay on their line', () => {
  const out = format('run r {\n  optimizer = adamw { lr = 3e-4 }  # tuned\n}\n').text;
  assert.equal(out, 'run r {\n  optimizer = adamw { lr = 3e-4 }  # tuned\n}\n');
});

void test('files with syntax errors are returned unchanged with the errors', () => {
  const src = 'model m = transformer { width = ';
  const r = format(src);
  assert.equal(r.text, src);
  assert.ok(r.errors.length > 0);
  assert.equal(r.changed, false);
});

void test('the shipped examples are in canonical layout (peft fmt --check examples/ passes)', () => {
  for (const f of examples)
    assert.equal(format(readFileSync(f, 'utf8')).changed, false, `${f}: run peft fmt ${f}`);
});
