/**
 * Every feature over real JSON-RPC: the server process is spawned and driven by a real client
 * connection; inputs are data-driven with cursor markers like the unit tests.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { LspClient } from './helpers/lsp-client';
import { BASE, marked } from './helpers/marked';

let client: LspClient;
let capabilities: Record<string, unknown>;
let n = 0;

before(async () => {
  const started = await LspClient.start({ initializationOptions: { diagnosticsDelayMs: 5 } });
  client = started.client;
  capabilities = started.init.capabilities as Record<string, unknown>;
});
after(async () => client.stop());

/** Opens `input` (markers removed) as a fresh document; returns its uri and the marker positions. */
async function openMarked(input: string) {
  const { text, offsets } = marked(input);
  const uri = `file:///rpc/doc${n++}.peft`;
  const lines = text.split('\n');
  const pos = (o: number) => {
    const before = text.slice(0, o).split('\n');
    return { line: before.length - 1, character: before[before.length - 1]!.length };
  };
  const published = client.nextDiagnostics(uri, 1);
  await client.open(uri, text);
  return { uri, text, lines, positions: offsets.map(pos), published };
}

const at = (needle: string, text = BASE) =>
  `${text.slice(0, text.indexOf(needle) + 1)}|${text.slice(text.indexOf(needle) + 1)}`;

void test('rpc: the exact server capabilities', () => {
  assert.deepEqual(Object.keys(capabilities).sort(), [
    'codeActionProvider',
    'completionProvider',
    'definitionProvider',
    'documentFormattingProvider',
    'documentSymbolProvider',
    'foldingRangeProvider',
    'hoverProvider',
    'inlayHintProvider',
    'referencesProvider',
    'renameProvider',
    'semanticTokensProvider',
    'signatureHelpProvider',
    'textDocumentSync',
  ]);
  assert.deepEqual(capabilities.textDocumentSync, { openClose: true, change: 2 });
});

void test('rpc: diagnostics are pushed with the document version and stable codes', async () => {
  const d = await openMarked('adapter a = lora { lora_alpah = 16 }\nfoo');
  const p = await d.published;
  assert.equal(p.version, 1);
  assert.deepEqual(
    p.diagnostics.map((x) => x.code).filter((c) => c !== 'unused-declaration'),
    ['unknown-parameter', 'parse-unknown-declaration'],
  );
});

const FEATURE_CASES: Array<[string, string, string, unknown, (r: unknown) => void]> = [
  [
    'completion',
    'adapter a = lora { | }',
    'textDocument/completion',
    {},
    (r) => assert.ok((r as Array<{ label: string }>).some((i) => i.label === 'lora_alpha')),
  ],
  [
    'hover',
    'adapter a = lora { |r = 4 }',
    'textDocument/hover',
    {},
    (r) => assert.match(JSON.stringify(r), /Rank/),
  ],
  [
    'definition',
    'model tiny = transformer { }\nrun x { model = ti|ny }',
    'textDocument/definition',
    {},
    (r) =>
      assert.deepEqual((r as { range: unknown }).range, {
        start: { line: 0, character: 6 },
        end: { line: 0, character: 10 },
      }),
  ],
  [
    'references',
    'model tiny = transformer { }\nrun x { model = ti|ny }\nrun y { model = tiny }',
    'textDocument/references',
    { context: { includeDeclaration: true } },
    (r) => assert.equal((r as unknown[]).length, 3),
  ],
  [
    'prepareRename',
    'model ti|ny = transformer { }',
    'textDocument/prepareRename',
    {},
    (r) => assert.equal((r as { placeholder: string }).placeholder, 'tiny'),
  ],
  [
    'rename',
    'model ti|ny = transformer { }\nrun x { model = tiny }',
    'textDocument/rename',
    { newName: 'small' },
    (r) =>
      assert.equal(
        Object.values((r as { changes: Record<string, unknown[]> }).changes)[0]!.length,
        2,
      ),
  ],
  [
    'signatureHelp',
    'run x { lr = log(1 .. 2, |',
    'textDocument/signatureHelp',
    {},
    (r) => assert.equal((r as { activeParameter: number }).activeParameter, 1),
  ],
];

for (const [name, input, method, extra, expect] of FEATURE_CASES) {
  void test(`rpc: ${name}`, async () => {
    const d = await openMarked(input);
    const r = await client.request(method, {
      textDocument: { uri: d.uri },
      position: d.positions[0],
      ...(extra as object),
    });
    expect(r);
  });
}

void test('rpc: rename to an invalid name is a protocol error', async () => {
  const d = await openMarked('model ti|ny = transformer { }');
  await assert.rejects(
    client.request('textDocument/rename', {
      textDocument: { uri: d.uri },
      position: d.positions[0],
      newName: '1x',
    }),
    /not a valid block name/,
  );
});

void test('rpc: whole-document features on the base file', async () => {
  const d = await openMarked(BASE);
  const doc = { textDocument: { uri: d.uri } };
  const symbols = await client.request<Array<{ name: string; detail: string }>>(
    'textDocument/documentSymbol',
    doc,
  );
  assert.deepEqual(
    symbols.map((s) => s.detail.split(' ')[0]),
    ['data', 'model', 'adapter', 'run', 'law', 'predict'],
  );
  const folds = await client.request<unknown[]>('textDocument/foldingRange', doc);
  assert.ok(folds.length >= 1);
  const tokens = await client.request<{ data: number[] }>('textDocument/semanticTokens/full', doc);
  assert.equal(tokens.data.length % 5, 0);
  assert.ok(tokens.data.length > 50);
  const hints = await client.request<Array<{ label: string }>>('textDocument/inlayHint', {
    ...doc,
    range: { start: { line: 0, character: 0 }, end: { line: 20, character: 0 } },
  });
  assert.ok(hints.some((h) => h.label === '3 values · 3 trials'));
  const fmt = await client.request<Array<{ newText: string }>>('textDocument/formatting', {
    ...doc,
    options: { tabSize: 2, insertSpaces: true },
  });
  // BASE is written compactly; the core formatter lays it out one entry per line, in one edit.
  assert.equal(fmt.length, 1);
  assert.ok(fmt[0]!.newText.includes('\n  r = sweep [2, 4, 8]\n'), fmt[0]!.newText);
});

void test('rpc: code action from the pushed diagnostic', async () => {
  const d = await openMarked('adapter a = lora { rank = 4 }');
  const p = await d.published;
  const diag = p.diagnostics.find((x) => x.code === 'parameter-alias')!;
  const actions = await client.request<
    Array<{ title: string; edit: { changes: Record<string, Array<{ newText: string }>> } }>
  >('textDocument/codeAction', {
    textDocument: { uri: d.uri },
    range: diag.range,
    context: { diagnostics: [diag] },
  });
  assert.equal(actions.length, 1);
  assert.equal(Object.values(actions[0]!.edit.changes)[0]![0]!.newText, 'r');
});

void test('rpc: hover on a predict point without fits', async () => {
  const d = await openMarked(at('64, 128]'));
  const r = await client.request<{ contents: { value: string } }>('textDocument/hover', {
    textDocument: { uri: d.uri },
    position: d.positions[0],
  });
  assert.match(r.contents.value, /No fit yet/);
});

void test('rpc: requests for unknown documents answer empty, the server stays up', async () => {
  const doc = { textDocument: { uri: 'file:///nope.peft' }, position: { line: 0, character: 0 } };
  assert.equal(await client.request('textDocument/hover', doc), null);
  assert.deepEqual(await client.request('textDocument/completion', doc), []);
  assert.equal(client.exited, undefined);
});
