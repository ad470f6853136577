import { test } from 'node:test';
import assert from 'node:assert/strict';
import { definition, prepareRename, references, rename } from '../../../language-server/navigation';
import { marked } from './helpers/marked';
import { analyzeText } from '../../../language-server/analysis';

/**
 * `input` marks the cursor with `|` and every expected occurrence with `[[…]]`; checks
 * definition (the first occurrence is the declaration), references and rename.
 */
function check(input: string): void {
  const spans: Array<[number, number]> = [];
  let clean = '';
  for (let i = 0; i < input.length; i++) {
    if (input.startsWith('[[', i)) {
      const end = input.indexOf(']]', i);
      spans.push([clean.length, clean.length + (end - i - 2)]);
      clean += input.slice(i + 2, end);
      i = end + 1;
    } else clean += input[i];
  }
  // Markers inside spans shift offsets; only one `|`, placed after span markers are removed.
  const { text, offsets } = marked(clean);
  const cursor = offsets[0]!;
  const fixed = spans.map(([s, e]) =>
    s >= cursor ? [s - 1, e - 1] : e > cursor ? [s, e - 1] : [s, e],
  );
  const doc = analyzeText(text);
  const pos = doc.lines.positionAt(cursor);
  const asOffsets = (
    ls: Array<{
      range: {
        start: { line: number; character: number };
        end: { line: number; character: number };
      };
    }>,
  ) => ls.map((l) => [doc.lines.offsetAt(l.range.start), doc.lines.offsetAt(l.range.end)]);
  const def = definition(doc, pos);
  assert.ok(def, 'definition found');
  assert.deepEqual(asOffsets([def]), [fixed[0]]);
  assert.deepEqual(asOffsets(references(doc, pos, true)), fixed);
  assert.deepEqual(asOffsets(references(doc, pos, false)), fixed.slice(1));
  const name = text.slice(fixed[0]![0], fixed[0]![1]);
  assert.equal(prepareRename(doc, pos)?.placeholder, name);
  const edit = rename(doc, pos, 'renamed');
  const edits = edit?.changes?.[doc.uri] ?? [];
  assert.equal(edits.length, fixed.length);
  assert.ok(edits.every((e) => e.newText === 'renamed'));
}

void test('navigation: from a reference', () =>
  check(
    'model [[tiny]] = transformer { }\nrun a { model = [[ti|ny]] }\nrun b { model = [[tiny]] }',
  ));
void test('navigation: from the declaration', () =>
  check(
    'adapter [[lo|ra]] = lora { r = 2 }\nadapter b = allora { r = [[lora]].r }\nrun x { adapter = sweep [ [[lora]], b] }',
  ));
void test('navigation: laws and predicts', () =>
  check('run [[ranks]] { }\nlaw l = power([[ran|ks]].eval_loss ~ r)'));

void test('navigation: nothing on a catalog name, rename refuses a bad or taken name', () => {
  const doc = analyzeText(
    'model tiny = transformer { }\nmodel other = mlp { }\nrun a { model = tiny }',
  );
  assert.equal(definition(doc, { line: 0, character: 16 }), null);
  assert.equal(prepareRename(doc, { line: 0, character: 16 }), null);
  assert.throws(() => rename(doc, { line: 0, character: 7 }, '9bad'), /not a valid block name/);
  assert.throws(() => rename(doc, { line: 0, character: 7 }, 'other'), /already exists/);
});
