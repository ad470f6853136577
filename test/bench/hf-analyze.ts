import { readFileSync } from 'node:fs';
import { analyze } from '../../core/plan';
const cfg = readFileSync(new URL('../fixtures/hf/llama-7b.json', import.meta.url), 'utf8');
const text = `data task = corpus "sotu"
model llama = hf { config = "llama-7b.json"  context = 2048 }
adapter lora = lora { target_modules = [q_proj, v_proj, k_prj]  lora_alpha = 16 rank_pattern = { q_proj = 4 } }
run ranks { model = llama  data = task  adapter = lora  r = sweep [4, 8, 16, 32, 64]  lr = sweep [1e-4, 3e-4]  batch = 8  steps = 1000 }
`;
const tiny = text
  .replace(
    'hf { config = "llama-7b.json"  context = 2048 }',
    'transformer { width = 128 depth = 4 }',
  )
  .replace('[q_proj, v_proj, k_prj]', '[q, v, kk]')
  .replace('q_proj = 4', 'q = 4');
const time = (t: string) => {
  const xs: number[] = [];
  for (let i = 0; i < 15; i++) {
    const s = performance.now();
    analyze(t, { resolveFile: () => cfg });
    xs.push(performance.now() - s);
  }
  xs.sort((a, b) => a - b);
  return xs[7]!;
};
time(text);
time(tiny);
const a = time(text),
  b = time(tiny);
console.log(
  `hf llama-7b 10 trials: median ${a.toFixed(2)} ms; tiny transformer same file: ${b.toFixed(2)} ms; ratio ${(a / b).toFixed(2)}`,
);
