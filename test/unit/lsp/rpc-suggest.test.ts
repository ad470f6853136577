/**
 * "Insert suggested trials" over JSON-RPC: with a fits.json in the store, the server offers the
 * action on a predict line without an edit, and codeAction/resolve fills in the run block.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { CodeAction } from 'vscode-languageserver';
import { fitPlanLaws } from '../../../core/laws/fit-plan';
import { analyze } from '../../../core/plan/analyze';
import { SUGGEST_FILE, resultsOf } from '../search/suggest-fixture';
import { LspClient } from './helpers/lsp-client';
import { fitsFile } from './helpers/fits';

void test(
  'rpc: the suggest action is offered, then resolved into an edit',
  { timeout: 60_000 },
  async () => {
    const root = mkdtempSync(path.join(tmpdir(), 'peft-lsp-suggest-'));
    const runs = path.join(root, '.peft', 'runs', 'demo');
    mkdirSync(runs, { recursive: true });
    const { plan } = analyze(SUGGEST_FILE, { experiment: 'demo' });
    const fits = fitPlanLaws(plan, resultsOf(plan.runs[0]!.trials, 32));
    writeFileSync(path.join(runs, 'fits.json'), JSON.stringify(fitsFile(fits, 'demo')));
    const { client, init } = await LspClient.start({ root });
    try {
      assert.deepEqual(init.capabilities.codeActionProvider, {
        codeActionKinds: ['quickfix', 'refactor.rewrite'],
        resolveProvider: true,
      });
      const uri = pathToFileURL(path.join(root, 'demo.peft')).href;
      await client.open(uri, SUGGEST_FILE);
      const line = SUGGEST_FILE.split('\n').findIndex((l) => l.startsWith('predict'));
      const range = { start: { line, character: 1 }, end: { line, character: 1 } };
      const actions = await client.request<CodeAction[]>('textDocument/codeAction', {
        textDocument: { uri },
        range,
        context: { diagnostics: [] },
      });
      const offered = actions.find((a) => a.title === 'Insert suggested trials');
      assert.ok(offered && !offered.edit, JSON.stringify(actions));
      const resolved = await client.request<CodeAction>('codeAction/resolve', offered);
      const [edit] = resolved.edit!.changes![uri]!;
      assert.match(edit!.newText, /run ranks_next \{[\s\S]*suggested = zip\(r = \[/);
    } finally {
      await client.stop();
      rmSync(root, { recursive: true, force: true });
    }
  },
);
