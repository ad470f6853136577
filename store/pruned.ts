/**
 * The early-stopping journal of a run (docs/run-store.md): `<experiment>/pruning/<run>-<key>.jsonl`,
 * one JSON line per eval report (`{"trial","step","value"}`) and per trial end
 * (`{"trial","end":"complete"|"pruned","step"}`), appended with O_APPEND by whichever process trains
 * the trial (local workers, SLURM tasks). The line order is the global order of reports that the
 * pruners' `seq` needs; `key` hashes the pruner and its options, so changing them starts a new history.
 *
 * A decision for a report depends only on the journal up to that report's first line, so a run
 * killed with -9 and resumed decides the same: a re-trained trial finds its earlier reports already
 * recorded (the first occurrence of a (trial, step) wins) and replays against the same prefix.
 */
import { closeSync, constants, openSync, readFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { hashString } from '../core/plan/hash';
import type { EarlyStopSpec } from '../core/types/plan';
import type { TrialState } from '../core/protocol';
import type { TrialCurve } from '../core/search/types';
import { ensureStoreDir } from './atomic';
import { experimentDir } from './paths';

export interface JournalLine {
  trial: string;
  step: number;
  /** An eval report's value (lower is better); NaN when the metric was not finite. */
  value?: number;
  /** A trial's end: ran all its steps, or stopped by the pruner at `step`. */
  end?: 'complete' | 'pruned';
}

/** Where a run's journal for `spec` lives; throws on a run name that could leave the folder. */
export function journalPath(
  root: string,
  experiment: string,
  run: string,
  spec: EarlyStopSpec,
): string {
  if (!/^[A-Za-z0-9_-]+$/.test(run)) throw new Error(`invalid run name ${JSON.stringify(run)}`);
  const params = Object.entries(spec.params).sort(([a], [b]) => (a < b ? -1 : 1));
  const key = hashString(JSON.stringify([spec.pruner, params])).slice(0, 12);
  return join(experimentDir(root, experiment), 'pruning', `${run}-${key}.jsonl`);
}

/** Appends one line (a single write with O_APPEND, so concurrent writers never interleave a line). */
export function appendJournal(path: string, line: JournalLine): void {
  ensureStoreDir(join(path, '..'));
  const json: Record<string, unknown> = { trial: line.trial, step: line.step };
  if (line.value !== undefined) json.value = Number.isFinite(line.value) ? line.value : null;
  if (line.end) json.end = line.end;
  const fd = openSync(
    path,
    constants.O_WRONLY | constants.O_APPEND | constants.O_CREAT | constants.O_NOFOLLOW,
    0o644,
  );
  try {
    writeSync(fd, JSON.stringify(json) + '\n');
  } finally {
    closeSync(fd);
  }
}

/** The journal's well-formed lines in order (a torn or damaged line is skipped); [] when absent. */
export function readJournal(path: string): JournalLine[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    return [];
  }
  const out: JournalLine[] = [];
  for (const raw of text.split('\n')) {
    if (!raw.trim()) continue;
    let v: unknown;
    try {
      v = JSON.parse(raw);
    } catch {
      continue;
    }
    if (typeof v !== 'object' || v === null) continue;
    const o = v as Record<string, unknown>;
    if (typeof o.trial !== 'string' || typeof o.step !== 'number') continue;
    if (o.end === 'complete' || o.end === 'pruned')
      out.push({ trial: o.trial, step: o.step, end: o.end });
    else if (typeof o.value === 'number' || o.value === null)
      out.push({ trial: o.trial, step: o.step, value: o.value ?? NaN });
  }
  return out;
}

/** The index of the first report of (trial, step), or -1. */
export function reportIndex(lines: readonly JournalLine[], trial: string, step: number): number {
  return lines.findIndex((l) => l.end === undefined && l.trial === trial && l.step === step);
}

/**
 * The pruners' history from lines[0..upTo] (inclusive): one curve per trial, reports deduplicated
 * by step (the first wins, its line index is its `seq`), the state from the trial's end lines.
 */
export function journalHistory(lines: readonly JournalLine[], upTo: number): TrialCurve[] {
  const curves = new Map<string, TrialCurve>();
  const curve = (id: string): TrialCurve => {
    let c = curves.get(id);
    if (!c) curves.set(id, (c = { id, state: 'running', reports: [] }));
    return c;
  };
  for (let i = 0; i <= upTo && i < lines.length; i++) {
    const l = lines[i]!;
    const c = curve(l.trial);
    if (l.end) c.state = l.end;
    else if (!c.reports.some((r) => r.step === l.step))
      c.reports.push({ step: l.step, value: l.value ?? NaN, seq: i });
  }
  for (const c of curves.values()) c.reports.sort((a, b) => a.step - b.step);
  return [...curves.values()];
}

/**
 * Whether a trial in `state` is settled for `peft run`: done and diverged always; pruned only while
 * its run still prunes (take the pruner out and the pruned trials train again, in full).
 */
export function isSettled(state: TrialState | undefined, earlyStop: boolean): boolean {
  return state === 'done' || state === 'diverged' || (state === 'pruned' && earlyStop);
}
