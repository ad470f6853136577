/**
 * The catalog's cross-field rules (PEFT's __post_init__ rules, PEFT-METHODS §1.26) on every
 * adapter as written and on every trial (a swept `r` can break "orthogonal needs an even r").
 */
import type { Span } from '../../dsl/ast';
import { DiagnosticCodes, diagnostic, type QuickFix } from '../../dsl/diagnostics';
import { checkMethodRules, getModelFamily, type Params, type RuleViolation } from '../../catalog';
import type { ResolvedBlock } from '../blocks';
import { memoReported, onNode, type AnalysisContext, type Check } from '../context';
import { evaluateBlock } from '../blocks';
import { plain } from '../trial';
import { canonicalJson } from '../hash';
import { modelEnv } from '../families';
import type { PlanValue } from '../../types/plan';
import type { Value } from '../values';
import { plainValues } from '../trial-params';

function report(
  ctx: AnalysisContext,
  adapter: ResolvedBlock,
  v: RuleViolation,
  sites: Map<string, Span>,
): void {
  const param = v.params[0];
  const keySpan = param ? sites.get(param) : undefined;
  const entry = param ? adapter.entries.get(param) : undefined;
  let fix: QuickFix | undefined;
  if (v.fix?.kind === 'remove' && entry && keySpan === entry.key)
    fix = {
      kind: 'remove',
      title: `Remove '${param}'`,
      range: { start: entry.key.start, end: entry.expr.end },
    };
  else if (v.fix?.kind === 'set' && entry && keySpan === entry.key)
    fix = {
      kind: 'replace',
      text: JSON.stringify(v.fix.value),
      title: `Set ${param} = ${JSON.stringify(v.fix.value)}`,
      range: entry.expr,
    };
  const severity = v.severity === 'info' ? 'info' : v.severity;
  ctx.ev.report(
    diagnostic(
      DiagnosticCodes.incompatibleOption,
      severity,
      v.message,
      keySpan ?? adapter.headRange,
      fix,
    ),
  );
}

function paramsOf(ctx: AnalysisContext, values: Map<string, Value>): Params {
  const out: Record<string, PlanValue> = {};
  for (const [k, v] of values) if (v !== undefined) out[k] = plain(ctx.ev, v);
  return out;
}

/** A trial's adapter params and their JSON (kept across analyses when plain, see trial-params.ts). */
function trialParams(
  ctx: AnalysisContext,
  values: Map<string, Value>,
): { params: Params; json: string } {
  const kept = plainValues(values);
  if (kept) return kept;
  const params = paramsOf(ctx, values);
  return { params, json: canonicalJson(params) };
}

export const checkMethodRulesAll: Check = (ctx) => {
  for (const rb of ctx.blocks.values())
    onNode(ctx, 'method-rules', rb.headRange, () => {
      if (rb.kind !== 'adapter' || !rb.entry) return;
      const sites = new Map([...rb.entries].map(([k, e]) => [k, e.key] as const));
      for (const v of checkMethodRules(rb.entry, paramsOf(ctx, evaluateBlock(ctx.ev, rb))))
        report(ctx, rb, v, sites);
    });
  // Params already checked per (adapter, model): sets of the params' JSON, whose hash V8 keeps
  // with the (cached) string, where one joined key string would be built and hashed per trial.
  const checked = new Map<string, Set<string>>();
  for (const run of ctx.runs) {
    for (const s of run.sources)
      onNode(ctx, 'method-rules', s.adapter?.headRange ?? run.decl.keywordSpan, () => {
        if (!s.adapter?.entry) return;
        const { params, json } = trialParams(ctx, s.adapterParams);
        const pair = `${s.adapter.name}:${s.model?.name ?? ''}`;
        let seen = checked.get(pair);
        if (!seen) checked.set(pair, (seen = new Set()));
        if (seen.has(json)) return; // same adapter params on the same model: same verdicts
        seen.add(json);
        // Verdicts depend only on the method, its params and the model's params: share them across
        // adapters that differ in name only (common in generated sweeps).
        // One model serves many trials: its params and their JSON are built once per analysis.
        const model = s.model;
        const { modelParams, modelJson } = model
          ? memoReported(ctx, `rules-model:${model.name}`, () => {
              const p = paramsOf(ctx, evaluateBlock(ctx.ev, model));
              return { modelParams: p, modelJson: canonicalJson(p) };
            })
          : { modelParams: undefined, modelJson: 'null' };
        const verdictKey = `verdict:${s.adapter.entry}:${s.model?.entry ?? ''}:${modelJson}:${json}`;
        let verdicts = ctx.memo.get(verdictKey) as RuleViolation[] | undefined;
        if (!verdicts) {
          const fam = s.model?.entry ? getModelFamily(s.model.entry) : undefined;
          let shape;
          try {
            shape =
              fam && modelParams ? fam.shape(modelParams, modelEnv(ctx.resolveFile)) : undefined;
          } catch {
            shape = undefined; // an invalid model shape is reported by estimates
          }
          verdicts = checkMethodRules(s.adapter.entry, params, shape);
          ctx.memo.set(verdictKey, verdicts);
        }
        for (const v of verdicts) report(ctx, s.adapter, v, s.adapterSites);
      });
  }
};
