// The language server reads an hf config.json beside the document (file: URIs) through the resolveFile seam.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { analyzeDocument } from '../../../language-server/analysis';
import { fileResolverFor } from '../../../store/resolve-file';
import { FIXTURES } from './helpers';

void test('analyzeDocument on a file: URI finds the config beside it: per-entry diagnostic and LoRA count', () => {
  const dir = mkdtempSync(join(tmpdir(), 'peft-ls-hf-'));
  copyFileSync(join(FIXTURES, 'gpt2.json'), join(dir, 'gpt2.json'));
  const text = `data task = corpus "sotu"
model g = hf { config = "gpt2.json" }
adapter lora = lora { target_modules = [c_attn, c_fcc]  r = 4  lora_alpha = 8 }
run ft { model = g  data = task  adapter = lora  batch = 1  steps = 1 }
`;
  const doc = analyzeDocument(
    pathToFileURL(join(dir, 'x.peft')).href,
    1,
    text,
    undefined,
    fileResolverFor,
  );
  const d = doc.analysis.diagnostics.find((x) => x.code === 'hf-target-unmatched');
  assert.match(d?.message ?? '', /did you mean 'c_fc'\?/);
  assert.equal(
    doc.analysis.plan.runs[0]?.trials[0]?.estimates.trainableParams,
    12 * 4 * (768 + 2304),
  );
  const untitled = analyzeDocument('untitled:Untitled-1', 1, text, undefined, fileResolverFor);
  assert.equal(untitled.analysis.diagnostics.filter((x) => x.code.startsWith('hf-')).length, 0);
});
