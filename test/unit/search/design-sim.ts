// Synthetic law-guided design vs grid: results drawn from a known power law with log-normal noise
// at candidate trials with a cost each, and a `predict … at …` target beyond them. Both strategies
// start from the same cheapest grid points; the grid then runs its remaining points and repeats
// passes cheapest first, the design runs proposeTrials' first batch, then asks again.
import { BUILTIN_LAWS } from '../../../core/laws/builtins';
import { evaluateLaw } from '../../../core/laws/resolve';
import type { LawPoint } from '../../../core/laws/types';
import { mulberry32 } from '../../../core/random';
import { predictionWidth, proposeTrials, trainingFlops } from '../../../core/search/design';

export const power = BUILTIN_LAWS.power!;
export const target = [1e9];
export const grid = Array.from({ length: 7 }, (_, i) => 1e6 * Math.pow(100, i / 6));

/** One synthetic problem: the true law, the grid of trials with their costs, the target. */
export interface Setting {
  name: string;
  truth: number[];
  xs: number[];
  cost: (x: number) => number;
  target: number[];
  /** Log-normal noise of a result (0.02 = 2%). */
  noise: number;
  /** How many of the cheapest grid points both strategies start from. */
  start: number;
}

/**
 * The settings of the test and the bench. Pre-training at 20 tokens per parameter (cost ∝ N²,
 * the largest trial dominates every pass), fine-tuning every size on the same 1B tokens (cost ∝
 * N), and LoRA rank scaling with two laws and targets (cost nearly flat in r: the base model's
 * passes dominate).
 */
export const SETTINGS: Setting[] = [
  {
    name: 'N, 20 tokens/param → N = 1B',
    truth: [1.8, 400, 0.3],
    xs: grid,
    cost: (N) => trainingFlops(N, 20 * N),
    target,
    noise: 0.02,
    start: 5,
  },
  {
    name: 'N, fixed 1B tokens → N = 1B',
    truth: [1.8, 400, 0.3],
    xs: grid,
    cost: (N) => trainingFlops(N, 1e9),
    target,
    noise: 0.02,
    start: 5,
  },
  {
    name: 'LoRA rank r = 1…64 → r = 256',
    truth: [2.0, 0.8, 0.6],
    xs: [1, 2, 4, 8, 16, 32, 64],
    cost: (r) => 1e15 * (1 + r / 32),
    target: [256],
    noise: 0.01,
    start: 5,
  },
  {
    name: 'LoRA rank, faster decay → r = 128',
    truth: [1.5, 1.2, 0.9],
    xs: [1, 2, 4, 8, 16, 32, 64],
    cost: (r) => 1e15 * (1 + r / 32),
    target: [128],
    noise: 0.01,
    start: 5,
  },
];

/** The interval width after each trial, with the FLOPs spent so far. */
export interface Trace {
  flops: number[];
  width: number[];
}

/** Runs `strategy` on `setting` from the common start until `budget` FLOPs would be exceeded. */
export function simulate(
  setting: Setting,
  strategy: 'grid' | 'design',
  seed: number,
  budget: number,
  targetWidth?: number,
): Trace {
  const rng = mulberry32(seed);
  const gauss = (): number => Math.sqrt(-2 * Math.log(1 - rng())) * Math.cos(2 * Math.PI * rng());
  const observe = (x: number): LawPoint => ({
    x: [x],
    y: evaluateLaw(power, setting.truth, {}, [x]) * Math.exp(setting.noise * gauss()),
  });
  const candidates = setting.xs.map((x) => ({ x: [x], cost: setting.cost(x) }));
  const points = setting.xs.slice(0, setting.start).map(observe);
  const trace: Trace = {
    flops: [candidates.slice(0, setting.start).reduce((s, c) => s + c.cost, 0)],
    width: [predictionWidth(power, points, setting.target).width],
  };
  let queue: typeof candidates = [];
  for (let k = 0; k < 60; k++) {
    if (strategy === 'grid') queue = [candidates[(k + setting.start) % candidates.length]!];
    else if (queue.length === 0)
      queue = proposeTrials({
        model: power,
        points,
        target: setting.target,
        candidates,
        count: candidates.length,
        eachWidth: false,
        ...(targetWidth !== undefined ? { targetWidth } : {}),
      })
        .filter((p) => p.batch === 0)
        .map((p) => p.candidate);
    const next = queue.shift()!;
    const spent = trace.flops[trace.flops.length - 1]! + next.cost;
    if (spent > budget) break;
    points.push(observe(next.x[0]!));
    trace.flops.push(spent);
    trace.width.push(predictionWidth(power, points, setting.target).width);
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

/** FLOPs until the trace's width first falls to `width` (`cap` when it never does). */
export function flopsToReach(trace: Trace, width: number, cap: number): number {
  const i = trace.width.findIndex((w) => w <= width);
  return i < 0 ? cap : trace.flops[i]!;
}
