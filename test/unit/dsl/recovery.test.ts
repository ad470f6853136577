import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parse } from '../../../core/dsl/parser';

const TAIL = '\nadapter ok = lora { r = 4 }\nrun after { model = m }\n';

/** Broken input → the codes it must report; every case is followed by valid declarations that must survive. */
const BROKEN: Array<[string, string]> = [
  ['model m = transformer { width = 64', 'parse-unclosed'],
  ['model m = transformer { width = }', 'parse-expected'],
  ['model m = transformer { width 64 }', 'parse-expected'],
  ['data d = corpus "sotu', 'parse-unterminated-string'],
  ['model m = transformer { hidden = [1, 2 }', 'parse-unclosed'],
  ['model m = transformer { x = (1 + 2 }', 'parse-unclosed'],
  ['model = transformer {}', 'parse-expected'],
  ['}}}} ]]] )))', 'parse-unexpected'],
  ['modle m = x {}', 'parse-unknown-declaration'],
  ['model m = transformer { width = 64 @@ }', 'parse-invalid-character'],
  ['model m = transformer { width = 1.5.3 }', 'parse-unexpected'],
  ['law l = power(run.eval_loss r)', 'parse-expected'],
  ['predict l at', 'parse-expected'],
  ['run r { lr = log(1e-4 .. , 3) }', 'parse-expected'],
  ['model m = transformer { a = [[[[[[ }', 'parse-unclosed'],
];

for (const [src, code] of BROKEN) {
  void test(`recovers from ${JSON.stringify(src)}`, () => {
    const text = src + TAIL;
    const { ast, errors } = parse(text);
    assert.ok(
      errors.some((e) => e.code === code),
      `expected ${code}, got ${errors.map((e) => e.code).join(', ')}`,
    );
    for (const e of errors)
      assert.ok(e.range.start >= 0 && e.range.start <= e.range.end && e.range.end <= text.length);
    const names = ast.declarations.map((d) => (d.kind === 'PredictDecl' ? '' : d.name?.name));
    assert.ok(
      names.includes('ok') && names.includes('after'),
      `later blocks lost: ${names.join(',')}`,
    );
  });
}

void test('deep nesting is cut, not a stack overflow', () => {
  const text = 'model m = x { a = ' + '['.repeat(100_000) + ' }';
  const { errors } = parse(text);
  assert.ok(errors.length > 0);
});

void test('parsing is linear: 1 MB takes about 10x the CPU of 100 KB, not 100x', () => {
  const line = 'adapter a = lora { r = 8  lora_alpha = 2 * r  target_modules = [q, v] }  # c\n';
  const text = line.repeat(Math.ceil(1_000_000 / line.length));
  const small = line.repeat(Math.ceil(100_000 / line.length));
  // A ratio of CPU times in one process, not a wall-clock bound: the load of a shared machine
  // cancels out, and a parser gone quadratic (100x) still fails.
  const cpu = (t: string): number => {
    const t0 = process.cpuUsage();
    parse(t);
    const d = process.cpuUsage(t0);
    return (d.user + d.system) / 1000;
  };
  cpu(small); // warm-up
  const base = [cpu(small), cpu(small), cpu(small)].sort((a, b) => a - b)[1]!;
  const { ast } = parse(text);
  const big = cpu(text);
  assert.ok(ast.declarations.length > 10_000);
  assert.ok(big < 40 * Math.max(base, 1), `1 MB: ${big} ms CPU, 100 KB: ${base} ms`);
});
