import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { exampleFiles } from '../../helpers/examples';
import { parse } from '../../../core/dsl/parser';
import { lex } from '../../../core/dsl/lexer';
import type { BlockDecl, Expr } from '../../../core/dsl/ast';

const examples = exampleFiles();

void test('every example parses without errors', () => {
  assert.ok(examples.length >= 3);
  for (const f of examples) assert.deepEqual(parse(readFileSync(f, 'utf8')).errors, [], f);
});

void test('tokens round-trip: concatenating token texts, comments and whitespace reproduces the input', () => {
  for (const f of examples) {
    const text = readFileSync(f, 'utf8');
    const { tokens, comments } = lex(text);
    const pieces = [
      ...tokens.map((t) => ({ s: t.start, e: t.end })),
      ...comments.map((c) => ({ s: c.start, e: c.end })),
    ].sort((a, b) => a.s - b.s);
    let rebuilt = '';
    let at = 0;
    for (const p of pieces) {
      assert.ok(/^\s*$/.test(text.slice(at, p.s)), `only whitespace between tokens in ${f}`);
      rebuilt += text.slice(at, p.e);
      at = p.e;
    }
    assert.equal(rebuilt + text.slice(at), text);
  }
});

const value = (src: string): Expr =>
  (
    (parse(`model m = x { v = ${src} }`).ast.declarations[0] as BlockDecl).value as Expr & {
      kind: 'Construct';
    }
  ).body!.entries[0]!.value;

void test('numbers: exponents, percentages and size suffixes', () => {
  const cases: Array<[string, number]> = [
    ['1e-4', 1e-4],
    ['3e15', 3e15],
    ['10%', 0.1],
    ['1.5k', 1500],
    ['3M', 3e6],
    ['2B', 2e9],
    ['0.05', 0.05],
    ['7', 7],
  ];
  for (const [src, v] of cases) {
    const e = value(src);
    assert.equal(e.kind, 'Number', src);
    assert.ok(e.kind === 'Number' && Math.abs(e.value - v) <= 1e-12 * v, `${src} → ${v}`);
  }
});

void test('precedence: * over +, ^ right-associative and above unary minus', () => {
  const e = value('1 + 2 * r');
  assert.ok(e.kind === 'Binary' && e.op === '+' && e.right.kind === 'Binary' && e.right.op === '*');
  const p = value('-N^-a');
  assert.ok(p.kind === 'Unary' && p.operand.kind === 'Binary' && p.operand.op === '^');
  const r = value('2^3^2');
  assert.ok(r.kind === 'Binary' && r.right.kind === 'Binary' && r.right.op === '^');
});

void test('sweep forms and dotted references keep exact offsets', () => {
  const src =
    'run r { adapter = sweep [a, b]  lr = log(1e-4 .. 1e-2, 5)  t = lora.target_modules  b = isoflop [1e15] }';
  const run = parse(src).ast.declarations[0] as BlockDecl;
  const [sw, lg, ref, iso] = run.body!.entries.map((a) => a.value);
  assert.equal(sw!.kind, 'Sweep');
  assert.equal(src.slice(sw!.start, sw!.end), 'sweep [a, b]');
  assert.ok(lg!.kind === 'Call' && lg.args[0]!.kind === 'Range');
  assert.ok(
    ref!.kind === 'Reference' && ref.path.map((s) => s.name).join('.') === 'lora.target_modules',
  );
  assert.equal(src.slice(ref.start, ref.end), 'lora.target_modules');
  assert.equal(iso!.kind, 'Isoflop');
});

void test('law and predict forms', () => {
  const src =
    'law a = power(ranks.eval_loss ~ r) by adapter\nlaw b = fit "E + A*N^-a" (run.eval_loss ~ N, D) { loss = lm }\nlaw c = chinchilla(loss ~ N, D) from csv "x.csv"\npredict a at r = [64, 128]\n';
  const { ast, errors } = parse(src);
  assert.deepEqual(errors, []);
  const [a, b, c, p] = [
    ast.declarations[0]!,
    ast.declarations[1]!,
    ast.declarations[2]!,
    ast.declarations[3]!,
  ];
  assert.ok(a.kind === 'LawDecl' && a.form!.name === 'power' && a.by!.path[0]!.name === 'adapter');
  assert.ok(
    b.kind === 'LawDecl' &&
      b.expression!.value === 'E + A*N^-a' &&
      b.relation!.x.length === 2 &&
      b.options!.entries.length === 1,
  );
  assert.ok(c.kind === 'LawDecl' && c.from!.kind === 'Construct' && c.from.head.name === 'csv');
  assert.ok(p.kind === 'PredictDecl' && p.points[0]!.name.name === 'r');
});

void test('comments are kept with their offsets and trailing flag', () => {
  const src = '# head\nmodel m = transformer {} # tail\n';
  const { ast } = parse(src);
  assert.equal(ast.comments.length, 2);
  assert.equal(ast.comments[0]!.trailing, false);
  assert.equal(ast.comments[1]!.trailing, true);
  assert.equal(src.slice(ast.comments[1]!.start, ast.comments[1]!.end), '# tail');
});
