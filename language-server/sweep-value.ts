/** Finds the sweep value under the cursor: `r = sweep [2, |4|, 8]` in run `ranks` → axis r, value 4. */
import type { AnyNode } from '../core/dsl/ast';
import type { PlanValue } from '../core/types/plan';
import type { AnalyzedDocument } from './analysis';

export interface SweepValue {
  run: string;
  axis: string;
  value: PlanValue;
  node: AnyNode;
}

/** `path` is the outermost-first chain at the cursor; undefined unless it ends on a swept value in a run. */
export function sweepValueAt(
  _doc: AnalyzedDocument,
  path: readonly AnyNode[],
): SweepValue | undefined {
  const run = path[1];
  if (run?.kind !== 'BlockDecl' || run.keyword !== 'run' || !run.name) return undefined;
  const i = path.findIndex((n) => n.kind === 'Sweep');
  if (i < 2) return undefined;
  const assignment = path[i - 1];
  const list = path[i + 1];
  let item = path[i + 2];
  if (assignment?.kind !== 'Assignment' || list?.kind !== 'List' || !item) return undefined;
  const axis = assignment.key.path.map((p) => p.name).join('.');
  if (item.kind === 'Reference')
    return { run: run.name.name, axis, value: item.path.map((p) => p.name).join('.'), node: item };
  if (item.kind === 'Unary' && item.operand.kind === 'Number')
    item = { ...item.operand, value: -item.operand.value, start: item.start };
  if (item.kind === 'Number') return { run: run.name.name, axis, value: item.value, node: item };
  return undefined;
}
