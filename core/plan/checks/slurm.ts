/** Every key of a run's `slurm { … }` map against the catalog's slurm options (typed, located). */
import { paramsFor } from '../../catalog';
import { onNode, type Check } from '../context';
import { collectEntries, newScope } from '../evaluate';
import { checkValue, resolveKey } from '../typecheck';

export const checkSlurm: Check = (ctx) => {
  const { ev } = ctx;
  const specs = paramsFor('slurm');
  for (const run of ctx.runs) {
    const entries = collectEntries(run.decl.body, () => undefined);
    const e = entries.get('slurm');
    // `slurm { … }` is a bare block; `slurm = slurm { … }` would be a construct with one.
    const body =
      e?.expr.kind === 'Block' ? e.expr : e?.expr.kind === 'Construct' ? e.expr.body : undefined;
    if (!body) continue;
    const inner = collectEntries(body, () => undefined);
    const scope = newScope(`${run.plan.name}.slurm`, inner);
    for (const [k, ie] of inner) {
      onNode(ctx, 'slurm', ie.key, () => {
        const spec = resolveKey(ev, specs, k, ie.key, 'slurm', undefined);
        if (spec)
          checkValue(ev, spec, ev.lookup(scope, k), ie.expr, (n) => ctx.blocks.get(n)?.kind);
      });
    }
  }
};
