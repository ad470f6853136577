import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeText } from '../../../language-server/analysis';
import { documentSymbols } from '../../../language-server/document-symbols';
import { foldingRanges } from '../../../language-server/folding';
import { rawTokens, semanticTokens } from '../../../language-server/semantic-tokens';
import { BASE } from './helpers/marked';

void test('document symbols: one per declaration, detail starts with the keyword, entries as children', () => {
  const symbols = documentSymbols(analyzeText(BASE));
  assert.deepEqual(
    symbols.map((s) => [s.name, s.detail]),
    [
      ['task', 'data · corpus "moby-dick"'],
      ['tiny', 'model · transformer'],
      ['lora', 'adapter · lora'],
      ['ranks', 'run · 3 trials'],
      ['rank_law', 'law · power'],
      ['predict rank_law', 'predict'],
    ],
  );
  assert.deepEqual(
    symbols[3]!.children!.map((c) => c.name),
    ['model', 'data', 'adapter', 'r', 'steps', 'batch'],
  );
  for (const s of symbols) {
    const inside = (
      a: { line: number; character: number },
      b: { line: number; character: number },
    ) => a.line < b.line || (a.line === b.line && a.character <= b.character);
    assert.ok(
      inside(s.range.start, s.selectionRange.start) && inside(s.selectionRange.end, s.range.end),
      `${s.name}: selection inside range`,
    );
  }
});

void test('folding: multi-line blocks and comment runs, closing line left visible', () => {
  const text =
    '# a\n# b\n# c\nmodel m = transformer {\n  width = 64\n  depth = 2\n}\nrun x { steps = 1 }\n';
  const ranges = foldingRanges(analyzeText(text)).map((r) => [
    r.startLine,
    r.endLine,
    r.kind ?? '',
  ]);
  assert.deepEqual(ranges, [
    [0, 2, 'comment'],
    [3, 5, ''],
  ]);
});

void test('semantic tokens: kinds by role, sorted, non-overlapping, one line each', () => {
  const doc = analyzeText(
    'model tiny = transformer { width = 64 }  # c\nrun r { model = tiny  metric = eval_loss }',
  );
  const toks = rawTokens(doc).map((t) => [doc.text.slice(t.start, t.end), t.type]);
  assert.deepEqual(toks, [
    ['model', 'keyword'],
    ['tiny', 'variable'],
    ['transformer', 'type'],
    ['width', 'property'],
    ['64', 'number'],
    ['# c', 'comment'],
    ['run', 'keyword'],
    ['r', 'variable'],
    ['model', 'property'],
    ['tiny', 'variable'],
    ['metric', 'property'],
    ['eval_loss', 'enumMember'],
  ]);
  const data = semanticTokens(doc).data;
  assert.equal(data.length, toks.length * 5);
  assert.deepEqual(data.slice(0, 10), [0, 0, 5, 0, 0, 0, 6, 4, 1, 1]);
});
