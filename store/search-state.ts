/**
 * The sampler state of a search run: `<experiment>/search-<run>.json` (docs/run-store.md). It is
 * written by atomic rename before a round's trials start (so a kill -9 leaves them pending, and
 * `peft run --resume` re-runs or reuses them by id) and after their results are told. Reading
 * validates the whole file: a damaged state is an error naming the file, never a silent restart.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { reviveTpe, serializeTpe, type TpeState } from '../core/search';
import { writeAtomic } from './atomic';
import { experimentDir } from './paths';

export interface SearchState {
  version: 1;
  run: string;
  method: 'tpe' | 'random';
  /** Configurations to try in all. */
  trials: number;
  /** Suggestions per round, fixed at creation so a resumed search suggests the same. */
  batch: number;
  /** The plan's search space and options (canonical JSON) this state was created for. */
  space: string;
  tpe: TpeState;
}

/** The state file of `run`; throws for a run name that is not a plain identifier. */
export function searchStatePath(root: string, experiment: string, run: string): string {
  if (!/^[A-Za-z0-9_-]+$/.test(run)) throw new Error(`invalid run name ${JSON.stringify(run)}`);
  return join(experimentDir(root, experiment), `search-${run}.json`);
}

export function writeSearchState(root: string, experiment: string, s: SearchState): void {
  const { tpe, ...rest } = s;
  // The TPE state goes through its own serializer (the format reviveTpe checks).
  const text = `{"head":${JSON.stringify(rest)},"tpe":${serializeTpe(tpe)}}\n`;
  writeAtomic(searchStatePath(root, experiment, s.run), text);
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** The state of `run`, undefined when there is none; throws a clear error for a damaged file. */
export function readSearchState(
  root: string,
  experiment: string,
  run: string,
): SearchState | undefined {
  const path = searchStatePath(root, experiment, run);
  if (!existsSync(path)) return undefined;
  const fail = (why: string): never => {
    throw new Error(
      `damaged search state ${path}: ${why}; delete it to start the search again (finished trials are kept and reused)`,
    );
  };
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    return fail(err instanceof Error ? err.message : String(err));
  }
  if (!isObject(raw) || !isObject(raw.head) || !isObject(raw.tpe))
    return fail('not a search state');
  const h = raw.head;
  if (h.version !== 1) return fail(`version ${JSON.stringify(h.version)} is not 1`);
  if (h.run !== run) return fail(`it belongs to run ${JSON.stringify(h.run)}`);
  if (h.method !== 'tpe' && h.method !== 'random') return fail('unknown method');
  for (const k of ['trials', 'batch'] as const) {
    const v = h[k];
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 1)
      return fail(`${k} is not a whole number ≥ 1`);
  }
  if (typeof h.space !== 'string') return fail('space is missing');
  let tpe: TpeState;
  try {
    tpe = reviveTpe(JSON.stringify(raw.tpe));
  } catch (err) {
    return fail(err instanceof Error ? err.message : String(err));
  }
  return {
    version: 1,
    run,
    method: h.method,
    trials: h.trials as number,
    batch: h.batch as number,
    space: h.space,
    tpe,
  };
}
