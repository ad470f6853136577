// "Insert suggested trials" through the language service façade: offered on a predict line of a
// fitted law (from the store view the host passes), resolved into an edit that inserts the same
// run block `peft suggest` prints, after the law's run; disabled with the reason when it cannot.
import assert from 'node:assert/strict';
import test from 'node:test';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { fitPlanLaws } from '../../../core/laws/fit-plan';
import { analyze } from '../../../core/plan/analyze';
import { createPeftLanguageService } from '../../../language-server/service';
import { SUGGEST_TITLE } from '../../../language-server/suggest-action';
import type { StoreView } from '../../../store/view';
import { SUGGEST_FILE, resultsOf } from '../search/suggest-fixture';

const uri = 'file:///w/demo.peft';
const doc = { uri, version: 1, getText: () => SUGGEST_FILE };

function viewWith(upTo: number): StoreView {
  const { plan } = analyze(SUGGEST_FILE, { experiment: 'demo' });
  const fits = fitPlanLaws(plan, resultsOf(plan.runs[0]!.trials, upTo));
  return { finishedTrials: 6, fits: { version: 1, experiment: 'demo', created: '', fits } };
}

const lines = SUGGEST_FILE.split('\n');
const predictLine = lines.findIndex((l) => l.startsWith('predict'));
const at = (line: number) => ({ start: { line, character: 2 }, end: { line, character: 2 } });

void test('on a predict line of a fitted law: offered, then resolved into the suggested run block', () => {
  const service = createPeftLanguageService({ storeView: () => viewWith(32) });
  const offered = service
    .codeActions(doc, at(predictLine), { diagnostics: [] })
    .filter((a) => a.title === SUGGEST_TITLE);
  assert.equal(offered.length, 1);
  assert.equal(offered[0]!.edit, undefined, 'the design runs only when chosen');
  const resolved = service.resolveCodeAction(doc, offered[0]!);
  const edits = resolved.edit!.changes![uri]!;
  const text = TextDocument.applyEdits(TextDocument.create(uri, 'peft', 1, SUGGEST_FILE), edits);
  assert.match(text, /\n\}\n\n# Suggested by peft suggest for rank_law at r = 256/);
  const after = analyze(text, { experiment: 'demo' });
  assert.deepEqual(after.diagnostics, [], 'check-clean');
  const added = after.plan.runs.find((r) => r.name === 'ranks_next')!;
  assert.equal(added.trials.length, 3);
  assert.ok(text.indexOf('run ranks_next') < text.indexOf('law rank_law'), 'after the law’s run');
  const lawLine = lines.findIndex((l) => l.startsWith('law'));
  assert.equal(
    service
      .codeActions(doc, at(lawLine), { diagnostics: [] })
      .filter((a) => a.title === SUGGEST_TITLE).length,
    1,
    'also on the law line',
  );
  assert.equal(
    service.codeActions(doc, at(0), { diagnostics: [] }).filter((a) => a.title === SUGGEST_TITLE)
      .length,
    0,
    'not elsewhere',
  );
  assert.equal(
    service.codeActions(doc, at(predictLine), { diagnostics: [], only: ['quickfix'] }).length,
    0,
    'not when only quick fixes are asked for',
  );
});

void test('without a fit nothing is offered; with too few points the action is disabled with why', () => {
  const none = createPeftLanguageService({ storeView: () => ({ finishedTrials: 0 }) });
  assert.equal(none.codeActions(doc, at(predictLine), { diagnostics: [] }).length, 0);
  const few = createPeftLanguageService({ storeView: () => viewWith(4) });
  const [offered] = few.codeActions(doc, at(predictLine), { diagnostics: [] });
  const resolved = few.resolveCodeAction(doc, offered!);
  assert.equal(resolved.edit, undefined);
  assert.match(resolved.disabled!.reason, /has 3 finished trial\(s\); a design needs more than 3/);
});
