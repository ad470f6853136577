/** A small valid file the diagnostic fixtures extend; it must analyse with no diagnostics at all. */
import { analyze } from '../../../core/plan/analyze';
import type { AnalyzeOptions } from '../../../core/plan/analysis-types';

export const BASE = `data task = corpus "moby-dick"
model tiny = transformer { width = 32  depth = 1  heads = 2  context = 16 }
adapter lo = lora { r = 4  lora_alpha = 8 }
run go {
  model = tiny  data = task  adapter = lo
  steps = 10
}
law l = power(go.eval_loss ~ r)
`;

export function run(text: string, options: AnalyzeOptions = {}): ReturnType<typeof analyze> {
  return analyze(text, options);
}

export function codes(text: string, options: AnalyzeOptions = {}): string[] {
  return analyze(text, options).diagnostics.map((d) => d.code);
}
