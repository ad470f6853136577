/** Every feature at every position of every example file: nothing throws, outlines are complete. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { analyzeText } from '../../../language-server/analysis';
import { completion } from '../../../language-server/completion';
import { documentSymbols } from '../../../language-server/document-symbols';
import { foldingRanges } from '../../../language-server/folding';
import { hover } from '../../../language-server/hover';
import { inlayHints } from '../../../language-server/inlay-hints';
import { definition } from '../../../language-server/navigation';
import { semanticTokens } from '../../../language-server/semantic-tokens';
import { signatureHelp } from '../../../language-server/signature-help';
import { EMPTY_STORE } from '../../../store/view';
import { EXAMPLES_DIR, exampleFiles } from '../../helpers/examples';

const files = exampleFiles().map((f) => path.basename(f));
const dir = EXAMPLES_DIR;

void test('examples: at least one example exists', () => assert.ok(files.length > 0));

for (const f of files) {
  void test(`examples: every feature on ${f}`, () => {
    const text = readFileSync(path.join(dir, f), 'utf8');
    const doc = analyzeText(text, `file:///examples/${f}`);
    const symbols = documentSymbols(doc);
    assert.equal(symbols.length, doc.analysis.ast.declarations.length);
    assert.equal(semanticTokens(doc).data.length % 5, 0);
    foldingRanges(doc);
    inlayHints(doc, EMPTY_STORE, {
      start: { line: 0, character: 0 },
      end: doc.lines.positionAt(text.length),
    });
    let hovers = 0;
    for (let o = 0; o <= text.length; o += 3) {
      const p = doc.lines.positionAt(o);
      if (hover(doc, EMPTY_STORE, p)) hovers++;
      completion(doc, p);
      signatureHelp(doc, p);
      definition(doc, p);
    }
    assert.ok(hovers > 0, `some hovers on ${f}`);
  });
}
