// Benchmark: what a search costs besides training. A 40-trial TPE search in rounds of 4 over a
// scripted objective (no training): per round, tell + suggest 4 (constant liar) + save the state
// + expand the 4 points through core/plan. Anchor, measured in the same run: analysing the same
// run as a 48-trial grid (what `peft run` does once for a grid).
// Run: npx tsx test/bench/search-rounds.ts
import { mkdtempSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { analyze } from '../../core/plan/analyze';
import type { RunPlan, SearchPlan } from '../../core/types/plan';
import { writeStatus } from '../../store';
import { runSearch } from '../../cli/executor/search';

const RUN = `data task = corpus "moby-dick"
model tiny = transformer { width = 64  depth = 2  heads = 2  context = 32 }
adapter lo = lora { r = 4  lora_alpha = 2 * r }
run go {
  model = tiny  data = task  adapter = lo  steps = 100
  lr = log(1e-4 .. 1e-1, 4)
  r = sweep [2, 4, 8]
  batch = lin(8 .. 32, 4)
SEARCH}
`;
const searched = RUN.replace('SEARCH', '  search = tpe { trials = 40  batch = 4 }\n');
const grid = RUN.replace('SEARCH', '');
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function searchOnce(): Promise<number> {
  const root = mkdtempSync(join(tmpdir(), 'peft-bench-search-'));
  const run = analyze(searched, { experiment: 'b' }).plan.runs[0] as RunPlan & {
    search: SearchPlan;
  };
  const t0 = performance.now();
  await runSearch({
    root,
    experiment: 'b',
    text: searched,
    analyze: { experiment: 'b' },
    run,
    workers: 4,
    resume: false,
    runBatch: (batch) => {
      for (const t of batch) {
        const lr = t.config.optimizer.params.lr as number;
        writeStatus(root, 'b', t.id, {
          state: 'done',
          final: { eval_loss: (Math.log10(lr) + 2) ** 2 },
        });
      }
      return Promise.resolve();
    },
  });
  return (performance.now() - t0) / 10; // 10 rounds of 4
}

void (async () => {
  const rounds: number[] = [];
  const grids: number[] = [];
  for (let i = 0; i < 7; i++) {
    rounds.push(await searchOnce());
    const t0 = performance.now();
    const trials = analyze(grid, { experiment: 'b' }).plan.runs[0]!.trials.length;
    grids.push(performance.now() - t0);
    if (trials !== 48) throw new Error(`grid has ${trials} trials`);
  }
  const r = median(rounds);
  const g = median(grids);
  console.log(
    `load ${loadavg()
      .map((x) => x.toFixed(1))
      .join(' ')}`,
  );
  console.log(
    `search round (tell + suggest 4 + save + expand 4), median of 7 searches: ${r.toFixed(1)} ms`,
  );
  console.log(`anchor: analyse the 48-trial grid once, median of 7: ${g.toFixed(1)} ms`);
  console.log(`ratio round / grid analysis: ${(r / g).toFixed(2)}x`);
})();
