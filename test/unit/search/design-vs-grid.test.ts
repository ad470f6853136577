// Law-guided design against the grid on LoRA rank scaling (costs nearly flat in r, the target
// r = 256 beyond the ranks run), four noise seeds: the design brings the mean bootstrap interval
// width to the goal with at most 0.85× the grid's FLOPs. Deterministic (seeded noise and
// bootstrap). The other settings (where it ties or wins less) and more seeds are in the bench:
// test/bench/search-design.ts, docs/benchmarks/search.md.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SETTINGS, simulate, widthAt, type Trace } from './design-sim';

const seeds = [1, 2, 3, 4];
const mean = (v: number[]): number => v.reduce((a, b) => a + b, 0) / v.length;

/** The first FLOPs at which the mean width over seeds is ≤ goal (Infinity if never). */
function reach(traces: Trace[], goal: number): number {
  const flops = [...new Set(traces.flatMap((t) => t.flops))].sort((a, b) => a - b);
  return flops.find((f) => mean(traces.map((t) => widthAt(t, f))) <= goal) ?? Infinity;
}

for (const [name, goal, margin] of [['LoRA rank r = 1…64 → r = 256', 0.08, 0.85]] as const) {
  void test(`design vs grid: ${name}, mean width ≤ ${goal}`, () => {
    const s = SETTINGS.find((x) => x.name === name)!;
    const pass = s.xs.reduce((a, x) => a + s.cost(x), 0);
    // The grid runs up to 3 passes; the design stops at `margin` × the grid's FLOPs to the goal.
    const grid = reach(
      seeds.map((seed) => simulate(s, 'grid', seed, 3 * pass)),
      goal,
    );
    assert.ok(Number.isFinite(grid), 'the grid reaches the goal within 3 passes');
    const design = reach(
      seeds.map((seed) => simulate(s, 'design', seed, margin * grid)),
      goal,
    );
    assert.ok(
      design <= margin * grid,
      `design ${(design / pass).toFixed(2)} passes vs grid ${(grid / pass).toFixed(2)}`,
    );
  });
}
