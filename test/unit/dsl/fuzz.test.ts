import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { exampleFiles } from '../../helpers/examples';
import { parse } from '../../../core/dsl/parser';
import { format } from '../../../core/dsl/format';
import { analyze } from '../../../core/plan/analyze';
import { mulberry32 } from '../../../core/plan/axes';

const corpus = exampleFiles().map((f) => readFileSync(f, 'utf8'));
const ALPHABET = ' \n\t{}[]()=,.~+-*/^#"\'%0123456789eEkMBabcxyz_~§\u0000\uD800\u00e9';

function mutate(text: string, rand: () => number): string {
  let s = text;
  const edits = 1 + Math.floor(rand() * 6);
  for (let i = 0; i < edits; i++) {
    const at = Math.floor(rand() * (s.length + 1));
    const op = rand();
    if (op < 0.4) s = s.slice(0, at) + s.slice(at + 1 + Math.floor(rand() * 8));
    else if (op < 0.8)
      s = s.slice(0, at) + ALPHABET[Math.floor(rand() * ALPHABET.length)]! + s.slice(at);
    else {
      const from = Math.floor(rand() * s.length);
      s = s.slice(0, at) + s.slice(from, from + Math.floor(rand() * 40)) + s.slice(at);
    }
  }
  return s;
}

function randomText(rand: () => number): string {
  let s = '';
  const n = Math.floor(rand() * 300);
  for (let i = 0; i < n; i++)
    s +=
      rand() < 0.1
        ? String.fromCharCode(Math.floor(rand() * 0xffff))
        : ALPHABET[Math.floor(rand() * ALPHABET.length)]!;
  return s;
}

function checkAll(text: string): void {
  const p = parse(text);
  for (const e of p.errors)
    assert.ok(
      e.range.start >= 0 && e.range.start <= e.range.end && e.range.end <= text.length,
      `bad range in ${JSON.stringify(text.slice(0, 80))}`,
    );
  const a = analyze(text, { maxTrials: 200 });
  for (const d of a.diagnostics) {
    assert.ok(
      d.range.start >= 0 && d.range.start <= d.range.end && d.range.end <= text.length,
      `bad range ${d.code}`,
    );
    assert.notEqual(d.code, 'internal-error', `${d.message} in ${JSON.stringify(text)}`);
  }
  const f = format(text);
  if (f.errors.length === 0) assert.equal(format(f.text).text, f.text, 'format not idempotent');
}

// A fixed number of cases, not a time budget: on a loaded machine a deadline ran too few cases to
// mean anything. A case that hangs (the bug class this finds) fails on the test's timeout.
void test(
  'fuzz: mutated examples and random text never throw, ranges stay valid (seeded, 400 cases)',
  { timeout: 600_000 },
  () => {
    const rand = mulberry32(20261126);
    for (let cases = 0; cases < 400; cases++) {
      const text =
        rand() < 0.8 ? mutate(corpus[Math.floor(rand() * corpus.length)]!, rand) : randomText(rand);
      checkAll(text);
    }
  },
);

void test('binary junk and edge inputs', () => {
  for (const t of [
    '',
    '\u0000\u0001\u0002',
    '"',
    '#',
    '{',
    '}',
    'model',
    'model m =',
    'run r {',
    '\uFEFFmodel m = transformer {}',
    'law',
    'predict',
    '1e',
    '..',
    '\r\n\r',
  ])
    checkAll(t);
});
