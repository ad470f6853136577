/**
 * `not-runnable`: a trial whose engine (the run's `backend`, else the default engine) cannot run
 * its method, model family or one of its option values. Reported once per adapter/model and
 * option, at the option when it is written, with the nearest runnable alternative as a quick fix.
 */
import type { BlockDecl, Span } from '../../dsl/ast';
import { DiagnosticCodes, diagnostic, type QuickFix } from '../../dsl/diagnostics';
import type { ResolvedBlock } from '../blocks';
import { onNode, type AnalysisContext, type Check, type TrialSource } from '../context';
import { trialRefusals, type Refusal } from '../runnable';
import type { TrialConfig } from '../../types/plan';

const literal = (v: unknown): string =>
  typeof v === 'string' && /^[A-Za-z_][A-Za-z0-9_]*$/.test(v) ? v : JSON.stringify(v);

/** Replaces a block's head name when the text there is the entry itself (not a parent block). */
function headFix(
  ctx: AnalysisContext,
  block: ResolvedBlock,
  instead: unknown,
): QuickFix | undefined {
  if (
    typeof instead !== 'string' ||
    ctx.text.slice(block.headRange.start, block.headRange.end) !== block.entry
  )
    return undefined;
  return { kind: 'replace', text: instead, title: `Use ${instead}`, range: block.headRange };
}

function optionFix(r: Refusal, adapter: ResolvedBlock, at: Span | undefined): QuickFix | undefined {
  const entry = r.param ? adapter.entries.get(r.param) : undefined;
  if (!entry || at !== entry.key || r.key !== undefined) return undefined;
  if (r.instead === undefined)
    return {
      kind: 'remove',
      title: `Remove '${r.param}'`,
      range: { start: entry.key.start, end: entry.expr.end },
    };
  return {
    kind: 'replace',
    text: literal(r.instead),
    title: `Set ${r.param} = ${literal(r.instead)}`,
    range: entry.expr,
  };
}

function place(
  ctx: AnalysisContext,
  s: TrialSource,
  r: Refusal,
): { at: Span; fix?: QuickFix } | undefined {
  if (r.what === 'model')
    return s.model ? { at: s.model.headRange, fix: headFix(ctx, s.model, r.instead) } : undefined;
  if (r.what === 'corpus') {
    const data = [...ctx.blocks.values()].find((b) => b.kind === 'data' && b.entry === r.corpus);
    return data ? { at: data.headRange } : undefined;
  }
  if (!s.adapter) return undefined;
  if (r.what === 'method')
    return { at: s.adapter.headRange, fix: headFix(ctx, s.adapter, r.instead) };
  const at = (r.param && s.adapterSites.get(r.param)) || undefined;
  return { at: at ?? s.adapter.headRange, fix: optionFix(r, s.adapter, at) };
}

/** A refused run-block option (checkpoint_every), at its entry, with removing it as the fix. */
function placeRunEntry(decl: BlockDecl, r: Refusal): { at: Span; fix?: QuickFix } {
  const entry = decl.body?.entries.find(
    (e) => e.key.path.length === 1 && e.key.path[0]!.name === r.param,
  );
  if (!entry) return { at: decl.name ?? decl.keywordSpan };
  return {
    at: entry.key,
    fix: {
      kind: 'remove',
      title: `Remove '${r.param}'`,
      range: { start: entry.start, end: entry.end },
    },
  };
}

/**
 * Refusals per trial config, across analyses: they depend on the config and whether the trial
 * checkpoints (and the catalog), and the run cache hands a reused run's configs back unchanged.
 */
const refused = [new WeakMap<TrialConfig, Refusal[]>(), new WeakMap<TrialConfig, Refusal[]>()];
function refusals(config: TrialConfig, checkpointed: boolean): Refusal[] {
  const memo = refused[checkpointed ? 1 : 0]!;
  let out = memo.get(config);
  if (!out) memo.set(config, (out = trialRefusals(config, checkpointed)));
  return out;
}

export const checkRunnable: Check = (ctx) => {
  const said = new Set<string>();
  for (const run of ctx.runs) {
    run.plan.trials.forEach((trial, i) => {
      const s = run.sources[i];
      if (!s) return;
      onNode(ctx, 'runnable', s.adapter?.headRange ?? run.decl.keywordSpan, () => {
        for (const r of refusals(trial.config, trial.checkpoint !== undefined)) {
          const where = r.what === 'checkpoint' ? placeRunEntry(run.decl, r) : place(ctx, s, r);
          if (!where) continue;
          const key = `${where.at.start}:${where.at.end}:${r.message}`;
          if (said.has(key)) continue;
          said.add(key);
          ctx.ev.report(
            diagnostic(DiagnosticCodes.notRunnable, 'warning', r.message, where.at, where.fix),
          );
        }
      });
    });
  }
};
