/**
 * Named `data`, `model` and `adapter` blocks: find each one's catalog entry (model family,
 * method, corpus) or parent block (`adapter big = lora_base { r = 64 }` inherits and overrides),
 * and evaluate its params in its own scope, optionally with a trial's overrides.
 */
import type { BlockDecl, Span } from '../dsl/ast';
import { DiagnosticCodes } from '../dsl/diagnostics';
import { closestName } from '../dsl/suggest';
import {
  corpora,
  getCorpus,
  getMethod,
  getModelFamily,
  methods,
  modelFamilies,
  type BlockKind,
} from '../catalog';
import { collectEntries, newScope, type Entry, type Evaluator, type Scope } from './evaluate';
import { type Value } from './values';

export interface ResolvedBlock {
  decl: BlockDecl;
  kind: 'data' | 'model' | 'adapter';
  name: string;
  /** Catalog entry: model family, method or corpus; undefined when unknown (already reported). */
  entry?: string;
  /** Where the entry/parent name is written. */
  headRange: Span;
  /** Own entries over inherited ones. */
  entries: Map<string, Entry>;
  scope: Scope;
  /** `corpus "notes.jsonl"`: the data file as written, and where (entry `file`). */
  corpusFile?: { path: string; at: Span };
}

/** A corpus written as a file name rather than a catalog corpus. */
export const DATA_FILE = /\.(jsonl|txt)$/i;

const CATALOG_KIND: Record<ResolvedBlock['kind'], BlockKind> = {
  data: 'data',
  model: 'model',
  adapter: 'adapter',
};
export const catalogBlockKind = (k: ResolvedBlock['kind']): BlockKind => CATALOG_KIND[k];

/** Resolves every data/model/adapter declaration; inheritance chains are followed with cycle checks. */
export function resolveBlocks(
  ev: Evaluator,
  decls: readonly BlockDecl[],
): Map<string, ResolvedBlock> {
  const out = new Map<string, ResolvedBlock>();
  const byName = new Map<string, BlockDecl>();
  for (const d of decls)
    if (d.name && d.keyword !== 'run' && !byName.has(d.name.name)) byName.set(d.name.name, d);
  const visiting = new Set<string>();
  const resolve = (d: BlockDecl): ResolvedBlock | undefined => {
    const name = d.name!.name;
    const done = out.get(name);
    if (done) return done;
    if (visiting.has(name)) {
      ev.error(
        DiagnosticCodes.cyclicReference,
        `'${name}' inherits from itself; base it on a catalog entry instead.`,
        d.name!,
      );
      return undefined;
    }
    visiting.add(name);
    const kind = d.keyword as ResolvedBlock['kind'];
    const v = d.value;
    const head =
      v?.kind === 'Construct'
        ? v.head
        : v?.kind === 'Reference' && v.path.length === 1
          ? v.path[0]!
          : undefined;
    const body = v?.kind === 'Construct' ? v.body : v?.kind === 'Block' ? v : undefined;
    const own = collectEntries(body, (x) => ev.report(x));
    const rb: ResolvedBlock = {
      decl: d,
      kind,
      name,
      headRange: head ?? d.name!,
      entries: own,
      scope: newScope(name, own),
    };
    const parentDecl = head ? byName.get(head.name) : undefined;
    if (head && parentDecl && parentDecl !== d && parentDecl.keyword === d.keyword) {
      const parent = resolve(parentDecl);
      if (parent) {
        if (parent.entry) rb.entry = parent.entry;
        rb.entries = new Map([...parent.entries, ...own]);
      }
    } else if (kind === 'data') {
      resolveCorpus(ev, rb, v?.kind === 'Construct' ? v : undefined, head);
    } else if (head) {
      const found = kind === 'model' ? getModelFamily(head.name)?.name : getMethod(head.name)?.name;
      if (found) rb.entry = found;
      else {
        const names =
          kind === 'model' ? modelFamilies().map((m) => m.name) : methods().map((m) => m.name);
        const guess = closestName(head.name, [...names, ...byName.keys()]);
        ev.error(
          kind === 'model' ? DiagnosticCodes.unknownModelFamily : DiagnosticCodes.unknownMethod,
          `Unknown ${kind === 'model' ? 'model family' : 'PEFT method'} '${head.name}'${guess ? `; did you mean '${guess}'?` : `; use one of ${names.slice(0, 10).join(', ')}, ….`}`,
          head,
          guess ? { kind: 'replace', text: guess, title: `Change to '${guess}'` } : undefined,
        );
      }
    } else if (v && v.kind !== 'Error') {
      ev.error(
        DiagnosticCodes.typeMismatch,
        `A ${kind} block is '${kind} ${name} = ${kind === 'model' ? 'transformer' : 'lora'} { … }'.`,
        v,
      );
    }
    rb.scope = newScope(name, rb.entries);
    visiting.delete(name);
    out.set(name, rb);
    return rb;
  };
  for (const d of byName.values()) resolve(d);
  return out;
}

function resolveCorpus(
  ev: Evaluator,
  rb: ResolvedBlock,
  c: (BlockDecl['value'] & { kind: 'Construct' }) | undefined,
  head: BlockDecl['name'],
): void {
  let name: string | undefined;
  let at: Span = rb.headRange;
  if (c && c.head.name === 'corpus') {
    if (c.arg?.kind === 'String') {
      name = c.arg.value;
      at = c.arg;
    } else {
      ev.error(
        DiagnosticCodes.expectedToken,
        'Write the corpus name as a string: corpus "sotu".',
        c.head,
      );
      return;
    }
  } else if (head) name = head.name;
  else {
    const written = rb.entries.get('corpus');
    if (written?.expr.kind === 'String') {
      name = written.expr.value;
      at = written.expr;
    }
  }
  if (name === undefined) return;
  if (DATA_FILE.test(name) && !getCorpus(name)) {
    rb.entry = 'file';
    rb.corpusFile = { path: name, at };
    return;
  }
  if (getCorpus(name)) {
    rb.entry = getCorpus(name)!.name;
    return;
  }
  const guess = closestName(
    name,
    corpora()
      .filter((x) => !x.fixture)
      .map((x) => x.name),
  );
  ev.error(
    DiagnosticCodes.unknownCorpus,
    `Unknown corpus '${name}'${
      guess
        ? `; did you mean '${guess}'?`
        : `; use one of ${corpora()
            .filter((x) => !x.fixture)
            .map((x) => x.name)
            .join(', ')}.`
    }`,
    at,
    guess
      ? {
          kind: 'replace',
          text: at === rb.headRange ? guess : `"${guess}"`,
          title: `Change to '${guess}'`,
        }
      : undefined,
  );
}

/** Evaluates a block's params (written keys only) with optional per-trial overrides. */
export function evaluateBlock(
  ev: Evaluator,
  rb: ResolvedBlock,
  overrides?: Map<string, Value>,
): Map<string, Value> {
  const scope =
    overrides && overrides.size > 0
      ? newScope(`${rb.name}#${[...overrides.keys()].join(',')}`, rb.entries, overrides)
      : rb.scope;
  const out = new Map<string, Value>();
  for (const k of rb.entries.keys()) out.set(k, ev.lookup(scope, k));
  if (overrides) for (const [k, v] of overrides) out.set(k, v);
  return out;
}
