/** Advice that is not an error: unused blocks, LoRA's alpha/r scale trap. */
import { DiagnosticCodes, diagnostic } from '../../dsl/diagnostics';
import { getMethod } from '../../catalog';
import { onNode, type Check } from '../context';

/** data/model/adapter blocks nobody references (a hint, greyed out by editors). */
export const checkUnused: Check = (ctx) => {
  for (const rb of ctx.blocks.values()) {
    onNode(ctx, 'unused', rb.headRange, () => {
      if (ctx.referenced.has(rb.name)) return;
      ctx.ev.report(
        diagnostic(
          DiagnosticCodes.unusedDeclaration,
          'hint',
          `${rb.kind} '${rb.name}' is never used; reference it from a run or remove it.`,
          rb.decl.name ?? rb.decl.keywordSpan,
        ),
      );
    });
  }
};

/**
 * PEFT's default lora_alpha is 8, so a large r silently shrinks the update (scale alpha/r): the
 * LeRobot bug (USERS-AND-ANCHORS §3.4). Warn when r ≥ 32 and lora_alpha was never written.
 */
export const checkLoraScale: Check = (ctx) => {
  for (const run of ctx.runs) {
    for (const s of run.sources)
      onNode(ctx, 'lora-scale', s.adapter?.headRange ?? run.decl.keywordSpan, () => {
        const m = s.adapter?.entry ? getMethod(s.adapter.entry) : undefined;
        const rslora = s.adapterParams.get('use_rslora') ?? m?.preset?.params['use_rslora'];
        if (!m?.alphaScaled || rslora === true) return;
        const r = s.adapterParams.get('r');
        if (typeof r !== 'number' || r < 32 || s.adapterParams.has('lora_alpha')) return;
        const at = s.adapterSites.get('r') ?? s.adapter!.headRange;
        ctx.ev.report(
          diagnostic(
            DiagnosticCodes.largeScale,
            'warning',
            `r = ${r} with the default lora_alpha = 8 scales the update by ${(8 / r).toPrecision(2)}; set lora_alpha (e.g. lora_alpha = 2 * r) or use_rslora = true.`,
            at,
          ),
        );
      });
  }
};
