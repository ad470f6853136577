// Hostile .peft text (issue 16, cases 1 and 6 and the low-severity input cases): regex bombs,
// long operator chains, deep nesting, bad law math, odd file names, invalid UTF-8, unsafe
// integers. Every command ends within its bound with a clear error and a location.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cli, snapshot, tinyExperiment, workspace } from './helpers';
import { fullmatchRe, matchRe } from '../../core/catalog/pyregex';

const withSteps = (steps: string): string =>
  tinyExperiment().replace('steps = 1', `steps = ${steps}`);

void test('regex bomb in target_modules: check answers in well under a second (it took 410 s)', async () => {
  const dir = workspace({
    'x.peft': tinyExperiment('lora { target_modules = "(.|.|.|.)*z"  r = 4 }'),
  });
  const r = await cli(['check', 'x.peft'], dir, 5000);
  assert.equal(r.code, 1);
  assert.match(
    r.out,
    /x\.peft:3:20: error incompatible-option: target_modules = "\(\.\|\.\|\.\|\.\)\*z" matches no site/,
  );
  assert.ok(r.ms < 3000, `${r.ms} ms`);
});

void test('regex with a backreference or lookaround: a coded error naming the construct, not a hang', async () => {
  for (const [pattern, what] of [
    ['(q)\\\\1', 'backreference'],
    ['q(?=x)', 'lookaround'],
    ['(?P<a>q)(?P=a)', 'named backreference'],
  ] as const) {
    const dir = workspace({
      'x.peft': tinyExperiment(`lora { target_modules = "${pattern}"  r = 4 }`),
    });
    const r = await cli(['check', 'x.peft'], dir, 5000);
    assert.equal(r.code, 1);
    assert.match(
      r.out,
      new RegExp(
        `error incompatible-option: target_modules: invalid regex .*a ${what} at position \\d+ cannot run in linear time`,
      ),
    );
  }
});

void test('the linear-time engine agrees with Python re on PEFT-style patterns and stays linear on bombs', () => {
  const t = (src: string, s: string, full = true): boolean => {
    const re = full ? fullmatchRe(src) : matchRe(src);
    if (typeof re === 'string') assert.fail(re);
    return re.test(s);
  };
  assert.ok(t('.*\\.(q|v)_proj', 'model.layers.0.self_attn.q_proj'));
  assert.ok(!t('q_proj', 'model.layers.0.self_attn.q_proj'));
  assert.ok(t('model\\.layers\\.[01]\\..*_proj', 'model.layers.1.mlp.up_proj'));
  assert.ok(t('(?P<x>a)b{2,3}', 'abbb') && !t('(?P<x>a)b{2,3}', 'abbbb'));
  assert.ok(t('[^.]*', 'abc', false) && t('\\bq', 'q'));
  const m = matchRe('.*\\.h\\.(\\d+)\\.');
  assert.deepEqual(typeof m !== 'string' && m.exec('transformer.h.11.attn.c_attn'), [
    'transformer.h.11.',
    '11',
  ]);
  const bomb = fullmatchRe('(a*)*(.|.|.|.)*z');
  const t0 = performance.now();
  assert.equal(typeof bomb !== 'string' && bomb.test('a'.repeat(5000)), false);
  assert.ok(performance.now() - t0 < 2000);
  const error = (src: string): string => {
    const re = fullmatchRe(src);
    return typeof re === 'string' ? re : 'compiled';
  };
  assert.match(error('a{100000}'), /repeat count over 1000/);
  assert.match(error('(a{1000}){1000}'), /compiles to more than/);
  assert.match(error('('), /invalid regex "\(": missing \), unterminated subpattern at position 0/);
});

void test('5,000-term operator chain: a coded error at the chain, not a stack overflow (exit 70)', async () => {
  const dir = workspace({ 'x.peft': withSteps(Array(5000).fill('1').join(' + ')) });
  for (const cmd of ['check', 'fmt', 'plan']) {
    const r = await cli([cmd, 'x.peft'], dir, 10000);
    assert.equal(r.code, 1, `${cmd}: ${r.out}${r.err}`);
    assert.match(
      r.out + r.err,
      /x\.peft:4:\d+: error expression-too-large: More than 1000 operators/,
      cmd,
    );
  }
});

void test('deep nesting of signs, brackets and blocks: parse errors, never a crash', async () => {
  for (const deep of [
    '-'.repeat(20000) + '1',
    '('.repeat(20000) + '1' + ')'.repeat(20000),
    '['.repeat(20000) + ']'.repeat(20000),
    '2^'.repeat(20000) + '1',
  ]) {
    const dir = workspace({ 'x.peft': withSteps(deep) });
    const r = await cli(['check', 'x.peft'], dir, 10000);
    assert.equal(r.code, 1, r.out + r.err);
    assert.match(r.out, /error parse-/);
  }
});

void test('custom law math is parsed by check, with the location of the error', async () => {
  const dir = workspace({
    'x.peft': tinyExperiment() + 'law l = fit "E + + ) A*r^-a" (r.eval_loss ~ r)\n',
  });
  const r = await cli(['check', 'x.peft'], dir, 10000);
  assert.equal(r.code, 1);
  assert.match(r.out, /x\.peft:5:20: error invalid-law: Law expression: unexpected '\)'/);
  const deep = workspace({
    'x.peft':
      tinyExperiment() +
      `law l = fit "${'('.repeat(5000)}E${')'.repeat(5000)}" (r.eval_loss ~ r)\n`,
  });
  assert.match(
    (await cli(['check', 'x.peft'], deep, 10000)).out,
    /invalid-law: Law expression: the expression nests deeper than 100 levels/,
  );
});

void test('a file named ...peft: a usage error (exit 2), not an internal error; nothing written', async () => {
  const dir = workspace({ '...peft': tinyExperiment() });
  const before = snapshot(dir);
  for (const cmd of ['status', 'run', 'export']) {
    const r = await cli([cmd, '...peft'], dir, 10000);
    assert.equal(r.code, 2, `${cmd}: ${r.out}${r.err}`);
    assert.match(r.err, /no usable experiment name/);
  }
  assert.deepEqual(snapshot(dir), before);
});

void test('invalid UTF-8 is refused the same way by every command', async () => {
  const dir = workspace({
    'u.peft': Buffer.concat([Buffer.from(tinyExperiment()), Buffer.from([0xff, 0xfe, 0x0a])]),
  });
  for (const cmd of ['check', 'plan', 'fmt', 'status', 'run', 'fit', 'export']) {
    const r = await cli([cmd, 'u.peft'], dir, 10000);
    assert.equal(r.code, 2, `${cmd}: ${r.out}${r.err}`);
    assert.match(r.err, /u\.peft: not valid UTF-8 text/, cmd);
  }
});

void test('integers past 2^53 and numbers past 1.8e308 are refused, not rounded', async () => {
  let r = await cli(
    ['check', 'x.peft'],
    workspace({ 'x.peft': withSteps('9007199254740993') }),
    10000,
  );
  assert.match(r.out, /error parse-invalid-number: '9007199254740993' is above 2\^53/);
  r = await cli(['check', 'x.peft'], workspace({ 'x.peft': withSteps('1e999') }), 10000);
  assert.match(r.out, /error parse-invalid-number: '1e999' is too large/);
  r = await cli(['check', 'x.peft'], workspace({ 'x.peft': withSteps('1e300') }), 10000);
  assert.equal(r.code, 1);
});
