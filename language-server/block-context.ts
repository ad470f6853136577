/**
 * Which catalog block a cursor is in: `model tiny = transformer { | }` → ('model', 'transformer'),
 * `optimizer = adamw { | }` → ('optimizer', 'adamw'), `run r { | }` → ('run'), `pretrain { | }`
 * → ('pretrain'). Completion, hover and signature help ask the catalog for that block's params.
 */
import type { AnyNode, Block, Construct } from './ast-types';
import {
  getMethod,
  getModelFamily,
  getOptimizer,
  getPruner,
  getSchedule,
  getSearcher,
  type BlockKind,
} from '../core/catalog';

export interface BlockContext {
  kind: BlockKind;
  /** The catalog entry configured by the block (method, family, optimizer, corpus, law form). */
  entry?: string;
  block: Block;
}

const KEY_KINDS: Record<string, BlockKind> = {
  optimizer: 'optimizer',
  schedule: 'schedule',
  search: 'search',
  adapter: 'adapter',
  model: 'model',
  data: 'data',
  early_stop: 'early_stop',
};

/** The kind a construct head names on its own (`lora` → adapter), for constructs outside a declaration. */
function kindOfHead(head: string): BlockKind | undefined {
  if (head === 'corpus') return 'data';
  if (getMethod(head)) return 'adapter';
  if (getModelFamily(head)) return 'model';
  if (getOptimizer(head)) return 'optimizer';
  if (getSchedule(head)) return 'schedule';
  if (getSearcher(head)) return 'search';
  if (getPruner(head)) return 'early_stop';
  return undefined;
}

function constructContext(
  c: Construct,
  owner: AnyNode | undefined,
  block: Block,
): BlockContext | undefined {
  const head = c.head.name;
  const entry = head === 'corpus' ? (c.arg?.kind === 'String' ? c.arg.value : undefined) : head;
  let kind: BlockKind | undefined;
  if (owner?.kind === 'BlockDecl') kind = owner.keyword === 'run' ? undefined : owner.keyword;
  else if (owner?.kind === 'Assignment') kind = KEY_KINDS[owner.key.path[0]?.name ?? ''];
  kind ??= kindOfHead(head);
  if (!kind) return undefined;
  return entry === undefined ? { kind, block } : { kind, entry, block };
}

/** The innermost catalog block around the end of `path` (outermost-first node chain), or undefined. */
export function blockContext(path: readonly AnyNode[]): BlockContext | undefined {
  for (let i = path.length - 1; i >= 1; i--) {
    const node = path[i]!;
    if (node.kind !== 'Block') continue;
    const parent = path[i - 1];
    if (parent?.kind === 'Construct') {
      const ctx = constructContext(parent, path[i - 2], node);
      if (ctx) return ctx;
    } else if (parent?.kind === 'BlockDecl' && parent.keyword === 'run') {
      return { kind: 'run', block: node };
    } else if (parent?.kind === 'Assignment' && parent.key.path[0]?.name === 'pretrain') {
      return { kind: 'pretrain', block: node };
    } else if (parent?.kind === 'LawDecl') {
      return parent.form
        ? { kind: 'law', entry: parent.form.name, block: node }
        : { kind: 'law', block: node };
    } else if (parent?.kind === 'Isoflop') {
      return { kind: 'run', block: node };
    }
    // A map value (rank_pattern = { … }) has no catalog params; keep looking outward? No: keys
    // inside a map are free-form, so report nothing.
    return undefined;
  }
  return undefined;
}
