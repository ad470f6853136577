/**
 * Completion: a registry of small rules tried in order; the first that recognises the cursor's
 * context answers. Works in broken files: the context comes from the line's text before the
 * cursor and the recovering parser's tree (see cursor-context.ts).
 */
import {
  CompletionItemKind,
  InsertTextFormat,
  type CompletionItem,
  type Position,
} from 'vscode-languageserver';
import { paramsFor, type BlockKind, type ParamSpec } from '../core/catalog';
import type { AnalyzedDocument } from './analysis';
import { cursorContext, type CursorContext } from './cursor-context';
import * as items from './completion-items';

type Rule = (doc: AnalyzedDocument, c: CursorContext) => CompletionItem[] | undefined;

const RUN_METRICS = ['eval_loss', 'eval_accuracy', 'train_loss'];

/** The method an adapter block uses (`adapter lora = lora { … }` → lora). */
function methodOfBlock(doc: AnalyzedDocument, name: string): string | undefined {
  const d = doc.analysis.symbols.byName[name]?.decl;
  return d?.kind === 'BlockDecl' && d.value?.kind === 'Construct' ? d.value.head.name : undefined;
}

/** Params valid in a block; a run also accepts overrides of its adapters' params (`r = sweep […]`). */
function paramsIn(doc: AnalyzedDocument, c: CursorContext): ParamSpec[] {
  const b = c.block!;
  const own = [...paramsFor(b.kind, b.entry)];
  if (b.kind === 'run') {
    const adapterEntry = b.block.entries.find((e) => e.key.path[0]?.name === 'adapter');
    const names: string[] = [];
    const collect = (x: unknown): void => {
      if (!x || typeof x !== 'object') return;
      const n = x as { kind?: string; path?: Array<{ name: string }> };
      if (n.kind === 'Reference' && n.path?.[0]) names.push(n.path[0].name);
      else for (const v of Object.values(x)) if (typeof v === 'object') collect(v);
    };
    collect(adapterEntry?.value);
    const seen = new Set(own.map((p) => p.name));
    for (const n of names) {
      for (const p of paramsFor('adapter', methodOfBlock(doc, n) ?? n)) {
        if (seen.has(p.name)) continue;
        seen.add(p.name);
        own.push(p);
      }
    }
  }
  if (b.kind === 'model')
    own.push({
      name: 'pretrain',
      type: 'map',
      doc: 'Pretraining of the base model: data, steps, lr, batch, seed, optimizer, schedule.',
    });
  return own;
}

function valuesFor(
  doc: AnalyzedDocument,
  kind: BlockKind | undefined,
  key: string,
  spec: ParamSpec | undefined,
): CompletionItem[] {
  const out: CompletionItem[] = [];
  const types = spec ? (typeof spec.type === 'string' ? [spec.type] : [...spec.type]) : [];
  if (key === 'optimizer') out.push(...items.optimizerItems());
  else if (key === 'schedule') out.push(...items.scheduleItems());
  else if (key === 'search') out.push(...items.searchItems());
  else if (spec?.values) out.push(...items.valueItems(spec.values));
  if (types.includes('ref') || (kind === 'run' && ['model', 'data', 'adapter'].includes(key)))
    out.push(...items.blockItems(doc, spec?.refKind ?? key));
  if (types.includes('bool')) out.push(...items.valueItems(['true', 'false']));
  if (key === 'target_modules' || key === 'exclude_modules')
    out.push(...items.valueItems(['q', 'k', 'v', 'o', 'up', 'down', 'all-linear']));
  // A run has one searcher and one pruner: search and early_stop are never swept.
  const sweepable =
    kind === 'run'
      ? key !== 'early_stop' && key !== 'search'
      : kind === 'adapter' || kind === 'optimizer' || kind === 'model';
  if (sweepable) out.push(...items.SWEEP_SNIPPETS);
  if (key === 'data' && kind === 'data') out.push(...items.corpusItems());
  return out;
}

const RULES: Rule[] = [
  // Inside `corpus "…`: corpus names.
  (_d, c) => (/\bcorpus\s+"[\w-]*$/.test(c.prefix) ? items.corpusItems() : undefined),
  // `predict |`: law names.
  (d, c) => (/^\s*predict\s+\w*$/.test(c.prefix) ? items.blockItems(d, 'law') : undefined),
  // `law x = power(run.metric ~ |` or `… by |`: the run's swept axes (and N, D for compute laws).
  (d, c) => {
    const m =
      /^\s*law\b.*?([A-Za-z_]\w*)\.\w+\s*~[^)]*$|^\s*law\b.*?([A-Za-z_]\w*)\.\w+\s*~.*\bby\s+\w*$/.exec(
        c.prefix,
      );
    if (!m) return undefined;
    const run = m[1] ?? m[2];
    const planned = d.analysis.plan.runs.find((r) => r.name === run);
    // A search run has no planned trials: its axes are the search space's.
    const axes = new Set([
      ...(planned?.trials.flatMap((t) => Object.keys(t.axes)) ?? []),
      ...(planned?.search?.space.map((a) => a.name) ?? []),
    ]);
    return items.valueItems([...axes, 'N', 'D'].filter((a) => a !== 'seed'));
  },
  // `law x = power(|` or `from |`: runs (their metrics follow a dot).
  (d, c) =>
    /^\s*law\b.*(\(|\bfrom)\s*\w*$/.test(c.prefix) ? items.blockItems(d, 'run') : undefined,
  // `name.|`: a run's metrics or a block's params.
  (d, c) => {
    const m = /([A-Za-z_]\w*)\.\w*$/.exec(c.prefix);
    const target = m && d.analysis.symbols.byName[m[1]!];
    if (!target) return undefined;
    if (target.kind === 'run') return items.valueItems(RUN_METRICS);
    const method = methodOfBlock(d, target.name);
    const kind: BlockKind =
      target.kind === 'adapter' ? 'adapter' : target.kind === 'model' ? 'model' : 'data';
    return paramsFor(kind, method).map((p) => ({ ...items.paramItem(p), insertText: p.name }));
  },
  // `model x = |`, `adapter x = |`, `data x = |`, `law x = |`.
  (_d, c) => {
    const m = /^\s*(data|model|adapter|law)\s+[A-Za-z_]\w*\s*=\s*[\w-]*$/.exec(c.prefix);
    if (!m) return undefined;
    if (m[1] === 'model') return items.modelItems();
    if (m[1] === 'adapter') return items.methodItems();
    if (m[1] === 'law') return items.lawItems();
    return [
      {
        label: 'corpus',
        kind: CompletionItemKind.Keyword,
        insertText: 'corpus "$1"',
        insertTextFormat: InsertTextFormat.Snippet,
      },
      { label: 'csv', kind: CompletionItemKind.Keyword },
    ];
  },
  // In a block after `key =` (or inside its list): that parameter's values.
  (d, c) => {
    if (!c.block) return undefined;
    const m = /([A-Za-z_]\w*)\s*=\s*(?:sweep\s*)?(\[[^\]]*)?[\w-]*$/.exec(c.prefix);
    if (!m) return undefined;
    const key = m[1]!;
    const spec = paramsIn(d, c).find((p) => p.name === key);
    return valuesFor(d, c.block.kind, key, spec);
  },
  // In a block at a key position: the params valid here that are not set yet.
  (d, c) => {
    if (!c.block) return undefined;
    const set = new Set(
      c.block.block.entries
        .filter((e) => !(e.start <= c.offset && c.offset <= e.end))
        .map((e) => e.key.path[0]?.name),
    );
    return paramsIn(d, c)
      .filter((p) => !set.has(p.name))
      .map((p) =>
        p.name === 'pretrain'
          ? {
              ...items.paramItem(p),
              insertText: 'pretrain { $1 }',
              insertTextFormat: InsertTextFormat.Snippet,
            }
          : items.paramItem(p),
      );
  },
  // Top level, at the start of a line: declarations and whole-block snippets.
  (_d, c) =>
    /^\s*[A-Za-z_]*$/.test(c.prefix) && !c.block ? items.DECLARATION_SNIPPETS : undefined,
];

/** Completion items at `position`; [] where nothing fits (inside a comment, after a number). */
export function completion(doc: AnalyzedDocument, position: Position): CompletionItem[] {
  const c = cursorContext(doc, doc.lines.offsetAt(position));
  if (/#/.test(c.prefix.replace(/"[^"]*"/g, ''))) return [];
  for (const rule of RULES) {
    const r = rule(doc, c);
    if (r) return r;
  }
  return [];
}
