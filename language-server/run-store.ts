/**
 * Reads and watches the run store for the server: `.peft/runs/<experiment>/fits.json` and the trials'
 * status.json/trial.json, under each workspace root and beside the file (as `peft report` looks).
 * Changes are noticed with fs.watch (recursive) when possible and by polling otherwise, debounced,
 * and reported through `onChange` so the server refreshes diagnostics, hovers and inlay hints.
 */
import { existsSync, readdirSync, readFileSync, statSync, watch, type FSWatcher } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FitsFile } from '../core/laws/types';
import { EMPTY_STORE, type StoreView } from './store-view';

export interface RunStoreOptions {
  roots: string[];
  /** Poll interval for the fallback (ms); default 1000. */
  pollMs?: number;
  /** Debounce of change events (ms); default 100. */
  debounceMs?: number;
  onChange: () => void;
  log: (message: string) => void;
}

function readJson(file: string): unknown {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as unknown;
  } catch {
    return undefined;
  }
}

function isFitsFile(v: unknown): v is FitsFile {
  return typeof v === 'object' && v !== null && Array.isArray((v as { fits?: unknown }).fits);
}

function median(xs: number[]): number | undefined {
  if (xs.length === 0) return undefined;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1]! + s[m]!) / 2;
}

/** Reads one experiment directory into a StoreView. Missing or torn files are skipped. */
export function readStoreView(dir: string): StoreView {
  const fits = readJson(path.join(dir, 'fits.json'));
  let finishedTrials = 0;
  const rates: number[] = [];
  const entries = listDir(dir);
  for (const name of entries) {
    const status = readJson(path.join(dir, name, 'status.json')) as
      { state?: string; wallSeconds?: number } | undefined;
    if (status?.state !== 'done') continue;
    finishedTrials++;
    const trial = readJson(path.join(dir, name, 'trial.json')) as
      { estimates?: { trainFlops?: number } } | undefined;
    const flops = trial?.estimates?.trainFlops;
    if (
      typeof flops === 'number' &&
      typeof status.wallSeconds === 'number' &&
      status.wallSeconds > 0
    )
      rates.push(flops / status.wallSeconds);
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

  /** The `.peft/runs` folders that may hold `uri`'s experiment, in lookup order. */
  private storeDirs(uri: string): string[] {
    const dirs = this.options.roots.map((r) => path.join(r, '.peft', 'runs'));
    if (uri.startsWith('file:')) {
      try {
        dirs.push(path.join(path.dirname(fileURLToPath(uri)), '.peft', 'runs'));
      } catch {
        // not a local file: roots only
      }
    }
    return [...new Set(dirs)];
  }

  /** The store view of `experiment` for the document `uri` (cached until the store changes). */
  view = (uri: string, experiment: string): StoreView => {
    const runs = this.storeDirs(uri);
    for (const r of runs) this.ensureWatch(r);
    const dir = runs.map((r) => path.join(r, experiment)).find((d) => existsSync(d));
    if (!dir) return EMPTY_STORE;
    let v = this.cache.get(dir);
    if (!v) {
      v = readStoreView(dir);
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
