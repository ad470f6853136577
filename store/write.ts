/**
 * Writers of one trial's files. trial.json and status.json are replaced atomically; metrics.jsonl
 * is append-only, buffered and flushed at least every `flushMs` (default 1 s) and on close, so a
 * crash loses at most the last second of a running trial's curve (which is re-run anyway).
 */
import { closeSync, constants, openSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import type { Trial } from '../core/types/plan';
import type { MetricRecord, TrialStatus } from '../core/protocol';
import { ensureStoreDir, openFresh, writeAtomic, writeJsonAtomic } from './atomic';
import { FILES, STORE_VERSION, trialDir } from './paths';
import type { StoredTrial } from './types';

export function writeTrialJson(
  root: string,
  trial: Trial,
  extra: Partial<StoredTrial['provenance']> = {},
  more: Pick<StoredTrial, 'branchedFrom'> = {},
): StoredTrial {
  const dir = trialDir(root, trial.config.experiment, trial.id);
  ensureStoreDir(dir);
  const record: StoredTrial = {
    version: STORE_VERSION,
    id: trial.id,
    experiment: trial.config.experiment,
    run: trial.run,
    index: trial.index,
    axes: trial.axes,
    config: trial.config,
    estimates: trial.estimates,
    ...(trial.earlyStop ? { earlyStop: trial.earlyStop } : {}),
    provenance: {
      peftLab: '0.1.0',
      node: process.version,
      host: hostname(),
      pid: process.pid,
      seed: trial.config.seed,
      created: new Date().toISOString(),
      ...extra,
    },
    ...more,
  };
  writeJsonAtomic(join(dir, FILES.trial), record);
  return record;
}

export function writeStatus(
  root: string,
  experiment: string,
  id: string,
  status: Omit<TrialStatus, 'updated'> & { updated?: string },
): TrialStatus {
  const full: TrialStatus = { ...status, updated: status.updated ?? new Date().toISOString() };
  writeJsonAtomic(join(trialDir(root, experiment, id), FILES.status), full);
  return full;
}

export function writeAdapter(
  root: string,
  experiment: string,
  id: string,
  bytes: Uint8Array,
): void {
  writeAtomic(join(trialDir(root, experiment, id), FILES.adapter), bytes);
}

export interface MetricsWriter {
  append(rec: MetricRecord): void;
  flush(): void;
  close(): void;
}

/**
 * Starts a fresh metrics.jsonl (truncating a previous attempt's partial curve). With `keep` (a
 * trial resumed from a checkpoint), the file is first replaced atomically by those records, so a
 * crash at any moment leaves either the old curve or the kept one, never less.
 */
export function openMetrics(
  root: string,
  experiment: string,
  id: string,
  flushMs = 1_000,
  keep?: readonly MetricRecord[],
): MetricsWriter {
  const path = join(trialDir(root, experiment, id), FILES.metrics);
  let fd: number;
  if (keep) {
    writeAtomic(path, keep.map((r) => JSON.stringify(r) + '\n').join(''));
    fd = openSync(path, constants.O_WRONLY | constants.O_APPEND | constants.O_NOFOLLOW);
  } else {
    // A planted metrics.jsonl symlink is replaced, never written through (store/atomic.ts).
    fd = openFresh(path);
  }
  let buf: string[] = [];
  let closed = false;
  const flush = (): void => {
    if (!buf.length || closed) return;
    writeSync(fd, buf.join(''));
    buf = [];
  };
  const timer = setInterval(flush, flushMs);
  timer.unref();
  return {
    append(rec) {
      buf.push(JSON.stringify(rec) + '\n');
    },
    flush,
    close() {
      flush();
      closed = true;
      clearInterval(timer);
      closeSync(fd);
    },
  };
}
