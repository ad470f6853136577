// Synthetic law-guided design vs grid: data from a known power law L(N) = E + A·N^−α with
// log-normal noise, trials at N on a 7-point grid from 1M to 100M parameters, D = 20·N tokens,
// cost 6·N·D, the target `predict L at N = 1B`. Both strategies start from the 5 cheapest grid
// points; the grid then runs its remaining points and repeats passes cheapest first, the design
// runs proposeTrials' pick each round.
import { BUILTIN_LAWS } from '../../../core/laws/builtins';
import { evaluateLaw } from '../../../core/laws/resolve';
import type { LawPoint } from '../../../core/laws/types';
import { mulberry32 } from '../../../core/random';
import { predictionWidth, proposeTrials, trainingFlops } from '../../../core/search/design';

export const power = BUILTIN_LAWS.power!;
const truth = [1.8, 400, 0.3];
export const target = [1e9];
export const grid = Array.from({ length: 7 }, (_, i) => 1e6 * Math.pow(100, i / 6));
const candidates = grid.map((N) => ({ x: [N], cost: trainingFlops(N, 20 * N) }));

/** The interval width after each trial, with the FLOPs spent so far. */
export interface Trace {
  flops: number[];
  width: number[];
}

/** Runs `strategy` from the common start until `budget` FLOPs would be exceeded. */
export function simulate(
  strategy: 'grid' | 'design',
  seed: number,
  budget: number,
  targetWidth?: number,
): Trace {
  const rng = mulberry32(seed);
  const gauss = (): number => Math.sqrt(-2 * Math.log(1 - rng())) * Math.cos(2 * Math.PI * rng());
  const observe = (N: number): LawPoint => ({
    x: [N],
    y: evaluateLaw(power, truth, {}, [N]) * Math.exp(0.02 * gauss()),
  });
  const points = grid.slice(0, 5).map(observe);
  const trace: Trace = {
    flops: [candidates.slice(0, 5).reduce((s, c) => s + c.cost, 0)],
    width: [predictionWidth(power, points, target).width],
  };
  for (let k = 0; k < 60; k++) {
    const next =
      strategy === 'grid'
        ? candidates[(k + 5) % candidates.length]!
        : proposeTrials({ model: power, points, target, candidates, count: 1, targetWidth })[0]!
            .candidate;
    const spent = trace.flops[trace.flops.length - 1]! + next.cost;
    if (spent > budget) break;
    points.push(observe(next.x[0]!));
    trace.flops.push(spent);
    trace.width.push(predictionWidth(power, points, target).width);
  }
  return trace;
}

/** The width a trace had with `flops` spent (its last trial within them). */
export function widthAt(trace: Trace, flops: number): number {
  let w = trace.width[0]!;
  trace.flops.forEach((f, i) => {
    if (f <= flops) w = trace.width[i]!;
  });
  return w;
}
