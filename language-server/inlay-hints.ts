/**
 * Inlay hints: trainable parameters after each adapter declaration, the trial count after each
 * sweep, and — once a law over that axis is fitted — the predicted metric after each sweep value.
 */
import { InlayHintKind, type InlayHint, type Range } from 'vscode-languageserver';
import type { AnalyzedDocument } from './analysis';
import { walk } from './ast-walk';
import { formatCount } from './convert';
import { lawsOverAxis, predictLaw } from './predictions';
import type { StoreView } from '../store/view';
import { trialsOfBlock } from './trial-summary';
import { adapterTargetHint } from './hf-hints';

function hint(doc: AnalyzedDocument, offset: number, label: string, tooltip?: string): InlayHint {
  const h: InlayHint = {
    position: doc.lines.positionAt(offset),
    label,
    kind: InlayHintKind.Type,
    paddingLeft: true,
  };
  if (tooltip) h.tooltip = tooltip;
  return h;
}

function countRange(xs: number[]): string {
  const lo = Math.min(...xs);
  const hi = Math.max(...xs);
  return lo === hi ? formatCount(lo) : `${formatCount(lo)}–${formatCount(hi)}`;
}

/** Hints whose position lies in `range`. */
export function inlayHints(
  doc: AnalyzedDocument,
  view: StoreView,
  range: Range,
  level?: number,
): InlayHint[] {
  const from = doc.lines.offsetAt(range.start);
  const to = doc.lines.offsetAt(range.end);
  const out: InlayHint[] = [];
  for (const d of doc.analysis.ast.declarations) {
    if (d.end < from || d.start > to) continue;
    if (d.kind === 'BlockDecl' && d.keyword === 'adapter' && d.name) {
      const target = adapterTargetHint(doc, d);
      if (target)
        out.push(
          hint(
            doc,
            target.offset,
            target.hints.inlay,
            "PEFT target matching against the model config's module tree",
          ),
        );
      const trials = trialsOfBlock(doc, 'adapter', d.name.name);
      if (trials.length > 0) {
        const n = trials.map((t) => t.estimates.trainableParams);
        const pct = trials.map((t) => t.estimates.trainablePercent);
        out.push(
          hint(
            doc,
            d.end,
            `${countRange(n)} trainable (${Math.min(...pct).toPrecision(2)}%)`,
            'Trainable parameters of this adapter in the planned trials',
          ),
        );
      }
    }
    if (d.kind !== 'BlockDecl' || d.keyword !== 'run' || !d.name) continue;
    const run = d.name.name;
    const planned = doc.analysis.plan.runs.find((r) => r.name === run);
    const trials = planned?.trials.length ?? 0;
    // A search run's trials come at run time: say what the axis is, not "0 trials".
    const count = planned?.search ? `${planned.search.method} search` : `${trials} trials`;
    walk(d, (node, parent) => {
      if (node.kind !== 'Sweep' || parent?.kind !== 'Assignment' || node.values.kind !== 'List')
        return;
      const axis = parent.key.path.map((p) => p.name).join('.');
      out.push(hint(doc, node.end, `${node.values.items.length} values · ${count}`));
      for (const law of lawsOverAxis(doc, run, axis)) {
        for (const item of node.values.items) {
          if (item.kind !== 'Number') continue;
          const preds = predictLaw(view, law.name, { [axis]: item.value }, level).filter((p) =>
            Number.isFinite(p.prediction.value),
          );
          if (preds.length === 0) continue;
          const label = preds
            .map(
              (p) =>
                `${p.group !== undefined ? `${p.group} ` : ''}${p.prediction.value.toPrecision(3)}`,
            )
            .join(' / ');
          out.push(
            hint(
              doc,
              item.end,
              `≈${label}`,
              `${law.name} predicts ${law.y} (n=${preds[0]!.prediction.n})`,
            ),
          );
        }
      }
    });
  }
  return out.filter((h) => {
    const o = doc.lines.offsetAt(h.position);
    return o >= from && o <= to;
  });
}
