import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseExpression } from '../../../core/laws/expr/parse';
import { compileExpression, freeParameters } from '../../../core/laws/expr/compile';
import { BUILTIN_LAWS } from '../../../core/laws/builtins';
import { customLaw } from '../../../core/laws/custom';
import { evaluateLaw } from '../../../core/laws/resolve';

function evalText(
  text: string,
  vars: Record<string, number> = {},
  params: Record<string, number> = {},
): number {
  const { ast, errors } = parseExpression(text);
  assert.deepEqual(errors, []);
  const c = compileExpression(ast!, Object.keys(vars), Object.keys(params));
  return c.fn!(Object.values(params), Object.values(vars), null);
}

void test('precedence: unary minus below ^, ^ right-associative, N^-a', () => {
  assert.equal(evalText('-2^2'), -4);
  assert.equal(evalText('2^3^2'), 512);
  assert.equal(evalText('2^-1'), 0.5);
  assert.equal(evalText('1 + 2*3 - 4/2'), 5);
  assert.equal(evalText('(1 + 2)*3'), 9);
  assert.equal(evalText('2 ** 3'), 8);
  assert.equal(evalText('6 ÷ 3 × 2 − 1'), 3);
  assert.equal(evalText('min(3, 1, 2) + max(1, 5)'), 6);
  assert.ok(Math.abs(evalText('exp(log(7)) + sqrt(16)') - 11) < 1e-12);
  assert.ok(Math.abs(evalText('E + A*N^-a', { N: 100 }, { E: 1, A: 10, a: 0.5 }) - 2) < 1e-12);
  assert.equal(evalText('1.5e3 + .5'), 1500.5);
});

void test('parse errors carry offsets into the law string', () => {
  const cases: Array<[string, number, RegExp]> = [
    ['E + * N', 4, /unexpected '\*'/],
    ['E + A*N^', 8, /ends too early/],
    ['(E + A', 6, /expected '\)'/],
    ['E + foo(N)', 4, /unknown function 'foo'/],
    ['E $ N', 2, /unexpected character '\$'/],
    ['E + A N', 6, /unexpected 'N' after the end/],
  ];
  for (const [text, start, message] of cases) {
    const r = parseExpression(text);
    assert.equal(r.ast, undefined, text);
    assert.ok(r.errors.length > 0, text);
    assert.equal(r.errors[0]!.start, start, `${text}: ${r.errors[0]!.message}`);
    assert.match(r.errors[0]!.message, message);
  }
  const arity = parseExpression('exp(1, 2)');
  assert.match(arity.errors[0]!.message, /exp takes 1 argument/);
});

void test('free parameters are the non-variable names in order; unknown names are reported with offsets', () => {
  const { ast } = parseExpression('E + A*N^-alpha + B*D^-beta');
  assert.deepEqual(freeParameters(ast!, ['N', 'D']), ['E', 'A', 'alpha', 'B', 'beta']);
  const c = compileExpression(ast!, ['N'], ['E', 'A', 'alpha', 'B', 'beta']);
  assert.equal(c.fn, undefined);
  assert.equal(c.errors[0]!.start, 19);
  assert.equal(customLaw('N + D', ['N', 'D']).model, undefined);
});

void test('forward-mode derivatives match central finite differences', () => {
  const exprs = [
    'E + A*N^-a + B*D^-b',
    'exp(-k*N) * A + log(D)*E',
    'A/(1 + (N/D)^a)^b - max(E, A*N) + min(a, b)^2',
    '-(A*N)^0.5 + sqrt(E*D)',
  ];
  for (const text of exprs) {
    const { ast } = parseExpression(text);
    const vars = ['N', 'D'];
    const params = freeParameters(ast!, vars);
    const fn = compileExpression(ast!, vars, params).fn!;
    const theta = params.map((_, j) => 0.3 + 0.37 * j);
    const x = [3.7, 11.2];
    const g = new Float64Array(params.length);
    fn(theta, x, g);
    params.forEach((name, j) => {
      const h = 1e-6 * Math.max(1, Math.abs(theta[j]!));
      const up = [...theta];
      const dn = [...theta];
      up[j]! += h;
      dn[j]! -= h;
      const fd = (fn(up, x, null) - fn(dn, x, null)) / (2 * h);
      assert.ok(
        Math.abs(fd - g[j]!) <= 1e-6 * Math.max(1, Math.abs(fd)),
        `${text} ∂/∂${name}: AD ${g[j]} vs FD ${fd}`,
      );
    });
  }
});

void test('every built-in: analytic Jacobian matches finite differences and its expression string evaluates the same', () => {
  const samples: Record<string, { theta: number[]; x: number[] }> = {
    power: { theta: [1.5, 8, 0.35], x: [1234] },
    chinchilla: { theta: [1.69, 406.4, 410.7, 0.34, 0.28], x: [3e8, 2e10] },
    nmt: { theta: [0.6, 0.25, 0.35, 1.1], x: [2e7, 5e7] },
    lr_annealing: { theta: [2.5, 24, 0.45, 2e-4], x: [5000, 120] },
    broken_power: { theta: [0.5, 20, 0.3, 0.4, 1e4, 0.5], x: [3e3] },
    exponential: { theta: [0.05, 0.6, 3e-5], x: [5e4] },
    batch_lr: { theta: [1e-4, 0.5], x: [64] },
  };
  for (const [form, model] of Object.entries(BUILTIN_LAWS)) {
    const s = samples[form];
    assert.ok(s, `test sample for ${form}`);
    const constants: Record<string, number> = form === 'nmt' ? { Ne_ref: 3e7, Nd_ref: 4e7 } : {};
    const bound = model.bind(
      s.x.map((v) => Float64Array.of(v)),
      constants,
    );
    const p = model.params.length;
    const out = new Float64Array(1);
    const jac = new Float64Array(p);
    bound.eval(s.theta, out, jac);
    for (let j = 0; j < p; j++) {
      const h = 1e-6 * Math.max(1e-3, Math.abs(s.theta[j]!));
      const up = [...s.theta];
      const dn = [...s.theta];
      up[j]! += h;
      dn[j]! -= h;
      const fd =
        (evaluateLaw(model, up, constants, s.x) - evaluateLaw(model, dn, constants, s.x)) / (2 * h);
      assert.ok(
        Math.abs(fd - jac[j]!) <= 1e-5 * Math.max(1e-6, Math.abs(fd)),
        `${form} ∂/∂${model.params[j]!.name}: ${jac[j]} vs ${fd}`,
      );
    }
    const { ast } = parseExpression(model.expression);
    const names = [...model.variables, ...Object.keys(constants)];
    const fn = compileExpression(
      ast!,
      names,
      model.params.map((q) => q.name),
    ).fn!;
    const viaText = fn(s.theta, [...s.x, ...Object.values(constants)], null);
    assert.ok(
      Math.abs(viaText - out[0]!) <= 1e-12 * Math.abs(out[0]!),
      `${form}: '${model.expression}' gives ${viaText}, code gives ${out[0]}`,
    );
  }
});

void test('the parser and compiler never throw on random input', async () => {
  const { makeRng } = await import('../../../core/laws/bootstrap');
  const rng = makeRng(99);
  const alphabet = [
    'E',
    'A',
    'N',
    'x',
    '1',
    '2.5',
    'e-3',
    '+',
    '-',
    '*',
    '/',
    '^',
    '(',
    ')',
    ',',
    'exp',
    'log',
    'min',
    'max',
    ' ',
    '$',
    '**',
    '.',
  ];
  for (let k = 0; k < 2000; k++) {
    const text = Array.from(
      { length: 1 + Math.floor(rng() * 12) },
      () => alphabet[Math.floor(rng() * alphabet.length)]!,
    ).join('');
    const r = parseExpression(text);
    assert.ok(r.ast !== undefined || r.errors.length > 0, text);
    for (const e of r.errors)
      assert.ok(
        e.start >= 0 && e.end <= text.length + 1 && e.start <= e.end,
        `${text}: ${JSON.stringify(e)}`,
      );
    if (r.ast) customLaw(text, ['N', 'x']);
  }
});
