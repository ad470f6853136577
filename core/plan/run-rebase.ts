/**
 * Moves a cached run to where its declarations stand now. The run cache matches runs by the text
 * of the run and of what it references, not by offset, so text typed above a run still reuses it;
 * what it cached carries offsets (diagnostics, the sites of adapter options, tree nodes inside
 * evaluated values), and this rewrites them. Each declaration moved as a whole (its text is
 * unchanged), so an offset moves by the shift of the declaration that contains it, and each old
 * tree node has a twin at the same place in the new tree.
 */
import type { Declaration, Expr, Span } from '../dsl/ast';
import type { Diagnostic, QuickFix } from '../dsl/diagnostics';
import type { AnalysisContext, RunResult, TrialSource } from './context';
import { isAxis, isConstruct, type AxisValue, type ConstructValue, type Value } from './values';

/** Old tree objects → their twins in the new tree (same text, so the same shape). */
function pairNodes(a: unknown, b: unknown, map: Map<object, object>): void {
  if (typeof a !== 'object' || a === null || typeof b !== 'object' || b === null) return;
  if (map.has(a)) return;
  map.set(a, b);
  if (Array.isArray(a)) a.forEach((x, i) => pairNodes(x, (b as unknown[])[i], map));
  else
    for (const k of Object.keys(a))
      pairNodes((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], map);
}

export function rebaseRun(
  ctx: AnalysisContext,
  cached: { result: RunResult; reports: Diagnostic[]; decls: Declaration[] },
  decl: RunResult['decl'],
  decls: Declaration[],
): { result: RunResult; reports: Diagnostic[] } {
  // The declaration an offset belongs to is the last one starting at or before it: offsets a
  // declaration computes can sit just past its end (an insert fix after a body-less block).
  const shiftOf = (at: number): number => {
    let by = 0; // before every declaration (the file start): it did not move
    for (let i = 0; i < cached.decls.length && cached.decls[i]!.start <= at; i++)
      by = decls[i]!.start - cached.decls[i]!.start;
    return by;
  };
  const span = (s: Span): Span => {
    const by = shiftOf(s.start);
    return { start: s.start + by, end: s.end + by };
  };
  let nodes: Map<object, object> | undefined;
  const node = (e: Expr): Expr => {
    if (!nodes) {
      nodes = new Map();
      cached.decls.forEach((d, i) => pairNodes(d, decls[i], nodes!));
    }
    return (nodes.get(e) as Expr | undefined) ?? e;
  };
  const value = (v: Value): Value => {
    if (Array.isArray(v)) return v.map((x) => value(x as Value)) as Value;
    if (isConstruct(v)) {
      const out: ConstructValue = {
        $kind: 'construct',
        head: v.head,
        entries: new Map(
          [...v.entries].map(([k, e]) => [k, { expr: node(e.expr), key: span(e.key) }] as const),
        ),
        node: node(v.node),
      };
      if ('arg' in v) out.arg = value(v.arg);
      return out;
    }
    if (isAxis(v)) {
      const out: AxisValue = { ...v, values: v.values.map(value), node: node(v.node) };
      if (v.zipped)
        out.zipped = Object.fromEntries(
          Object.entries(v.zipped).map(([k, list]) => [k, list.map(value)]),
        );
      return out;
    }
    return v;
  };
  const fix = (q: QuickFix): QuickFix => {
    if (q.kind === 'insert')
      return q.offset === undefined ? q : { ...q, offset: q.offset + shiftOf(q.offset) };
    return q.range ? { ...q, range: span(q.range) } : q;
  };
  const reports = cached.reports.map((d) => {
    const out: Diagnostic = { ...d, range: span(d.range) };
    if (d.related) out.related = d.related.map((r) => ({ ...r, range: span(r.range) }));
    if (d.data) out.data = fix(d.data);
    return out;
  });
  const block = <B extends { name: string }>(b: B | undefined): B | undefined =>
    b ? ((ctx.blocks.get(b.name) as B | undefined) ?? b) : undefined;
  // Maps of plain values stay the same object, so checks' per-map caches keep working.
  const moves = (v: Value): boolean =>
    isConstruct(v) || isAxis(v) || (Array.isArray(v) && v.some((x) => moves(x)));
  const sources = cached.result.sources.map((s): TrialSource => {
    const out: TrialSource = {
      adapterParams: [...s.adapterParams.values()].some(moves)
        ? new Map([...s.adapterParams].map(([k, v]) => [k, value(v)] as const))
        : s.adapterParams,
      adapterSites: new Map([...s.adapterSites].map(([k, at]) => [k, span(at)] as const)),
    };
    const adapter = block(s.adapter);
    const model = block(s.model);
    if (adapter) out.adapter = adapter;
    if (model) out.model = model;
    return out;
  });
  return { result: { decl, plan: cached.result.plan, sources }, reports };
}
