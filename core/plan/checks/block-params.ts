/** Every written parameter of a data/model/adapter block (and a model's pretrain block) against the catalog. */
import { paramsFor } from '../../catalog';
import { catalogBlockKind } from '../blocks';
import { onNode, type Check } from '../context';
import { collectEntries, newScope } from '../evaluate';
import { checkValue, resolveKey } from '../typecheck';
import { isConstruct } from '../values';

export const checkBlockParams: Check = (ctx) => {
  const { ev } = ctx;
  const kindOf = (n: string): string | undefined => ctx.blocks.get(n)?.kind;
  for (const rb of ctx.blocks.values())
    onNode(ctx, 'block-params', rb.headRange, () => {
      if (!rb.entry) return;
      const block = catalogBlockKind(rb.kind);
      const specs = paramsFor(block, rb.entry);
      for (const [key, e] of rb.entries) {
        if (rb.kind === 'data' && key === 'corpus') continue;
        const v = ev.lookup(rb.scope, key);
        if (rb.kind === 'model' && key === 'pretrain') {
          if (!isConstruct(v)) continue;
          const pre = collectEntries(v.node.kind === 'Block' ? v.node : undefined, () => undefined);
          const scope = newScope(`${rb.name}.pretrain`, pre, undefined, rb.scope);
          for (const [pk, pe] of pre) {
            const spec = resolveKey(ev, paramsFor('pretrain'), pk, pe.key, 'pretrain', undefined);
            if (spec) checkValue(ev, spec, ev.lookup(scope, pk), pe.expr, kindOf);
          }
          continue;
        }
        const spec = resolveKey(ev, specs, key, e.key, block, rb.entry);
        if (spec) checkValue(ev, spec, v, e.expr, kindOf);
      }
    });
};
