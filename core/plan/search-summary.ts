/**
 * A search run in words, for `peft plan` and the run's hover: the method, how many trials, the
 * space, and the static cost. A search's trials are chosen at run time, so the cost is estimated
 * over a sample of the written grid and said so: expected ≈ mean × trials × seeds, at most max × …
 */
import { formatBytes, formatCount } from '../format';
import type { SearchAxis, SearchPlan } from '../types/plan';

const num = (x: number): string => String(Number(x.toPrecision(4)));

/** One axis: `lr log [0.0001, 0.03]`, `r {4, 8, 16}`, `batch int [8, 32]`. */
export function axisText(a: SearchAxis): string {
  if (a.kind === 'categorical') return `${a.name} {${a.choices.join(', ')}}`;
  const kind = a.integer ? `${a.kind === 'log' ? 'log ' : ''}int` : a.kind;
  return `${a.name} ${kind} [${num(a.low)}, ${num(a.high)}]`;
}

/** Plain-text lines: the search, its space, its estimated cost. */
export function searchLines(run: string, s: SearchPlan): string[] {
  const n = s.trials * s.seeds;
  const seeds = s.seeds > 1 ? ` × ${s.seeds} seeds` : '';
  const batch = s.batch === undefined ? 'batch = workers' : `batch ${s.batch}`;
  const startup = s.method === 'tpe' ? `, ${s.startup} random startup` : '';
  const e = s.estimate;
  return [
    `run ${run}: ${s.method} search, ${s.trials} trials${seeds} suggested at run time (seed ${s.seed}${startup}, ${batch})`,
    `  space: ${s.space.map(axisText).join(' · ')}`,
    e.points > 0
      ? `  estimate over ${e.points} sampled grid trials: ${formatCount(e.meanTrainFlops)} FLOPs per trial on average, ${formatCount(e.maxTrainFlops)} at most; ${n} trials ≈ ${formatCount(e.meanTrainFlops * n)} FLOPs (at most ${formatCount(e.maxTrainFlops * n)}), memory up to ${formatBytes(e.maxMemoryBytes)}`
      : '  estimate: none (no trial of the space could be estimated)',
  ];
}
