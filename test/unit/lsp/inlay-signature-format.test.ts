import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeText } from '../../../language-server/analysis';
import { formatting } from '../../../language-server/formatting';
import { format } from '../../../core/dsl';
import { inlayHints } from '../../../language-server/inlay-hints';
import { documentSymbols } from '../../../language-server/document-symbols';
import { signatureHelp } from '../../../language-server/signature-help';
import { EMPTY_STORE } from '../../../store/view';
import { BASE, docAt } from './helpers/marked';
import { powerFit, storeWith } from './helpers/fits';

const WHOLE = { start: { line: 0, character: 0 }, end: { line: 1000, character: 0 } };

function hintsAfter(text: string, store = EMPTY_STORE): Array<[string, string]> {
  const doc = analyzeText(text);
  return inlayHints(doc, store, WHOLE).map((h) => {
    const o = doc.lines.offsetAt(h.position);
    return [
      doc.text.slice(Math.max(0, o - 8), o),
      typeof h.label === 'string' ? h.label : h.label.map((p) => p.value).join(''),
    ];
  });
}

void test('inlay hints: trainable params after the adapter and trial count after the sweep', () => {
  const hints = hintsAfter(BASE);
  assert.equal(hints.length, 2);
  // q and v in 2 layers = 4 sites of 64→64; the run sweeps r over 2..8: 4·r·(64 + 64) = 1024 … 4096.
  assert.match(hints[0]![1], /^1\.02k–4\.1k trainable \([\d.]+%\)$/);
  assert.equal(hints[0]![0], 'a = 16 }');
  assert.deepEqual(hints[1], ['2, 4, 8]', '3 values · 3 trials']);
});

void test('inlay hints: predicted metric after each sweep value once the law is fitted', () => {
  const preds = hintsAfter(BASE, storeWith([powerFit()])).filter(([, l]) => l.startsWith('≈'));
  // 2 + 4/√r at r = 2, 4, 8
  assert.deepEqual(
    preds.map(([, l]) => l),
    ['≈4.83', '≈4.00', '≈3.41'],
  );
});

void test('inlay hints: only inside the requested range', () => {
  const doc = analyzeText(BASE);
  assert.deepEqual(
    inlayHints(doc, EMPTY_STORE, {
      start: { line: 8, character: 0 },
      end: { line: 9, character: 0 },
    }),
    [],
  );
});

function checkSig(input: string, label: RegExp | null, active?: number): void {
  const { doc, position } = docAt(input);
  const s = signatureHelp(doc, position);
  if (label === null) return assert.equal(s, null);
  assert.ok(s, `signature for ${input}`);
  assert.match(s.signatures[0]!.label, label);
  assert.equal(s.activeParameter, active);
}

void test('signature help: sweep constructors and law forms with the active parameter', () => {
  checkSig('run x { lr = log(|', /^log\(from \.\. to, count\)/, 0);
  checkSig('run x { lr = log(1e-4 .. 1e-2, |', /^log/, 1);
  checkSig('run x { r = zip(r = [1, 2], |', /^zip/, 1);
  checkSig('run x { lr = random(loguniform(|', /^loguniform/, 0);
  checkSig('run x { lr = random(loguniform(1 .. 2), |', /^random/, 1);
  checkSig('law l = chinchilla(x.eval_loss ~ N, |', /^chinchilla\(run\.metric ~ N, D\)/, 2);
  checkSig('law l = power(|', /^power\(run\.metric ~ x\)/, 0);
  checkSig('run x { lr = [1, |', null);
  checkSig('run x { lr = log(1 .. 2, 3) }\n|', null);
});

void test('formatting: the core formatter as one minimal edit, nothing when formatted or broken', () => {
  const doc = analyzeText('model m = transformer {   \n  width = 64  \n}\n\n\n');
  const edits = formatting(doc, { tabSize: 2, insertSpaces: true });
  assert.equal(edits.length, 1);
  const edit = edits[0]!;
  const start = doc.lines.offsetAt(edit.range.start);
  const end = doc.lines.offsetAt(edit.range.end);
  const applied = doc.text.slice(0, start) + edit.newText + doc.text.slice(end);
  assert.equal(applied, format(doc.text).text);
  assert.deepEqual(formatting(analyzeText(applied), { tabSize: 2, insertSpaces: true }), []);
  assert.deepEqual(
    formatting(analyzeText('model m = transformer {  \n'), { tabSize: 2, insertSpaces: true }),
    [],
  );
});

void test('a search run: the sweep hint names the search, the outline its trials', () => {
  const text = BASE.replace('steps = 20', 'steps = 20  search = tpe { trials = 12 }');
  const hints = hintsAfter(text);
  assert.deepEqual(hints.at(-1), ['2, 4, 8]', '3 values · tpe search']);
  const run = documentSymbols(analyzeText(text)).find((s) => s.name === 'ranks')!;
  assert.equal(run.detail, 'run · tpe search, 12 trials');
});
