/**
 * Real-model target hints (issue 8): for an adapter used with an `hf` model, "matches N modules in
 * M layers" after its `target_modules`, and a hover table of the effective r, alpha and scale per
 * module, both from core/hf's PEFT matching against the config's module tree.
 */
import { hfTargetHints, type HfTargetHints } from '../core/hf/hints';
import type { BlockDecl } from '../core/dsl';
import type { AnalyzedDocument } from './analysis';
import { trialsOfBlock } from './trial-summary';

export interface AdapterTargetHint {
  /** Offset just after the `target_modules` entry (or the declaration when it has none). */
  offset: number;
  /** The entry's key span, for hovers. */
  key?: { start: number; end: number };
  hints: HfTargetHints;
}

/** The hint for one adapter declaration, or undefined when no planned trial uses it with an hf model. */
export function adapterTargetHint(
  doc: AnalyzedDocument,
  decl: BlockDecl,
): AdapterTargetHint | undefined {
  if (!decl.name) return undefined;
  const trial = trialsOfBlock(doc, 'adapter', decl.name.name).find(
    (t) => t.config.model.family === 'hf',
  );
  if (!trial) return undefined;
  let hints: HfTargetHints;
  try {
    hints = hfTargetHints(
      trial.config.model.params.config,
      trial.config.adapter.params,
      doc.resolveFile,
    );
  } catch {
    return undefined; // an unreadable config is already a diagnostic (hf-config-unreadable)
  }
  const body = decl.value?.kind === 'Construct' ? decl.value.body : decl.body;
  const entry = body?.entries.find(
    (e) => e.key.path.length === 1 && e.key.path[0]?.name === 'target_modules',
  );
  return entry
    ? { offset: entry.end, key: { start: entry.key.start, end: entry.key.end }, hints }
    : { offset: decl.end, hints };
}
