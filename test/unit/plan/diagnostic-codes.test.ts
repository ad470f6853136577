import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DiagnosticCodes } from '../../../core/dsl/diagnostics';
import { BASE, run } from './fixture';

/** code → [file text, options?, text the diagnostic's range must cover?] */
const FIXTURES: Record<
  string,
  { text: string; maxTrials?: number; covers?: string; fix?: string }
> = {
  [DiagnosticCodes.invalidCharacter]: {
    text: BASE + 'model m = transformer { width = 64 § }\n',
    covers: '§',
  },
  [DiagnosticCodes.invalidSearch]: {
    text: BASE.replace('steps = 10', 'steps = 10  r = sweep [4, 8]  search = tpo { trials = 4 }'),
    covers: 'tpo',
    fix: 'tpe',
  },
  [DiagnosticCodes.unterminatedString]: { text: BASE + 'data d = corpus "sotu\n', covers: '"sotu' },
  [DiagnosticCodes.invalidNumber]: {
    text: BASE + 'model m = transformer { width = 12abc }\n',
    covers: '12abc',
  },
  [DiagnosticCodes.expectedToken]: { text: BASE + 'model m transformer {}\n' },
  [DiagnosticCodes.unexpectedToken]: { text: BASE + 'model m = transformer { ) }\n', covers: ')' },
  [DiagnosticCodes.unclosedBracket]: { text: BASE + 'model m = transformer { width = 64\n' },
  [DiagnosticCodes.unknownDeclaration]: {
    text: BASE + 'modle m = transformer {}\n',
    covers: 'modle',
    fix: 'model',
  },
  [DiagnosticCodes.undefinedReference]: {
    text: BASE.replace('model = tiny', 'model = tiyn'),
    covers: 'tiyn',
    fix: 'tiny',
  },
  [DiagnosticCodes.duplicateName]: { text: BASE + 'model tiny = transformer {}\n' },
  [DiagnosticCodes.duplicateKey]: {
    text: BASE.replace('width = 32', 'width = 32 width = 48'),
    covers: 'width',
  },
  [DiagnosticCodes.cyclicReference]: {
    text:
      BASE +
      'adapter c = lora { r = lora_alpha  lora_alpha = r }\nrun g5 { model = tiny data = task adapter = c }\n',
  },
  [DiagnosticCodes.wrongKind]: { text: BASE.replace('model = tiny', 'model = task') },
  [DiagnosticCodes.unknownParameter]: {
    text: BASE.replace('r = 4', 'rr = 4'),
    covers: 'rr',
    fix: 'r',
  },
  [DiagnosticCodes.parameterAlias]: {
    text: BASE.replace('r = 4', 'lora_r = 4'),
    covers: 'lora_r',
    fix: 'r',
  },
  [DiagnosticCodes.unknownMethod]: {
    text: BASE.replace('= lora {', '= lroa {'),
    covers: 'lroa',
    fix: 'lora',
  },
  [DiagnosticCodes.unknownModelFamily]: {
    text: BASE.replace('= transformer', '= transfomer'),
    covers: 'transfomer',
    fix: 'transformer',
  },
  [DiagnosticCodes.unknownCorpus]: {
    text: BASE.replace('"moby-dick"', '"moby-dik"'),
    covers: '"moby-dik"',
  },
  [DiagnosticCodes.unknownOptimizer]: {
    text: BASE.replace('steps = 10', 'steps = 10 optimizer = adamx { lr = 1e-3 }'),
    covers: 'adamx',
    fix: 'adamw',
  },
  [DiagnosticCodes.unknownSchedule]: {
    text: BASE.replace('steps = 10', 'steps = 10 schedule = cosin'),
    fix: 'cosine',
  },
  [DiagnosticCodes.unknownLawForm]: {
    text: BASE.replace('power(', 'powr('),
    covers: 'powr',
    fix: 'power',
  },
  [DiagnosticCodes.unknownEnumValue]: {
    text: BASE.replace('r = 4', 'r = 4 init_lora_weights = "pisa"'),
    covers: '"pisa"',
    fix: 'pissa',
  },
  [DiagnosticCodes.typeMismatch]: { text: BASE.replace('r = 4', 'r = "four"'), covers: '"four"' },
  [DiagnosticCodes.outOfRange]: {
    text: BASE.replace('r = 4', 'r = 4 lora_dropout = 1.5'),
    covers: '1.5',
  },
  [DiagnosticCodes.notInteger]: { text: BASE.replace('r = 4', 'r = 2.5'), covers: '2.5', fix: '3' },
  [DiagnosticCodes.incompatibleOption]: {
    text:
      BASE +
      'adapter al = allora { lora_dropout = 0.1 }\nrun g2 { model = tiny data = task adapter = al }\n',
    covers: 'lora_dropout',
  },
  [DiagnosticCodes.missingRequired]: { text: BASE.replace('adapter = lo', '') },
  [DiagnosticCodes.notRunnable]: {
    text: BASE + 'adapter b = bitfit {}\nrun g6 { model = tiny data = task adapter = b }\n',
    covers: 'bitfit',
  },
  [DiagnosticCodes.divisionByZero]: {
    text: BASE.replace('lora_alpha = 8', 'lora_alpha = 8 / 0'),
    covers: '0',
  },
  [DiagnosticCodes.invalidSweep]: {
    text: BASE.replace('steps = 10', 'steps = 10 lr = log(0.1, 3)'),
  },
  [DiagnosticCodes.tooManyTrials]: {
    text: BASE.replace('steps = 10', 'steps = 10 r = sweep [1, 2, 3, 4]'),
    maxTrials: 3,
    covers: 'go',
  },
  [DiagnosticCodes.zipLengthMismatch]: {
    text: BASE.replace('steps = 10', 'steps = 10 pair = zip(r = [2, 4], lora_alpha = [8])'),
  },
  [DiagnosticCodes.earlyStopRungs]: {
    text: BASE.replace(
      'steps = 10',
      'steps = 90 eval_every = 10 early_stop = asha { min_steps = 15 }',
    ),
    covers: 'asha { min_steps = 15 }',
  },
  [DiagnosticCodes.emptySweep]: { text: BASE.replace('steps = 10', 'steps = 10 r = sweep []') },
  [DiagnosticCodes.unknownFunction]: {
    text: BASE.replace('steps = 10', 'steps = 10 r = lgo(2 .. 8, 3)'),
    covers: 'lgo',
    fix: 'log',
  },
  [DiagnosticCodes.estimateFailed]: { text: BASE.replace('heads = 2', 'heads = 3') },
  [DiagnosticCodes.invalidLaw]: { text: BASE.replace('~ r)', '~ r, steps)') },
  [DiagnosticCodes.invalidPredict]: { text: BASE + 'predict l at q = [1, 2]\n', covers: 'q' },
  [DiagnosticCodes.unusedDeclaration]: {
    text: BASE + 'data spare = corpus "sotu"\n',
    covers: 'spare',
  },
  [DiagnosticCodes.largeScale]: { text: BASE.replace('r = 4  lora_alpha = 8', 'r = 64') },
  [DiagnosticCodes.expressionTooLarge]: {
    text: BASE + `model m = transformer { width = ${Array(1200).fill('1').join(' + ')} }\n`,
  },
};

void test('the base fixture is clean', () => {
  assert.deepEqual(run(BASE).diagnostics, []);
});

/** Codes whose fixtures need more than a text (a config file, a broken check): tested where named. */
const ELSEWHERE: Record<string, string> = {
  [DiagnosticCodes.internalError]: 'test/unit/plan/guarded-checks.test.ts',
  ...Object.fromEntries(
    Object.values(DiagnosticCodes)
      .filter((c) => c.startsWith('hf-'))
      .map((c) => [c, 'test/unit/hf/check.test.ts']),
  ),
  ...Object.fromEntries(
    Object.values(DiagnosticCodes)
      .filter((c) => c.startsWith('data-file-'))
      .map((c) => [c, 'test/unit/plan/data-files.test.ts']),
  ),
};

void test('every diagnostic code has a fixture', () => {
  for (const code of Object.values(DiagnosticCodes))
    assert.ok(FIXTURES[code] ?? ELSEWHERE[code], `no fixture for ${code}`);
});

void test('the codes tested elsewhere are asserted there', () => {
  for (const [code, file] of Object.entries(ELSEWHERE))
    assert.ok(
      readFileSync(join(__dirname, '..', '..', '..', file), 'utf8').includes(`'${code}'`),
      `${file} does not assert ${code}`,
    );
});

for (const [code, f] of Object.entries(FIXTURES)) {
  void test(`fixture triggers ${code}`, () => {
    const r = run(f.text, f.maxTrials ? { maxTrials: f.maxTrials } : {});
    const hit = r.diagnostics.filter((d) => d.code === code);
    assert.ok(
      hit.length > 0,
      `${code} not reported; got ${r.diagnostics.map((d) => d.code).join(', ')}`,
    );
    for (const d of hit) {
      assert.ok(
        d.range.start >= 0 && d.range.end >= d.range.start && d.range.end <= f.text.length,
        `bad range for ${code}`,
      );
      assert.ok(d.message.length > 10);
    }
    if (f.covers)
      assert.ok(
        hit.some((d) => f.text.slice(d.range.start, d.range.end) === f.covers),
        `${code} range should cover ${f.covers}; got ${hit.map((d) => JSON.stringify(f.text.slice(d.range.start, d.range.end))).join(', ')}`,
      );
    if (f.fix)
      assert.ok(
        hit.some((d) => d.data && 'text' in d.data && d.data.text === f.fix),
        `${code} should offer fix ${f.fix}; got ${JSON.stringify(hit.map((d) => d.data))}`,
      );
  });
}

void test('severities: aliases warn, unused hints, errors are errors', () => {
  const sev = (code: string): string | undefined =>
    run(FIXTURES[code]!.text).diagnostics.find((d) => d.code === code)?.severity;
  assert.equal(sev(DiagnosticCodes.parameterAlias), 'warning');
  assert.equal(sev(DiagnosticCodes.unusedDeclaration), 'hint');
  assert.equal(sev(DiagnosticCodes.unknownParameter), 'error');
});

void test('an alias still takes effect under its PEFT name', () => {
  const r = run(BASE.replace('r = 4', 'lora_r = 16'));
  assert.equal(r.plan.runs[0]!.trials[0]!.config.adapter.params.r, 16);
});
