/**
 * Fuzz over real JSON-RPC: thousands of random edits (insertions, deletions, garbage bytes, huge
 * lines, deep nesting) interleaved with hover/completion/definition at random positions. Every
 * response must arrive and be well-formed, and the server must still publish diagnostics for the
 * final version. Seeded, so a failure replays; a fixed number of edits (not a time budget, which
 * a loaded machine turned into too few edits), so a hang fails on the test's timeout.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { LspClient } from './helpers/lsp-client';
import { BASE } from './helpers/marked';
import { mulberry32 } from '../../../core/random';

const rng = mulberry32;
const EDITS = 1500;

const PIECES = [
  'model',
  'adapter',
  'run',
  'law',
  'predict',
  'data',
  ' = ',
  '{',
  '}',
  '[',
  ']',
  '(',
  ')',
  ',',
  '.',
  '~',
  '"',
  '"sotu"',
  '\n',
  '  ',
  'lora',
  'transformer',
  'sweep [2, 4',
  'log(1e-4 .. ',
  'zip(r = [1], ',
  'r = ',
  '1e',
  '10%',
  '3M',
  '-',
  '*',
  '^',
  '#',
  'by',
  'at',
  '\u0000',
  '\uFFFF',
  '\uD800',
  '😀',
  '\r',
  '\r\n',
  '\t',
  'x'.repeat(20_000),
  '['.repeat(200),
  '{'.repeat(100),
  '('.repeat(100),
];

const wellFormedPosition = (p: unknown): boolean =>
  typeof p === 'object' &&
  p !== null &&
  Number.isInteger((p as { line: number }).line) &&
  Number.isInteger((p as { character: number }).character);
const wellFormedRange = (r: unknown): boolean =>
  typeof r === 'object' &&
  r !== null &&
  wellFormedPosition((r as { start: unknown }).start) &&
  wellFormedPosition((r as { end: unknown }).end);

const CHECKS: Record<string, (r: unknown) => boolean> = {
  'textDocument/hover': (r) => r === null || (typeof r === 'object' && 'contents' in r),
  'textDocument/completion': (r) =>
    Array.isArray(r) && r.every((i: { label?: unknown }) => typeof i.label === 'string'),
  'textDocument/definition': (r) => r === null || wellFormedRange((r as { range?: unknown }).range),
  'textDocument/signatureHelp': (r) =>
    r === null || Array.isArray((r as { signatures?: unknown }).signatures),
};

void test(
  'rpc fuzz: random edits and requests never crash or hang the server',
  { timeout: 600_000 },
  async (t) => {
    const { client } = await LspClient.start({ initializationOptions: { diagnosticsDelayMs: 5 } });
    const random = rng(20261126);
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;
    const uri = 'file:///rpc/fuzz.peft';
    let doc = TextDocument.create(uri, 'peft', 1, BASE);
    await client.open(uri, BASE);
    let pending: Array<Promise<void>> = [];
    let edits = 0;
    let requests = 0;
    try {
      while (edits < EDITS) {
        const len = doc.getText().length;
        const a = Math.floor(random() * (len + 1));
        const b = random() < 0.5 ? a : Math.min(len, a + Math.floor(random() * 200));
        let text = '';
        for (let k = Math.floor(random() * 4); k > 0; k--) text += pick(PIECES);
        // Keep the document from growing without bound.
        const range =
          len > 40_000
            ? { start: doc.positionAt(0), end: doc.positionAt(len / 2) }
            : { start: doc.positionAt(a), end: doc.positionAt(b) };
        if (len > 40_000) text = '';
        doc = TextDocument.update(doc, [{ range, text }], doc.version + 1);
        await client.edit(uri, range, text);
        edits++;
        if (random() < 0.4) {
          const method = pick(Object.keys(CHECKS));
          const offset = Math.floor(random() * (doc.getText().length + 10));
          const position = random() < 0.05 ? { line: 1e6, character: 1e6 } : doc.positionAt(offset);
          requests++;
          pending.push(
            client.request(method, { textDocument: { uri }, position }).then((r) => {
              assert.ok(
                CHECKS[method]!(r),
                `${method} at ${JSON.stringify(position)} gave ${JSON.stringify(r)?.slice(0, 200)}`,
              );
            }),
          );
        }
        if (pending.length >= 25) {
          await Promise.all(pending);
          pending = [];
        }
      }
      await Promise.all(pending);
      const final = await client.diagnosticsFor(uri, doc.version);
      assert.ok(Array.isArray(final.diagnostics));
      assert.equal(
        client.exited,
        undefined,
        `server exited; stderr: ${client.stderr.slice(0, 500)}`,
      );
      const failures = client.notifications
        .filter((n) => n.method === 'window/logMessage')
        .map((n) => (n.params as { message: string }).message);
      t.diagnostic(
        `${edits} edits, ${requests} requests, ${failures.length} guarded handler failures`,
      );
      for (const f of failures.slice(0, 3)) t.diagnostic(f.slice(0, 300));
      assert.equal(edits, EDITS);
      assert.ok(requests >= 200, `only ${requests} requests`);
    } finally {
      await client.stop();
    }
  },
);
