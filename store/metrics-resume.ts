/**
 * The curve of a trial that does not start at step 0 (docs/checkpoints.md): a trial resumed from
 * its own checkpoint keeps its records up to the checkpoint's step and drops the rest (they are
 * trained again, so no step appears twice); a branched trial starts with its leader's records up
 * to the branch point (the steps it shares and does not train itself).
 */
import type { MetricRecord } from '../core/protocol';
import { readMetrics } from './read';
import { openMetrics, type MetricsWriter } from './write';

const upTo = (records: readonly MetricRecord[], step: number): MetricRecord[] =>
  records.filter((r) => r.step <= step);

/** Reopens trial `id`'s metrics.jsonl keeping only the records of steps ≤ `step`. */
export function reopenMetricsAt(
  root: string,
  experiment: string,
  id: string,
  step: number,
): MetricsWriter {
  return openMetrics(root, experiment, id, 1_000, upTo(readMetrics(root, experiment, id), step));
}

/** Starts trial `id`'s metrics.jsonl with trial `from`'s records of steps ≤ `step`. */
export function copyMetricsPrefix(
  root: string,
  experiment: string,
  from: string,
  id: string,
  step: number,
): MetricsWriter {
  return openMetrics(root, experiment, id, 1_000, upTo(readMetrics(root, experiment, from), step));
}
