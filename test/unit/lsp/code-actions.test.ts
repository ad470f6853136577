import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { analyzeText } from '../../../language-server/analysis';
import { codeActions } from '../../../language-server/code-actions';
import { diagnostics } from '../../../language-server/diagnostics';

const PRELUDE =
  'model tiny = transformer { width = 64  depth = 2  heads = 2  context = 32 }\ndata task = corpus "moby-dick"\n';

/** Applies the quick fix for the diagnostic with `code` in `input` and compares the fixed text. */
function check(input: string, code: string, expected: string): void {
  const doc = analyzeText(PRELUDE + input);
  const diags = diagnostics(doc).filter((d) => d.code === code);
  assert.ok(diags.length > 0, `no ${code} in ${JSON.stringify(diags.map((d) => d.code))}`);
  const actions = codeActions(doc, diags[0]!.range, { diagnostics: [diags[0]!] });
  assert.equal(actions.length, 1, `one fix for ${code}`);
  const edits = actions[0]!.edit!.changes![doc.uri]!;
  const fixed = TextDocument.applyEdits(TextDocument.create(doc.uri, 'peft', 1, doc.text), edits);
  assert.equal(fixed.slice(PRELUDE.length), expected);
}

const RUN = '\nrun x { model = tiny  data = task  adapter = a }';
void test('quick fix: typo → did you mean', () =>
  check(
    `adapter a = lora { lora_alpah = 16 }${RUN}`,
    'unknown-parameter',
    `adapter a = lora { lora_alpha = 16 }${RUN}`,
  ));
void test('quick fix: unknown method → did you mean', () =>
  check(`adapter a = lroa { r = 4 }${RUN}`, 'unknown-method', `adapter a = lora { r = 4 }${RUN}`));
void test('quick fix: alias → PEFT name', () =>
  check(
    `adapter a = lora { rank = 4 }${RUN}`,
    'parameter-alias',
    `adapter a = lora { r = 4 }${RUN}`,
  ));
void test('quick fix: out of range → nearest valid value', () =>
  check(
    `adapter a = lora { lora_dropout = 1.5 }${RUN}`,
    'out-of-range',
    `adapter a = lora { lora_dropout = 0.99 }${RUN}`,
  ));
void test('quick fix: out of range int → bound', () =>
  check(`adapter a = lora { r = 0 }${RUN}`, 'out-of-range', `adapter a = lora { r = 1 }${RUN}`));
void test('quick fix: incompatible option → remove', () =>
  check(
    `adapter a = allora { r = 4 lora_dropout = 0.1 }${RUN}`,
    'incompatible-option',
    `adapter a = allora { r = 4  }${RUN}`,
  ));
void test('quick fix: missing required → insert', () =>
  check(
    'adapter a = lora { }\nrun x { model = tiny  adapter = a }',
    'missing-required',
    'adapter a = lora { }\nrun x {\n  data =  model = tiny  adapter = a }',
  ));

void test('quick fix: none for diagnostics without a fix, none when only other kinds are asked', () => {
  const doc = analyzeText(`${PRELUDE}adapter a = lora { lora_alpah = 16 }${RUN}`);
  const d = diagnostics(doc).find((x) => x.code === 'unknown-parameter')!;
  assert.deepEqual(codeActions(doc, d.range, { diagnostics: [d], only: ['refactor'] }), []);
  assert.deepEqual(
    codeActions(doc, d.range, {
      diagnostics: [{ ...d, data: undefined, code: 'unused-declaration' }],
    }),
    [],
  );
});
