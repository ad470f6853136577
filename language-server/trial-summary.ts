/**
 * Which planned trials a piece of the file produces, and their static estimates as Markdown
 * (trainable params and % of base, memory, FLOPs, tokens, wall time from measured throughput).
 */
import type { Trial } from '../core/types/plan';
import type { PlanValue } from '../core/types/plan';
import type { AnalyzedDocument } from './analysis';
import { formatBytes, formatCount, formatSeconds } from './convert';
import type { StoreView } from '../store/view';

export function allTrials(doc: AnalyzedDocument): Trial[] {
  return doc.analysis.plan.runs.flatMap((r) => r.trials);
}

/** Trials that use the named block (a run's own trials, or every trial configured with it). */
export function trialsOfBlock(doc: AnalyzedDocument, kind: string, name: string): Trial[] {
  const trials = allTrials(doc);
  switch (kind) {
    case 'run':
      return trials.filter((t) => t.run === name);
    case 'adapter':
      return trials.filter((t) => t.config.adapter.name === name);
    case 'model':
      return trials.filter((t) => t.config.model.name === name);
    case 'data':
      return trials.filter(
        (t) => t.config.data.name === name || t.config.model.pretrain?.data.name === name,
      );
    default:
      return [];
  }
}

const same = (a: PlanValue | undefined, b: PlanValue): boolean =>
  typeof a === 'number' && typeof b === 'number'
    ? Math.abs(a - b) <= 1e-12 * Math.max(1, Math.abs(b))
    : JSON.stringify(a) === JSON.stringify(b);

/** Trials of `run` whose swept axis `axis` has `value`. */
export function trialsWithAxis(
  doc: AnalyzedDocument,
  run: string,
  axis: string,
  value: PlanValue,
): Trial[] {
  return allTrials(doc).filter((t) => t.run === run && axis in t.axes && same(t.axes[axis], value));
}

function span(values: number[], fmt: (n: number) => string): string {
  const lo = Math.min(...values);
  const hi = Math.max(...values);
  return lo === hi ? fmt(lo) : `${fmt(lo)} – ${fmt(hi)}`;
}

/** Markdown lines summarising the estimates of `trials`; [] when there are none. */
export function estimateLines(trials: readonly Trial[], store: StoreView): string[] {
  if (trials.length === 0) return [];
  const e = trials.map((t) => t.estimates);
  const lines = [
    `**${trials.length} trial${trials.length === 1 ? '' : 's'}** (static estimates)`,
    `- trainable params: ${span(
      e.map((x) => x.trainableParams),
      formatCount,
    )} (${span(
      e.map((x) => x.trainablePercent),
      (p) => `${p.toPrecision(3)}%`,
    )} of base)`,
    `- memory: ${span(
      e.map((x) => x.memoryBytes),
      formatBytes,
    )}`,
    `- training FLOPs: ${span(
      e.map((x) => x.trainFlops),
      formatCount,
    )}`,
    `- tokens: ${span(
      e.map((x) => x.tokens),
      formatCount,
    )}`,
  ];
  if (store.flopsPerSecond && store.flopsPerSecond > 0) {
    const rate = store.flopsPerSecond;
    const total = e.reduce((s, x) => s + x.trainFlops / rate, 0);
    lines.push(
      `- est. wall time: ${span(
        e.map((x) => x.trainFlops / rate),
        formatSeconds,
      )} per trial, ${formatSeconds(total)} in all (measured ${formatCount(rate)} FLOP/s)`,
    );
  } else lines.push('- est. wall time: unknown until a trial has finished on this machine');
  return lines;
}
