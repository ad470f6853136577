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
/** What the view needs of one trial: finished, and its FLOP/s when known. */
export interface TrialFacts {
  done: boolean;
  rate?: number;
}

/** Reads one trial's facts from its status.json and trial.json. */
export function readTrialFacts(root: string, experiment: string, id: string): TrialFacts {
  const status = safely(() => readTrialStatus(root, experiment, id));
  if (status?.state !== 'done') return { done: false };
  const flops = safely(() => readStoredTrial(root, experiment, id))?.estimates?.trainFlops;
  const wall = status.wallSeconds;
  return typeof flops === 'number' && typeof wall === 'number' && wall > 0
    ? { done: true, rate: flops / wall }
    : { done: true };
}

/**
 * Reads one experiment folder (`<root>/.peft/runs/<experiment>`) into a StoreView through the
 * store's own readers; `facts` may serve trials from a cache. Missing or torn files are skipped.
 */
export function readStoreView(
  root: string,
  experiment: string,
  facts: (id: string) => TrialFacts = (id) => readTrialFacts(root, experiment, id),
): StoreView {
  const dir = experimentDir(root, experiment);
  const fits = readJson(fitsPath(root, experiment));
  let finishedTrials = 0;
  const rates: number[] = [];
  // Trial folders only: fits.json and the slurm/ folder are not trials (trialDir refuses odd names).
  for (const id of listDir(dir).filter((n) => TRIAL_ID.test(n))) {
    const f = facts(id);
    if (!f.done) continue;
    finishedTrials++;
    if (f.rate !== undefined) rates.push(f.rate);
  }
  const view: StoreView = { finishedTrials };
  if (isFitsFile(fits)) view.fits = fits;
  const rate = median(rates);
  if (rate !== undefined) view.flopsPerSecond = rate;
  return view;
}

/**
 * The language server's view of the run stores. fs.watch (recursive) reports which file changed,
 * so only that experiment's view and that trial's facts are re-read; the whole store is polled
 * only where watching failed (5,000 trials polled every second cost 440 ms CPU per 10 s idle).
 */
export class RunStore {
  private readonly cache = new Map<string, StoreView>();
  /** Per-trial facts by trial folder, kept across changes to other trials. */
  private readonly trials = new Map<string, TrialFacts>();
  private readonly watchers: FSWatcher[] = [];
  private readonly watched = new Set<string>();
  /** Store folders where fs.watch failed: these are polled. */
  private readonly polled = new Set<string>();
  /** Store folders asked about that did not exist yet; checked until they appear. */
  private readonly pending = new Set<string>();
  private poll: NodeJS.Timeout | undefined;
  private debounce: NodeJS.Timeout | undefined;
  private signature: string | undefined;
  private dirty = new Set<string>();
  private all = false;

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
      v = readStoreView(root, experiment, (id) => {
        const key = path.join(dir, id);
        let f = this.trials.get(key);
        if (!f) this.trials.set(key, (f = readTrialFacts(root, experiment, id)));
        return f;
      });
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
      const w = watch(runs, { recursive: true, persistent: false }, (_event, file) =>
        this.changed(runs, file),
      );
      w.on('error', () => {
        w.close();
        this.polled.add(runs);
      });
      this.watchers.push(w);
    } catch (err) {
      this.polled.add(runs);
      this.options.log(`watching ${runs} failed, polling instead: ${String(err)}`);
    }
  }

  /** Poll fallback, only for folders fs.watch could not watch: a signature of fits.json and status.json mtimes. */
  private checkPoll(): void {
    for (const runs of [...this.pending]) if (existsSync(runs)) this.ensureWatch(runs);
    if (this.polled.size === 0) return;
    const parts: string[] = [];
    for (const runs of this.polled) {
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

  /** A change under `runs` at `file` (relative; `<experiment>/<trial>/…`), or anywhere when unknown. */
  private changed(runs?: string, file?: string | Buffer | null): void {
    const parts = typeof file === 'string' ? file.split(/[\\/]/) : [];
    if (runs === undefined || parts.length === 0 || !parts[0]) this.all = true;
    else {
      this.dirty.add(path.join(runs, parts[0]));
      if (parts.length >= 3 && TRIAL_ID.test(parts[1]!))
        this.dirty.add(path.join(runs, parts[0], parts[1]!));
    }
    if (this.debounce) clearTimeout(this.debounce);
    this.debounce = setTimeout(() => {
      if (this.all) {
        this.cache.clear();
        this.trials.clear();
      } else {
        for (const d of this.dirty) {
          this.cache.delete(d);
          this.trials.delete(d);
        }
      }
      this.all = false;
      this.dirty.clear();
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
