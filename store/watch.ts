/**
 * Reads and watches the run store for the language server: `.peft/runs/<experiment>/fits.json` and the trials'
 * status.json/trial.json, under each workspace root and beside the file (as `peft report` looks).
 * Changes are noticed with fs.watch (recursive) when possible and by polling otherwise, debounced,
 * and reported through `onChange` so the server refreshes diagnostics, hovers and inlay hints.
 */
import { existsSync, readdirSync, statSync, watch, type FSWatcher } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FitsFile } from '../core/laws/types';
import { readJson } from './atomic';
import { fitsPath } from './fits';
import { experimentDir, runsDir } from './paths';
import { readStoredTrial, readTrialStatus } from './read';
import { EMPTY_STORE, type StoreView } from './view';

export interface RunStoreOptions {
  roots: string[];
  /** Poll interval for the fallback (ms); default 1000. */
  pollMs?: number;
  /** Debounce of change events (ms); default 100. */
  debounceMs?: number;
  onChange: () => void;
  log: (message: string) => void;
}

const TRIAL_ID = /^[A-Za-z0-9_-]+$/;

function isFitsFile(v: unknown): v is FitsFile {
  return typeof v === 'object' && v !== null && Array.isArray((v as { fits?: unknown }).fits);
}

/** The readers refuse experiment names that could escape the store; such a name has no view. */
function safely<T>(read: () => T): T | undefined {
  try {
    return read();
  } catch {
    return undefined;
  }
}

function median(xs: number[]): number | undefined {
  if (xs.length === 0) return undefined;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1]! + s[m]!) / 2;
}

/**
 * Reads one experiment folder (`<root>/.peft/runs/<experiment>`) into a StoreView through the
 * store's own readers. Missing or torn files are skipped.
 */
export function readStoreView(root: string, experiment: string): StoreView {
  const dir = experimentDir(root, experiment);
  const fits = readJson(fitsPath(root, experiment));
  let finishedTrials = 0;
  const rates: number[] = [];
  // Trial folders only: fits.json and the slurm/ folder are not trials (trialDir refuses odd names).
  for (const id of listDir(dir).filter((n) => TRIAL_ID.test(n))) {
    const status = safely(() => readTrialStatus(root, experiment, id));
    if (status?.state !== 'done') continue;
    finishedTrials++;
    const flops = safely(() => readStoredTrial(root, experiment, id))?.estimates?.trainFlops;
    const wall = status.wallSeconds;
    if (typeof flops === 'number' && typeof wall === 'number' && wall > 0) rates.push(flops / wall);
  }
  const view: StoreView = { finishedTrials };
  if (isFitsFile(fits)) view.fits = fits;
  const rate = median(rates);
  if (rate !== undefined) view.flopsPerSecond = rate;
  return view;
}

export class RunStore {
  private readonly cache = new Map<string, StoreView>();
  private readonly watchers: FSWatcher[] = [];
  private readonly watched = new Set<string>();
  /** Store folders asked about that did not exist yet; polled until they appear. */
  private readonly pending = new Set<string>();
  private poll: NodeJS.Timeout | undefined;
  private debounce: NodeJS.Timeout | undefined;
  private signature: string | undefined;

  constructor(private readonly options: RunStoreOptions) {
    this.poll = setInterval(() => this.checkPoll(), options.pollMs ?? 1000);
    this.poll.unref();
  }

  /** The store roots (folders holding `.peft/runs`) that may hold `uri`'s experiment, in lookup order. */
  private storeRoots(uri: string): string[] {
    const roots = [...this.options.roots];
    if (uri.startsWith('file:')) {
      try {
        roots.push(path.dirname(fileURLToPath(uri)));
      } catch {
        // not a local file: roots only
      }
    }
    return [...new Set(roots)];
  }

  /** The store view of `experiment` for the document `uri` (cached until the store changes). */
  view = (uri: string, experiment: string): StoreView => {
    const roots = this.storeRoots(uri);
    for (const r of roots) this.ensureWatch(runsDir(r));
    const root = roots.find((r) => existsSync(experimentDir(r, experiment)));
    if (root === undefined) return EMPTY_STORE;
    const dir = experimentDir(root, experiment);
    let v = this.cache.get(dir);
    if (!v) {
      v = readStoreView(root, experiment);
      this.cache.set(dir, v);
    }
    return v;
  };

  private ensureWatch(runs: string): void {
    if (this.watched.has(runs)) return;
    if (!existsSync(runs)) {
      this.pending.add(runs);
      return;
    }
    this.pending.delete(runs);
    this.watched.add(runs);
    try {
      const w = watch(runs, { recursive: true, persistent: false }, () => this.changed());
      w.on('error', () => w.close());
      this.watchers.push(w);
    } catch (err) {
      this.options.log(`watching ${runs} failed, polling instead: ${String(err)}`);
    }
  }

  /** Poll fallback: a signature of every fits.json and status.json mtime under the known stores. */
  private checkPoll(): void {
    const parts: string[] = [];
    for (const runs of [...this.pending]) if (existsSync(runs)) this.ensureWatch(runs);
    for (const runs of this.watched) {
      for (const e of listDir(runs)) {
        const dir = path.join(runs, e);
        parts.push(mtime(path.join(dir, 'fits.json')));
        for (const t of listDir(dir)) parts.push(mtime(path.join(dir, t, 'status.json')));
      }
    }
    const sig = parts.join('|');
    if (sig !== this.signature) {
      const first = this.signature === undefined;
      this.signature = sig;
      if (!first) this.changed();
    }
  }

  private changed(): void {
    if (this.debounce) clearTimeout(this.debounce);
    this.debounce = setTimeout(() => {
      this.cache.clear();
      this.options.onChange();
    }, this.options.debounceMs ?? 100);
  }

  dispose(): void {
    for (const w of this.watchers) w.close();
    if (this.poll) clearInterval(this.poll);
    if (this.debounce) clearTimeout(this.debounce);
  }
}

function mtime(file: string): string {
  try {
    return String(statSync(file).mtimeMs);
  } catch {
    return '-';
  }
}

function listDir(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}
