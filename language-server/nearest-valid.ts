/**
 * The nearest valid value for an out-of-range parameter, when the analysis did not attach a fix:
 * the violated bound itself, or just inside it when the bound is exclusive (an int moves by 1, a
 * float by 1% of the bound's magnitude, at least 0.01).
 */
import { paramsFor } from '../core/catalog';
import type { Span } from '../core/dsl/ast';
import type { QuickFix } from '../core/dsl/diagnostics';
import type { AnalyzedDocument } from './analysis';
import { nodePath } from './ast-walk';
import { blockContext } from './block-context';

export function nearestValid(
  value: number,
  spec: {
    type: unknown;
    min?: number;
    max?: number;
    exclusiveMin?: boolean;
    exclusiveMax?: boolean;
  },
): number | undefined {
  const isInt =
    spec.type === 'int' ||
    (Array.isArray(spec.type) && spec.type.includes('int') && !spec.type.includes('float'));
  const nudge = (bound: number) => (isInt ? 1 : Math.max(0.01, Math.abs(bound) * 0.01));
  if (spec.min !== undefined && (value < spec.min || (spec.exclusiveMin && value === spec.min)))
    return spec.exclusiveMin ? spec.min + nudge(spec.min) : spec.min;
  if (spec.max !== undefined && (value > spec.max || (spec.exclusiveMax && value === spec.max)))
    return spec.exclusiveMax ? spec.max - nudge(spec.max) : spec.max;
  return undefined;
}

const show = (n: number): string => String(Number(n.toPrecision(6)));

/** A replace fix for the out-of-range number at `range`, or undefined when it cannot be found. */
export function outOfRangeFix(doc: AnalyzedDocument, range: Span): QuickFix | undefined {
  const path = nodePath(doc.analysis.ast, range.start);
  const ai = path.map((n) => n.kind).lastIndexOf('Assignment');
  const assignment = path[ai];
  const leaf = path[path.length - 1];
  if (ai < 0 || assignment?.kind !== 'Assignment' || leaf?.kind !== 'Number') return undefined;
  const ctx = blockContext(path.slice(0, ai));
  const spec =
    ctx && paramsFor(ctx.kind, ctx.entry).find((p) => p.name === assignment.key.path[0]?.name);
  const negative = path[path.length - 2]?.kind === 'Unary';
  const value = negative ? -leaf.value : leaf.value;
  const fixed = spec && nearestValid(value, spec);
  if (fixed === undefined) return undefined;
  return {
    kind: 'replace',
    text: show(fixed),
    title: `Change to the nearest valid value ${show(fixed)}`,
    range: negative ? path[path.length - 2]! : leaf,
  };
}
