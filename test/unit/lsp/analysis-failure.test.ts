/** An analyzer that throws still yields a document the features can read, with the failure shown. */
import assert from 'node:assert/strict';
import test from 'node:test';
import { analyzeText } from '../../../language-server/analysis';

void test('a throwing analyzer gives an empty tree and one internal-error diagnostic naming the error', () => {
  const doc = analyzeText('model m = transformer {}\n', 'file:///w/ranks.peft', () => {
    throw new Error('stack exhausted');
  });
  assert.equal(doc.experiment, 'ranks');
  assert.deepEqual(doc.analysis.ast.declarations, []);
  assert.equal(doc.analysis.diagnostics.length, 1);
  assert.equal(doc.analysis.diagnostics[0]!.code, 'internal-error');
  assert.match(doc.analysis.diagnostics[0]!.message, /stack exhausted/);
});
