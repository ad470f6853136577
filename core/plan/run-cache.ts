/**
 * Incremental expansion: a run's trials, estimates and diagnostics are reused from an earlier
 * analysis when nothing they depend on changed. The key is the exact text and offset of the run
 * and of every declaration it reaches by name (its adapter, model, data, their parents, a
 * model's pretraining data), the names and kinds of all declarations (references and "did you
 * mean" suggestions read them), the trial budget left before the run, the experiment name and
 * the contents of the files it read. Offsets are not part of the key: text typed above a run
 * moves it, and run-rebase.ts moves the cached diagnostics and sources with it.
 *
 * What a run reported is stored as the Evaluator's undeduplicated attempts and replayed through
 * `ev.report`, so deduplication and order match a from-scratch analysis (shared block scopes and
 * memos replay their own reports on a hit, see evaluate.ts and memoReported).
 */
import type { BlockDecl, Declaration } from '../dsl/ast';
import type { Diagnostic } from '../dsl/diagnostics';
import type { AnalysisContext, RunResult } from './context';
import { hashString } from './hash';
import { expandRun } from './run';
import { rebaseRun } from './run-rebase';
import { declExprs, walkExpr } from './symbols';

interface RunCacheEntry {
  result: RunResult;
  reports: Diagnostic[];
  /** Trials the run took from the file's budget. */
  used: number;
  /** Files read while expanding (hf config.json), with what they held then. */
  reads: Array<[path: string, content: string | undefined]>;
  /** The run and what it reaches, as parsed then (offsets for run-rebase.ts). */
  decls: Declaration[];
}

/** A bounded, least-recently-used store of expanded runs; one per language service. */
export class RunCache {
  private readonly entries = new Map<string, RunCacheEntry>();
  /** Counters for tests and the bench: runs reused and runs expanded since creation. */
  hits = 0;
  misses = 0;

  constructor(readonly maxEntries = 4096) {}

  get size(): number {
    return this.entries.size;
  }

  get(key: string): RunCacheEntry | undefined {
    const hit = this.entries.get(key);
    if (hit) {
      this.entries.delete(key); // re-insert: Map order is the recency order
      this.entries.set(key, hit);
    }
    return hit;
  }

  set(key: string, entry: RunCacheEntry): void {
    this.entries.delete(key);
    this.entries.set(key, entry);
    for (const oldest of this.entries.keys()) {
      if (this.entries.size <= this.maxEntries) break;
      this.entries.delete(oldest);
    }
  }

  clear(): void {
    this.entries.clear();
  }
}

/** Names a declaration mentions: references, constructor heads (a parent block), its value's head. */
function mentions(d: Declaration): string[] {
  const out: string[] = [];
  for (const root of declExprs(d))
    walkExpr(root, (e) => {
      if (e.kind === 'Reference') out.push(e.path[0]!.name);
      else if (e.kind === 'Construct') out.push(e.head.name);
    });
  return out;
}

/** An expandRun that consults `cache` first; one per analysis (it holds the declaration signature). */
export function cachedExpander(
  ctx: AnalysisContext,
  cache: RunCache,
): (decl: BlockDecl, budget: { left: number }) => RunResult {
  const names = ctx.ast.declarations.map((d) =>
    d.kind === 'PredictDecl' ? 'predict' : `${d.keyword} ${d.name?.name ?? ''}`,
  );
  const head = [
    ctx.experiment,
    ctx.maxTrials,
    ctx.resolveFile ? 'files' : 'no-files',
    hashString(names.join('\n')),
    // A search run's trials are the points suggested so far (`peft run`), not its text alone.
    ctx.searchPoints ? hashString(JSON.stringify(ctx.searchPoints)) : '',
  ].join('\u0000');
  const named = new Map<Declaration, string[]>(); // a model or data block is reached by every run
  const mentionsOf = (d: Declaration): string[] => {
    let out = named.get(d);
    if (!out) named.set(d, (out = mentions(d)));
    return out;
  };
  const reached = (decl: Declaration): Declaration[] => {
    const seen = new Set<Declaration>([decl]);
    const todo = [decl];
    while (todo.length > 0)
      for (const name of mentionsOf(todo.pop()!)) {
        const d = ctx.declared.get(name);
        if (d && !seen.has(d)) {
          seen.add(d);
          todo.push(d);
        }
      }
    return [...seen].sort((a, b) => a.start - b.start);
  };
  return (decl, budget) => {
    const decls = reached(decl);
    let key = `${head}\u0000${budget.left}`;
    for (const d of decls) key += `\u0000${ctx.text.slice(d.start, d.end)}`;
    let hit = cache.get(key);
    const read = ctx.resolveFile;
    if (hit && hit.reads.every(([path, content]) => read?.(path) === content)) {
      cache.hits++;
      if (hit.decls.some((d, i) => d.start !== decls[i]!.start)) {
        hit = { ...hit, ...rebaseRun(ctx, hit, decl, decls), decls };
        cache.set(key, hit);
      }
      for (const d of hit.reports) ctx.ev.report(d);
      budget.left -= hit.used;
      return hit.result;
    }
    cache.misses++;
    const reads: RunCacheEntry['reads'] = [];
    if (read)
      ctx.resolveFile = (path) => {
        const content = read(path);
        reads.push([path, content]);
        return content;
      };
    const mark = ctx.ev.attempts.length;
    const before = budget.left;
    try {
      const result = expandRun(ctx, decl, budget);
      cache.set(key, {
        result,
        reports: ctx.ev.attempts.slice(mark),
        used: before - budget.left,
        reads,
        decls,
      });
      return result;
    } finally {
      if (read) ctx.resolveFile = read;
    }
  };
}
