/**
 * Analysis: `.peft` text → diagnostics + ExperimentPlan + symbols. Parse, resolve names, evaluate,
 * check every value against the catalog, expand sweeps into trials with stable ids and static
 * estimates, then run the check registry.
 */
import type { BlockDecl, LawDecl } from '../dsl/ast';
import { DiagnosticCodes, diagnostic, type Diagnostic } from '../dsl/diagnostics';
import { parse } from '../dsl/parser';
import { withDefaults } from '../catalog';
import type { AnalysisResult, AnalyzeOptions } from './analysis-types';
import { catalogBlockKind, resolveBlocks, type ResolvedBlock } from './blocks';
import { runChecks } from './checks';
import type { AnalysisContext } from './context';
import { Evaluator } from './evaluate';
import type { Value } from './values';
import { resolveLaw, resolvePredict } from './laws';
import { expandRun } from './run';
import { cachedExpander } from './run-cache';
import { buildSymbols } from './symbols';
import type { LawSpec } from '../types/plan';

export const DEFAULT_MAX_TRIALS = 10_000;

/**
 * Analyses one file. Takes the text and options (experiment name, trial limit); returns the tree,
 * every diagnostic (sorted by offset), the plan (runs with errors that block expansion have no
 * trials) and the symbol table. Never throws: an internal failure becomes one diagnostic.
 */
export function analyze(text: string, options: AnalyzeOptions = {}): AnalysisResult {
  const { ast, errors } = parse(text);
  const symbols = buildSymbols(ast);
  const experiment = options.experiment ?? 'experiment';
  const plan: AnalysisResult['plan'] = {
    version: 1,
    experiment,
    runs: [],
    laws: [],
    predictions: [],
  };
  const declared = new Map<string, BlockDecl | LawDecl>();
  let blocks = new Map<string, ResolvedBlock>();
  const ev: Evaluator = new Evaluator({
    isBlock: (name) => declared.has(name),
    blockNames: () => [...declared.keys()],
    blockField: (name, field, at): Value => {
      const rb = blocks.get(name);
      if (rb?.entries.has(field)) return ev.lookup(rb.scope, field, at);
      const def = rb?.entry
        ? withDefaults(catalogBlockKind(rb.kind), rb.entry, {})[field]
        : undefined;
      if (def !== undefined) return def;
      if (rb && !rb.entry) return undefined; // its head is unknown: already reported
      ev.error(
        DiagnosticCodes.undefinedReference,
        `'${name}' has no field '${field}'; set it in '${name}' or reference another field.`,
        at,
      );
      return undefined;
    },
  });
  const diagnostics: Diagnostic[] = [...errors];
  try {
    for (const d of ast.declarations) {
      if (d.kind === 'PredictDecl' || !d.name) continue;
      const prev = declared.get(d.name.name);
      if (prev) {
        const dd = diagnostic(
          DiagnosticCodes.duplicateName,
          'error',
          `'${d.name.name}' is already declared; rename one of them.`,
          d.name,
        );
        dd.related = [
          {
            message: 'first declared here',
            range: { start: prev.name!.start, end: prev.name!.end },
          },
        ];
        ev.report(dd);
      } else declared.set(d.name.name, d);
    }
    const blockDecls = ast.declarations.filter(
      (d): d is BlockDecl => d.kind === 'BlockDecl' && !!d.name && declared.get(d.name.name) === d,
    );
    blocks = resolveBlocks(
      ev,
      blockDecls.filter((d) => d.keyword !== 'run'),
    );
    const ctx: AnalysisContext = {
      text,
      experiment,
      ast,
      ev,
      declared,
      blocks,
      runs: [],
      laws: [],
      predicts: [],
      referenced: new Set(symbols.references.map((r) => r.target!).filter(Boolean)),
      maxTrials: options.maxTrials ?? DEFAULT_MAX_TRIALS,
      memo: new Map(),
      jsonCache: new WeakMap(),
      ...(options.resolveFile ? { resolveFile: options.resolveFile } : {}),
      ...(options.searchPoints ? { searchPoints: options.searchPoints } : {}),
    };
    const budget = { left: ctx.maxTrials };
    const expand = options.cache
      ? cachedExpander(ctx, options.cache)
      : (d: BlockDecl, b: typeof budget) => expandRun(ctx, d, b);
    for (const d of blockDecls) if (d.keyword === 'run') ctx.runs.push(expand(d, budget));
    const lawSpecs = new Map<string, LawSpec | undefined>();
    for (const d of ast.declarations) {
      if (d.kind !== 'LawDecl' || !d.name || declared.get(d.name.name) !== d) continue;
      const spec = resolveLaw(ctx, d);
      lawSpecs.set(d.name.name, spec);
      ctx.laws.push(spec ? { decl: d, spec } : { decl: d });
    }
    for (const d of ast.declarations) {
      if (d.kind !== 'PredictDecl') continue;
      const spec = resolvePredict(ctx, d, lawSpecs);
      ctx.predicts.push(spec ? { decl: d, spec } : { decl: d });
    }
    runChecks(ctx, options.checks);
    plan.runs = ctx.runs.map((r) => r.plan);
    plan.laws = ctx.laws.flatMap((l) => (l.spec ? [l.spec] : []));
    plan.predictions = ctx.predicts.flatMap((p) => (p.spec ? [p.spec] : []));
  } catch (err) {
    ev.report(
      diagnostic(
        DiagnosticCodes.internalError,
        'error',
        `Internal analysis error: ${err instanceof Error ? err.message : String(err)}. Please report it with this file.`,
        { start: 0, end: 0 },
      ),
    );
  }
  diagnostics.push(...ev.diagnostics);
  diagnostics.sort((a, b) => a.range.start - b.range.start || a.range.end - b.range.end);
  return { ast, diagnostics, plan, symbols };
}
