// The .peft file and synthetic run-store results shared by the `peft suggest` and code action tests:
// a LoRA rank sweep whose eval loss follows 2 + 0.8·r^-0.6 (±1%), and `predict rank_law at r = 256`.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { analyze } from '../../../core/plan/analyze';
import type { Trial } from '../../../core/types/plan';

/** The synthetic final eval loss of a trial with rank `r` (the i-th of its run). */
export const lossAt = (r: number, i: number): number =>
  (2 + 0.8 * r ** -0.6) * (1 + 0.01 * Math.sin(7 * i));

/** Final metrics per trial id for the trials with r ≤ `upTo`. */
export function resultsOf(
  trials: readonly Trial[],
  upTo: number,
): Record<string, Record<string, number>> {
  const out: Record<string, Record<string, number>> = {};
  trials.forEach((t, i) => {
    const r = t.axes.r as number;
    if (r <= upTo) out[t.id] = { eval_loss: lossAt(r, i) };
  });
  return out;
}

export const SUGGEST_FILE = [
  'data book = corpus "moby-dick" {',
  '  limit = 200k',
  '}',
  '',
  'model small = transformer {',
  '  vocab = bytes',
  '  width = 128',
  '  depth = 1',
  '  heads = 2',
  '  context = 32',
  '}',
  '',
  'adapter base = lora {',
  '  r = 8',
  '  lora_alpha = 2 * r',
  '}',
  '',
  'run ranks {',
  '  model = small',
  '  data = book',
  '  adapter = base',
  '  r = sweep [1, 2, 4, 8, 16, 32]',
  '  steps = 100',
  '}',
  '',
  'law rank_law = power(ranks.eval_loss ~ r) {',
  '  bootstrap = 32',
  '}',
  'predict rank_law at r = 256',
  '',
].join('\n');

/** A folder with `demo.peft` and, for each of its ranks r ≤ `upTo`, a done trial at 2 + 0.8·r^-0.6 (±1%). */
export function storeWithResults(text: string, upTo: number): string {
  const dir = mkdtempSync(join(tmpdir(), 'peft-suggest-'));
  writeFileSync(join(dir, 'demo.peft'), text);
  const { plan } = analyze(text, { experiment: 'demo' });
  for (const [id, final] of Object.entries(resultsOf(plan.runs[0]!.trials, upTo))) {
    const folder = join(dir, '.peft', 'runs', 'demo', id);
    mkdirSync(folder, { recursive: true });
    writeFileSync(
      join(folder, 'status.json'),
      JSON.stringify({ state: 'done', updated: '', final }),
    );
  }
  return dir;
}
