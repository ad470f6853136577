/**
 * TensorBoard export: one run folder per trial (`<out>/<run>/<trial-id>/events.out.tfevents.*`)
 * holding scalar events from the trial's metrics.jsonl: train/loss, train/lr, train/grad_norm,
 * train/tokens_per_sec per logged step and eval/<metric> per eval.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { MetricRecord } from '../../core/protocol';
import { encodeEvent, tfRecord } from './tfrecord';

export interface TrialMetrics {
  id: string;
  run: string;
  records: readonly MetricRecord[];
}

/** The event-file bytes for one trial's records; `startTime` (seconds) is the first event's wall time. */
export function trialEventFile(records: readonly MetricRecord[], startTime: number): Uint8Array {
  const chunks: Uint8Array[] = [
    tfRecord(encodeEvent({ wallTime: startTime, fileVersion: 'brain.Event:2' })),
  ];
  for (const r of records) {
    const scalars =
      r.kind === 'train'
        ? [
            { tag: 'train/loss', value: r.loss },
            { tag: 'train/lr', value: r.lr },
            { tag: 'train/grad_norm', value: r.gradNorm },
            { tag: 'train/tokens_per_sec', value: r.tokensPerSec },
          ]
        : Object.entries(r.metrics).map(([k, v]) => ({ tag: `eval/${k}`, value: v }));
    chunks.push(
      tfRecord(
        encodeEvent({
          wallTime: startTime + r.wall,
          step: r.step,
          scalars: scalars.filter((s) => Number.isFinite(s.value)),
        }),
      ),
    );
  }
  const out = new Uint8Array(chunks.reduce((a, c) => a + c.length, 0));
  let off = 0;
  for (const c of chunks) {
    out.set(c, off);
    off += c.length;
  }
  return out;
}

/**
 * Writes one event file per trial under `outDir/<run>/<trial-id>/`; returns the paths written.
 * `startTime` (seconds since the epoch) stamps the file name and events; `host` completes the name.
 */
export function writeTensorBoard(
  outDir: string,
  trials: readonly TrialMetrics[],
  startTime: number,
  host = 'peft-lab',
): string[] {
  const paths: string[] = [];
  for (const t of trials) {
    const dir = join(outDir, t.run, t.id);
    mkdirSync(dir, { recursive: true });
    const path = join(dir, `events.out.tfevents.${Math.floor(startTime)}.${host}`);
    writeFileSync(path, trialEventFile(t.records, startTime));
    paths.push(path);
  }
  return paths;
}
