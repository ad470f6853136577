/**
 * Diagnostics over JSON-RPC: debounced, never stale (an old version's result is never published
 * after a newer edit), cleared on close, and pulled instead of pushed when the client asks.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LspClient } from './helpers/lsp-client';

void test(
  'rpc diagnostics: a burst of edits is debounced and only the latest version is published',
  { timeout: 20_000 },
  async () => {
    const { client } = await LspClient.start({ initializationOptions: { diagnosticsDelayMs: 40 } });
    try {
      const uri = 'file:///rpc/burst.peft';
      await client.open(uri, 'model m = transformer { }\n');
      let version = 1;
      // 30 edits sent back to back: the last one introduces a typo.
      for (let i = 0; i < 30; i++)
        version = await client.replace(
          uri,
          `model m = transformer { width = ${64 + i} }\n${i === 29 ? 'adapter a = lora { lora_alpah = 1 }\n' : ''}`,
        );
      const final = await client.diagnosticsFor(uri, version);
      const seen = client.history.filter((p) => p.uri === uri).map((p) => p.version);
      assert.ok(
        final.diagnostics.some((d) => d.code === 'unknown-parameter'),
        'the last version is analysed',
      );
      assert.ok(seen.length < 10, `debounced: ${seen.length} publishes for 31 versions`);
      // Versions only go up, and nothing is published for an old version after the newest.
      for (let i = 1; i < seen.length; i++)
        assert.ok((seen[i] ?? 0) >= (seen[i - 1] ?? 0), `monotone versions ${seen.join(',')}`);
      assert.equal(seen[seen.length - 1], version);
      const closed = client.nextDiagnostics(uri);
      await client.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
      assert.deepEqual((await closed).diagnostics, []);
    } finally {
      await client.stop();
    }
  },
);

void test(
  'rpc diagnostics: pull mode answers textDocument/diagnostic and pushes nothing',
  { timeout: 20_000 },
  async () => {
    const { client, init } = await LspClient.start({ pull: true });
    try {
      assert.deepEqual(init.capabilities.diagnosticProvider, {
        interFileDependencies: false,
        workspaceDiagnostics: false,
      });
      const uri = 'file:///rpc/pull.peft';
      await client.open(uri, 'adapter a = lroa { }\n');
      const report = await client.request<{ kind: string; items: Array<{ code: string }> }>(
        'textDocument/diagnostic',
        { textDocument: { uri } },
      );
      assert.equal(report.kind, 'full');
      assert.ok(report.items.some((d) => d.code === 'unknown-method'));
      // A round trip after the open: had a push been scheduled, it would have been sent by now.
      await client.request('textDocument/hover', {
        textDocument: { uri },
        position: { line: 0, character: 0 },
      });
      assert.equal(client.published.has(uri), false);
    } finally {
      await client.stop();
    }
  },
);
