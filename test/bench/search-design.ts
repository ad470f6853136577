// Benchmark: law-guided design vs the grid on synthetic power-law data (test/unit/search/design-sim.ts).
// Mean bootstrap interval width of `predict L at N = 1B` over 8 noise seeds, as a function of the
// FLOPs spent, and the FLOPs at which each mean curve first reaches the target width.
// Run: npx tsx test/bench/search-design.ts
import { simulate, widthAt, type Trace } from '../unit/search/design-sim';

const seeds = [1, 2, 3, 4, 5, 6, 7, 8];
const budget = 8e18;
const targetWidth = 0.5;
const budgets = Array.from({ length: 16 }, (_, i) => 1e17 * Math.pow(80, i / 15));
const mean = (v: number[]): number => v.reduce((a, b) => a + b, 0) / v.length;
const started = performance.now();
const runs: Record<string, Trace[]> = {
  grid: seeds.map((s) => simulate('grid', s, budget)),
  'design (per-FLOP greedy)': seeds.map((s) => simulate('design', s, budget)),
  'design (target width 0.5)': seeds.map((s) => simulate('design', s, budget, targetWidth)),
};
console.log('| FLOPs | ' + Object.keys(runs).join(' | ') + ' |');
for (const b of budgets)
  console.log(
    `| ${b.toExponential(1)} | ` +
      Object.values(runs)
        .map((t) => mean(t.map((x) => widthAt(x, b))).toFixed(3))
        .join(' | ') +
      ' |',
  );
for (const [name, traces] of Object.entries(runs)) {
  const reach = budgets.find((b) => mean(traces.map((x) => widthAt(x, b))) <= targetWidth);
  console.log(
    `${name}: mean width ≤ ${targetWidth} at ${reach?.toExponential(1) ?? `> ${budget.toExponential(1)}`} FLOPs; trials per seed ${mean(traces.map((t) => t.flops.length)).toFixed(1)}`,
  );
}
console.log(`wall ${((performance.now() - started) / 1000).toFixed(1)} s`);
