/**
 * target_modules against a real Hugging Face module tree (issue 8, USERS-AND-ANCHORS §3.1–3.2):
 * each list entry that adapts nothing (with a did-you-mean quick fix), entries that hit modules
 * PEFT cannot wrap, a regex that matches nothing, rank/alpha pattern keys that are unused or
 * shadowed, `all-linear` with layers_to_transform (PEFT ignores the layer list), and an
 * unreadable config.json. The lora_alpha/r scale lint stays in advice.ts (one source).
 */
import type { Expr, Span } from '../../dsl/ast';
import {
  DiagnosticCodes,
  diagnostic,
  type DiagnosticCode,
  type QuickFix,
} from '../../dsl/diagnostics';
import { getMethod, type Params } from '../../catalog';
import { headOf, hfModel, type HfModel } from '../../hf/family';
import { targetReport } from '../../hf/report';
import { evaluateBlock, type ResolvedBlock } from '../blocks';
import { onNode, type AnalysisContext, type Check } from '../context';
import { plain } from '../trial';
import type { PlanValue } from '../../types/plan';
import type { Value } from '../values';

/** Stable codes of this check (append only). */
export const HfCodes = {
  configUnreadable: DiagnosticCodes.hfConfigUnreadable,
  targetUnmatched: DiagnosticCodes.hfTargetUnmatched,
  targetNoneMatched: DiagnosticCodes.hfTargetNoneMatched,
  targetUnsupported: DiagnosticCodes.hfTargetUnsupported,
  targetInvalid: DiagnosticCodes.hfTargetInvalid,
  patternUnused: DiagnosticCodes.hfPatternUnused,
  patternShadowed: DiagnosticCodes.hfPatternShadowed,
  allLinearLayers: DiagnosticCodes.hfAllLinearLayers,
} as const;

function paramsOf(ctx: AnalysisContext, values: Map<string, Value>): Record<string, PlanValue> {
  const out: Record<string, PlanValue> = {};
  for (const [k, v] of values) if (v !== undefined) out[k] = plain(ctx.ev, v);
  return out;
}

const itemName = (e: Expr): string | undefined =>
  e.kind === 'String'
    ? e.value
    : e.kind === 'Reference' && e.path.length === 1
      ? e.path[0]!.name
      : undefined;

/** The span of the `key` entry inside a `{ … }` map value, else the whole value. */
function mapKeySpan(expr: Expr | undefined, key: string): Span | undefined {
  const body = expr?.kind === 'Block' ? expr : expr?.kind === 'Construct' ? expr.body : undefined;
  return body?.entries.find((a) => a.key.path.map((p) => p.name).join('.') === key)?.key ?? expr;
}

function checkOne(
  ctx: AnalysisContext,
  adapter: ResolvedBlock,
  m: HfModel,
  params: Params,
  sites: Map<string, Span>,
  seen: Set<string>,
): void {
  const report = (
    code: DiagnosticCode,
    severity: 'error' | 'warning' | 'info',
    message: string,
    at: Span,
    fix?: QuickFix,
  ): void => {
    const k = `${code}@${at.start}:${message}`;
    if (seen.has(k)) return;
    seen.add(k);
    ctx.ev.report(diagnostic(code, severity, message, at, fix));
  };
  const tmEntry = adapter.entries.get('target_modules');
  const tmAt = sites.get('target_modules') ?? adapter.headRange;
  const r = targetReport(m.tree, params, m.defaults);
  if (r.error) return report(HfCodes.targetInvalid, 'error', r.error, tmEntry?.expr ?? tmAt);
  const items = tmEntry?.expr.kind === 'List' ? tmEntry.expr.items : [];
  const allMiss = r.entries.length > 0 && r.adapted.length === 0;
  for (const e of r.entries) {
    const at = items.find((it) => itemName(it) === e.entry) ?? tmEntry?.expr ?? tmAt;
    if (e.unsupported.length > 0) {
      report(
        HfCodes.targetUnsupported,
        'error',
        `'${e.entry}' matches ${e.unsupported.length} module(s) PEFT cannot wrap (e.g. ${e.unsupported[0]}); target their Linear children instead.`,
        at,
      );
    } else if (e.count === 0 && e.rawCount === 0) {
      const hint = e.suggestion
        ? `; did you mean '${e.suggestion}'?`
        : `; adaptable names: ${[...new Set(m.sites.map((s) => s.name.split('.').pop()!))].join(', ')}.`;
      const fix: QuickFix | undefined = e.suggestion
        ? { kind: 'replace', text: e.suggestion, title: `Change to '${e.suggestion}'` }
        : undefined;
      report(
        allMiss ? HfCodes.targetNoneMatched : HfCodes.targetUnmatched,
        allMiss ? 'error' : 'warning',
        `'${e.entry}' matches no module of this ${m.arch.modelType} model${allMiss ? ' (nothing matches: PEFT raises "Target modules … not found")' : ' (PEFT ignores it silently)'}${hint}`,
        at,
        fix,
      );
    } else if (e.count === 0) {
      report(
        HfCodes.targetUnmatched,
        'warning',
        `'${e.entry}' matches ${e.rawCount} module(s), but exclude_modules / layers_to_transform remove all of them.`,
        at,
      );
    }
  }
  if (
    typeof params['target_modules'] === 'string' &&
    params['target_modules'] !== 'all-linear' &&
    r.adapted.length === 0
  ) {
    report(
      HfCodes.targetNoneMatched,
      'error',
      `The regex ${JSON.stringify(params['target_modules'])} matches no module name (it must match the whole name, e.g. 'model.layers.0.self_attn.q_proj').`,
      tmEntry?.expr ?? tmAt,
    );
  }
  if (r.allLinearIgnoresLayers) {
    report(
      HfCodes.allLinearLayers,
      'warning',
      `PEFT expands 'all-linear' to full module names, which skip the layers_to_transform filter: all ${r.layers} layers are adapted. List the names (e.g. [q_proj, v_proj]) to restrict layers.`,
      sites.get('layers_to_transform') ?? tmAt,
    );
  }
  for (const pk of r.patterns) {
    const at =
      mapKeySpan(adapter.entries.get(pk.map)?.expr, pk.key) ??
      sites.get(pk.map) ??
      adapter.headRange;
    if (pk.unused)
      report(
        HfCodes.patternUnused,
        'warning',
        `${pk.map} key '${pk.key}' matches no adapted module (keys match as (.*\\.)?(key)$); PEFT ignores it.`,
        at,
      );
    else if (pk.shadowed)
      report(
        HfCodes.patternShadowed,
        'warning',
        `${pk.map} key '${pk.key}' is shadowed: every module it matches takes the earlier key '${pk.shadowedBy}' (first match wins).`,
        at,
      );
  }
}

const TARGET_FIELDS = [
  'target_modules',
  'exclude_modules',
  'layers_to_transform',
  'layers_pattern',
  'rank_pattern',
  'alpha_pattern',
];

export const checkHfTargets: Check = (ctx) => {
  const seen = new Set<string>();
  const checked = new Set<string>();
  for (const run of ctx.runs) {
    for (const s of run.sources)
      onNode(ctx, 'hf-targets', s.adapter?.headRange ?? run.decl.keywordSpan, () => {
        if (
          s.model?.entry !== 'hf' ||
          !s.adapter?.entry ||
          !getMethod(s.adapter.entry)?.usesTargets
        )
          return;
        if (!ctx.resolveFile) return; // no file access (e.g. a browser host): estimates already say so
        const mp = paramsOf(ctx, evaluateBlock(ctx.ev, s.model));
        let m: HfModel;
        try {
          m = hfModel(mp['config'], ctx.resolveFile, headOf(mp));
        } catch (err) {
          const at = s.model.entries.get('config')?.expr ?? s.model.headRange;
          const msg = err instanceof Error ? err.message : String(err);
          const k = `cfg@${at.start}:${msg}`;
          if (!seen.has(k)) {
            seen.add(k);
            ctx.ev.report(diagnostic(HfCodes.configUnreadable, 'error', `${msg}.`, at));
          }
          return;
        }
        const params = paramsOf(ctx, s.adapterParams);
        // Diagnostics depend only on the target fields: a sweep over r, lr or seeds is checked once.
        const key = `${s.adapter.name}|${m.total}|${JSON.stringify(TARGET_FIELDS.map((f) => params[f] ?? null))}`;
        if (checked.has(key)) return;
        checked.add(key);
        checkOne(ctx, s.adapter, m, params, s.adapterSites, seen);
      });
  }
};
