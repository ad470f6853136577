// The language server over real JSON-RPC with hostile documents (issue 16, cases 1, 5 and 6):
// it answers within a bound, publishes coded diagnostics, never reads /dev/stdin (its own
// channel) or files outside the workspace, and reads nothing at all when told the workspace is
// untrusted.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, symlinkSync, writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { LspClient } from '../unit/lsp/helpers/lsp-client';
import { tinyExperiment, workspace } from './helpers';

const LLAMA = readFileSync(join(__dirname, '../fixtures/hf/llama-7b.json'), 'utf8');
const hfFile = (config: string): string => `data task = corpus "sotu"
model llama = hf { config = "${config}"  context = 512 }
adapter lora = lora { target_modules = [q_proj]  r = 8 }
run ft { model = llama  data = task  adapter = lora  batch = 4  steps = 100 }
`;

/** Opens `text` as `name` in a server rooted at `root`, returns the codes and messages published within `boundMs`. */
async function publish(
  root: string,
  name: string,
  text: string,
  init: Record<string, unknown> = {},
  boundMs = 15000,
): Promise<{ codes: string[]; messages: string; ms: number; hover: unknown }> {
  const { client } = await LspClient.start({
    root,
    initializationOptions: { diagnosticsDelayMs: 5, ...init },
  });
  try {
    const uri = pathToFileURL(join(root, name)).href;
    const t0 = performance.now();
    const got = client.nextDiagnostics(uri);
    await client.open(uri, text);
    let timer: NodeJS.Timeout | undefined;
    const d = await Promise.race([
      got,
      new Promise<never>(
        (_, reject) =>
          (timer = setTimeout(
            () => reject(new Error(`no diagnostics within ${boundMs} ms`)),
            boundMs,
          )),
      ),
    ]);
    clearTimeout(timer);
    const ms = performance.now() - t0;
    // The server still answers requests afterwards (hover on the adapter line).
    const hover = await client.request('textDocument/hover', {
      textDocument: { uri },
      position: { line: 2, character: 10 },
    });
    return {
      codes: d.diagnostics.map((x) => String(x.code)),
      messages: d.diagnostics
        .map((x) => (typeof x.message === 'string' ? x.message : ''))
        .join('\n'),
      ms,
      hover,
    };
  } finally {
    await client.stop();
  }
}

void test(
  'lsp: a regex bomb is answered in milliseconds, and every edit stays fast',
  { timeout: 60_000 },
  async () => {
    const root = workspace();
    const r = await publish(
      root,
      'x.peft',
      tinyExperiment('lora { target_modules = "(.|.|.|.)*z"  r = 4 }'),
    );
    assert.ok(r.codes.includes('incompatible-option'), r.messages);
    assert.ok(r.ms < 5000, `${r.ms} ms`);
  },
);

void test(
  'lsp: hf config naming /dev/stdin, a FIFO-like special file or a file outside the workspace is a diagnostic, and the server keeps answering',
  { timeout: 60_000 },
  async () => {
    const outside = mkdtempSync(join(tmpdir(), 'peft-sec-out-'));
    writeFileSync(join(outside, 'config.json'), LLAMA.replace('"llama"', '"s3cr3t-model"'));
    for (const config of ['/dev/stdin', '/dev/zero', join(outside, 'config.json')]) {
      const root = workspace();
      const r = await publish(root, 'x.peft', hfFile(config));
      assert.ok(r.codes.includes('hf-config-unreadable'), `${config}: ${r.messages}`);
      assert.match(r.messages, /outside the workspace|not a regular file/);
      assert.ok(!r.messages.includes('s3cr3t'));
    }
    const root = workspace();
    symlinkSync(join(outside, 'config.json'), join(root, 'config.json'));
    const r = await publish(root, 'x.peft', hfFile('config.json'));
    assert.match(r.messages, /outside the workspace/);
  },
);

void test(
  'lsp: an untrusted workspace reads no file, a trusted one reads its own config',
  { timeout: 60_000 },
  async () => {
    const root = workspace({ 'config.json': LLAMA.replace('"llama"', '"not-a-model"') });
    const trusted = await publish(root, 'x.peft', hfFile('config.json'));
    assert.match(trusted.messages, /model_type "not-a-model" is not supported/);
    const untrusted = await publish(root, 'x.peft', hfFile('config.json'), { trusted: false });
    assert.ok(!untrusted.messages.includes('not-a-model'), untrusted.messages);
    assert.ok(!untrusted.codes.includes('hf-config-unreadable'), untrusted.messages);
  },
);

void test(
  'lsp: a 5,000-term operator chain still gets diagnostics (it used to silence the server)',
  { timeout: 60_000 },
  async () => {
    const root = workspace();
    const r = await publish(
      root,
      'x.peft',
      tinyExperiment().replace('steps = 1', `steps = ${Array(5000).fill('1').join(' + ')}`) +
        'adapter b = lora { rr = 4 }\n',
    );
    assert.ok(r.codes.includes('expression-too-large'), r.messages);
    assert.ok(r.codes.includes('unknown-parameter'), 'the other checks still run');
  },
);
