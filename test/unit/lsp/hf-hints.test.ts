import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { analyzeText } from '../../../language-server/analysis';
import { fileResolverFor } from '../../../store/resolve-file';
import { hover } from '../../../language-server/hover';
import { inlayHints } from '../../../language-server/inlay-hints';
import { EMPTY_STORE } from '../../../store/view';

// A document that lives next to the shipped LLaMA-7B config, so `config = "llama-7b.json"` resolves.
const uri = pathToFileURL(join(__dirname, '..', '..', 'fixtures', 'hf', 'plan.peft')).toString();
const TEXT = `data d = corpus "tiny"
model llama = hf { config = "llama-7b.json" }
adapter lora = lora { target_modules = [q_proj, v_proj]  r = 8  lora_alpha = 16 }
run r { model = llama  data = d  adapter = lora  steps = 10  batch = 1 }
`;
const WHOLE = { start: { line: 0, character: 0 }, end: { line: 100, character: 0 } };

void test('hf model: "matches N modules in M layers" after target_modules', () => {
  const doc = analyzeText(TEXT, uri, undefined, fileResolverFor);
  const labels = inlayHints(doc, EMPTY_STORE, WHOLE).map((h) =>
    typeof h.label === 'string' ? h.label : '',
  );
  // LLaMA-7B: q_proj and v_proj in each of 32 layers.
  assert.ok(labels.includes('matches 64 modules in 32 layers'), labels.join(' | '));
  // The exact trainable count for LoRA r=8 on q_proj, v_proj of LLaMA-7B: 4,194,304.
  assert.ok(
    labels.some((l) => l.startsWith('4.19M trainable')),
    labels.join(' | '),
  );
});

void test('hf model: hovering target_modules shows effective r, alpha and scale per module', () => {
  const doc = analyzeText(TEXT, uri, undefined, fileResolverFor);
  const offset = TEXT.indexOf('target_modules') + 3;
  const h = hover(doc, EMPTY_STORE, doc.lines.positionAt(offset));
  const text = h && typeof h.contents === 'object' && 'value' in h.contents ? h.contents.value : '';
  assert.match(text, /matches 64 modules in 32 layers/);
  assert.match(text, /\| `self_attn\.q_proj` \| 32 \| 8 \| 16 \| 2 \|/);
});
