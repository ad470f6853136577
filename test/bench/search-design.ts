// Benchmark: law-guided design vs the grid on synthetic power-law data (test/unit/search/design-sim.ts).
// Per setting: the mean bootstrap interval width of the `predict` target over noise seeds, by FLOPs
// spent (in grid passes: one pass runs every grid trial once), and the FLOPs until the mean width
// first falls to the setting's goal, for each strategy. Run: npx tsx test/bench/search-design.ts [seeds]
import { cpus, loadavg } from 'node:os';
import { SETTINGS, simulate, widthAt, type Trace } from '../unit/search/design-sim';

const seeds = Array.from({ length: Number(process.argv[2] ?? 8) }, (_, i) => i + 1);
/** The mean width the bench reports each setting reaching (the design is not told it). */
const REACH = [0.5, 0.5, 0.06, 0.03];
const mean = (v: number[]): number => v.reduce((a, b) => a + b, 0) / v.length;

/** The first FLOPs at which the mean over seeds of the widths is ≤ goal (Infinity if never). */
function reach(traces: Trace[], goal: number): number {
  const flops = [...new Set(traces.flatMap((t) => t.flops))].sort((a, b) => a - b);
  return flops.find((f) => mean(traces.map((t) => widthAt(t, f))) <= goal) ?? Infinity;
}

const started = performance.now();
console.log(
  `load average ${loadavg()[0]!.toFixed(1)} on ${cpus().length} cores; ${seeds.length} seeds`,
);
SETTINGS.forEach((s, k) => {
  const pass = s.xs.reduce((a, x) => a + s.cost(x), 0);
  const goal = REACH[k]!;
  const runs: Record<string, Trace[]> = {
    grid: seeds.map((seed) => simulate(s, 'grid', seed, 4 * pass)),
    design: seeds.map((seed) => simulate(s, 'design', seed, 4 * pass)),
  };
  console.log(`\n${s.name} (one grid pass = ${pass.toExponential(2)} FLOPs, goal width ${goal})`);
  console.log('| passes | ' + Object.keys(runs).join(' | ') + ' |');
  for (const p of [0.5, 1, 1.5, 2, 2.5, 3, 3.5, 4])
    console.log(
      `| ${p} | ` +
        Object.values(runs)
          .map((t) => mean(t.map((x) => widthAt(x, p * pass))).toFixed(3))
          .join(' | ') +
        ' |',
    );
  const g = reach(runs.grid!, goal);
  const d = reach(runs.design!, goal);
  console.log(
    `mean width ≤ ${goal}: grid ${(g / pass).toFixed(2)} passes, design ${(d / pass).toFixed(2)} passes (${(d / g).toFixed(2)}× the grid's FLOPs)`,
  );
});
console.log(`\nwall ${((performance.now() - started) / 1000).toFixed(1)} s`);
