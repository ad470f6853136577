/**
 * Readers of the run store, for every consumer (CLI, laws, language server, webviews). They never
 * throw on damaged files: a missing or unparsable file reads as undefined, a torn metrics line
 * (a crash mid-write) is skipped; what was skipped is counted (readMetricsCounted, store/damage.ts)
 * so commands can say so instead of hiding it.
 */
import {
  closeSync,
  constants,
  existsSync,
  fstatSync,
  openSync,
  readdirSync,
  readSync,
  statSync,
} from 'node:fs';
import { join } from 'node:path';
import type { MetricRecord, TrialState, TrialStatus } from '../core/protocol';
import { readJson } from './atomic';
import { validRecord, validStatus } from './validate';
import { FILES, experimentDir, runsDir, trialDir } from './paths';
import type { StoredTrial, TrialEntry } from './types';

/** done and diverged are results; failed/cancelled/queued/running are not. */
export function isFinished(state: TrialState | undefined): boolean {
  return state === 'done' || state === 'diverged';
}

/** status.json checked field by field (store/validate.ts): a wrong-typed field is dropped, an unknown state reads as no status. */
export function readTrialStatus(
  root: string,
  experiment: string,
  id: string,
): TrialStatus | undefined {
  return validStatus(readJson(join(trialDir(root, experiment, id), FILES.status)));
}

export function readStoredTrial(
  root: string,
  experiment: string,
  id: string,
): StoredTrial | undefined {
  const v = readJson(join(trialDir(root, experiment, id), FILES.trial)) as StoredTrial | undefined;
  return v && typeof v === 'object' && v.id === id && typeof v.config === 'object' ? v : undefined;
}

/** Experiments that have a folder in the store, sorted. */
export function listExperiments(root: string): string[] {
  try {
    return readdirSync(runsDir(root), { withFileTypes: true })
      .filter((d) => d.isDirectory())
      .map((d) => d.name)
      .sort();
  } catch {
    return [];
  }
}

/** Every trial folder of an experiment (those with a trial.json or status.json), sorted by id. */
export function readExperiment(root: string, experiment: string): TrialEntry[] {
  const dir = experimentDir(root, experiment);
  let names: string[];
  try {
    names = readdirSync(dir)
      .filter((n) => /^[A-Za-z0-9_-]+$/.test(n) && statSync(join(dir, n)).isDirectory())
      .sort();
  } catch {
    return [];
  }
  const out: TrialEntry[] = [];
  for (const id of names) {
    const trial = readStoredTrial(root, experiment, id);
    const status = readTrialStatus(root, experiment, id);
    if (trial || status) out.push({ id, trial, status });
  }
  return out;
}

/** Every trial folder of an experiment with its metric records: what the report and the chart panels draw. */
export function readExperimentWithMetrics(
  root: string,
  experiment: string,
): {
  id: string;
  trial: StoredTrial | undefined;
  status: TrialStatus | undefined;
  records: MetricRecord[];
}[] {
  return readExperiment(root, experiment).map((e) => ({
    id: e.id,
    trial: e.trial,
    status: e.status,
    records: readMetrics(root, experiment, e.id),
  }));
}

/**
 * Parses complete lines of metrics text; a last line without '\n' is left for later (returned as
 * `rest`). A torn, unparsable or ill-formed line is skipped, never fatal, and counted in `skipped`.
 */
export function parseMetricLines(text: string): {
  records: MetricRecord[];
  rest: string;
  skipped: number;
} {
  const lines = text.split('\n');
  const rest = lines.pop() ?? '';
  const records: MetricRecord[] = [];
  let skipped = 0;
  for (const line of lines) {
    if (!line.trim()) continue;
    let r: MetricRecord | undefined;
    try {
      r = validRecord(JSON.parse(line) as unknown);
    } catch {
      r = undefined; // torn or corrupted line
    }
    if (r) records.push(r);
    else skipped++;
  }
  return { records, rest, skipped };
}

/** All metric records of a trial ([] when none) and how many damaged lines were skipped. */
export function readMetricsCounted(
  root: string,
  experiment: string,
  id: string,
): { records: MetricRecord[]; skipped: number } {
  const { records, skipped } = readMetricsFrom(
    join(trialDir(root, experiment, id), FILES.metrics),
    0,
    true,
  );
  return { records, skipped };
}

/** All metric records of a trial ([] when none). A torn or corrupted line is skipped (readMetricsCounted counts them). */
export function readMetrics(root: string, experiment: string, id: string): MetricRecord[] {
  return readMetricsCounted(root, experiment, id).records;
}

/**
 * Reads `path` from byte `offset`: complete new records and the offset to continue from (for
 * following a running trial). `final` also parses a last line without newline.
 */
export function readMetricsFrom(
  path: string,
  offset: number,
  final = false,
): { records: MetricRecord[]; offset: number; skipped: number } {
  const none = { records: [], offset, skipped: 0 };
  if (!existsSync(path)) return none;
  let fd: number;
  try {
    // O_NONBLOCK: a FIFO planted as metrics.jsonl must not block the reader; fstat below refuses it.
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch {
    return none;
  }
  try {
    if (!fstatSync(fd).isFile()) return none; // a folder or a special file: damaged, skipped
    const size = fstatSync(fd).size;
    if (size < offset) offset = 0; // truncated: a restarted trial
    const buf = Buffer.alloc(size - offset);
    readSync(fd, buf, 0, buf.length, offset);
    const text = buf.toString('utf8');
    const { records, rest, skipped } = parseMetricLines(final ? text + '\n' : text);
    return { records, offset: final ? size : size - Buffer.byteLength(rest), skipped };
  } finally {
    closeSync(fd);
  }
}
