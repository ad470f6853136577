/**
 * Cursor markers for data-driven tests: `|` marks the cursor in a test input. `marked` strips the
 * markers and returns the clean text and each marker's offset; `docAt` analyses the clean text.
 */
import { analyzeText, type AnalyzedDocument } from '../../../../language-server/analysis';

export const MARK = '|';

export function marked(input: string): { text: string; offsets: number[] } {
  const offsets: number[] = [];
  let text = '';
  for (const ch of input) {
    if (ch === MARK) offsets.push(text.length);
    else text += ch;
  }
  return { text, offsets };
}

/** The analysed document of `input` (markers removed) and the position of its first marker. */
export function docAt(
  input: string,
  uri = 'file:///test/experiment.peft',
): { doc: AnalyzedDocument; position: { line: number; character: number }; offset: number } {
  const { text, offsets } = marked(input);
  const doc = analyzeText(text, uri);
  const offset = offsets[0] ?? 0;
  return { doc, position: doc.lines.positionAt(offset), offset };
}

/** A small valid file used by several tests. */
export const BASE = `data task = corpus "moby-dick" { holdout = 10% }
model tiny = transformer { width = 64  depth = 2  heads = 2  context = 32 }
adapter lora = lora { target_modules = [q, v]  r = 8  lora_alpha = 16 }
run ranks {
  model = tiny  data = task  adapter = lora
  r = sweep [2, 4, 8]
  steps = 20  batch = 4
}
law rank_law = power(ranks.eval_loss ~ r)
predict rank_law at r = [64, 128]
`;
