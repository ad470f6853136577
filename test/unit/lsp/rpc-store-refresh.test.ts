/**
 * Prediction refresh over JSON-RPC: when fits.json appears in `.peft/runs/<experiment>/`, the
 * server asks the client to refresh inlay hints, re-publishes diagnostics, and hovers then show the fitted prediction.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { LspClient } from './helpers/lsp-client';
import { BASE } from './helpers/marked';
import { fitsFile, powerFit } from './helpers/fits';

void test(
  'rpc store: fits.json written → inlay refresh, diagnostics again, and predictions in hover and hints',
  { timeout: 20_000 },
  async () => {
    const root = mkdtempSync(path.join(tmpdir(), 'peft-lsp-store-'));
    const runs = path.join(root, '.peft', 'runs', 'ranks');
    mkdirSync(runs, { recursive: true });
    const { client } = await LspClient.start({
      root,
      initializationOptions: { diagnosticsDelayMs: 5, storePollMs: 50 },
    });
    try {
      const uri = pathToFileURL(path.join(root, 'ranks.peft')).href;
      const first = client.nextDiagnostics(uri, 1);
      await client.open(uri, BASE);
      await first;
      const pos = { line: 9, character: BASE.split('\n')[9]!.indexOf('64') + 1 };
      const before = await client.request<{ contents: { value: string } }>('textDocument/hover', {
        textDocument: { uri },
        position: pos,
      });
      assert.match(before.contents.value, /No fit yet/);

      const refresh = client.next('workspace/inlayHint/refresh');
      const republished = client.nextDiagnostics(uri, 1);
      writeFileSync(path.join(runs, 'fits.json'), JSON.stringify(fitsFile([powerFit()], 'ranks')));
      await Promise.all([refresh, republished]);

      const afterHover = await client.request<{ contents: { value: string } }>(
        'textDocument/hover',
        { textDocument: { uri }, position: pos },
      );
      assert.match(afterHover.contents.value, /2\.50 \[.*\] \(90%, n=4, extrapolating\)/);
      const hints = await client.request<Array<{ label: string }>>('textDocument/inlayHint', {
        textDocument: { uri },
        range: { start: { line: 0, character: 0 }, end: { line: 20, character: 0 } },
      });
      assert.deepEqual(
        hints.filter((h) => h.label.startsWith('≈')).map((h) => h.label),
        ['≈4.83', '≈4.00', '≈3.41'],
      );
    } finally {
      await client.stop();
      rmSync(root, { recursive: true, force: true });
    }
  },
);
