/**
 * Law predictions for hover and inlay hints: the fitted value with its interval and the number of
 * finished trials behind the fit, read from the run store's fits.json through core/laws' predict.
 */
import { predict } from '../core/laws/predict';
import type { LawFit, LawPrediction } from '../core/laws/types';
import type { LawSpec } from '../core/types/plan';
import type { AnalyzedDocument } from './analysis';
import { fitsOf, type StoreView } from '../store/view';

export interface GroupPrediction {
  law: string;
  group?: string;
  prediction: LawPrediction;
}

/** Short text: `3.21 [3.10, 3.35] (90%, n=12)`, with "extrapolating" when beyond the data. */
export function predictionText(p: LawPrediction): string {
  if (!Number.isFinite(p.value)) return 'no prediction (point outside the law)';
  const f = (x: number) => (Number.isFinite(x) ? x.toPrecision(3) : '?');
  return `${f(p.value)} [${f(p.lo)}, ${f(p.hi)}] (${Math.round(p.level * 100)}%, n=${p.n}${p.extrapolating ? ', extrapolating' : ''})`;
}

/** Predictions of every usable fit of `law` at `point`. */
export function predictLaw(
  view: StoreView,
  law: string,
  point: Record<string, number>,
  level?: number,
): GroupPrediction[] {
  return fitsOf(view, law)
    .filter((f: LawFit) => f.ok)
    .map((f) => {
      const g: GroupPrediction = { law, prediction: predict(f, point, level ?? f.level) };
      if (f.group !== undefined) g.group = f.group;
      return g;
    });
}

/** Laws fitted to `run` with a single input `axis` (the ones a sweep value of that axis can be predicted by). */
export function lawsOverAxis(doc: AnalyzedDocument, run: string, axis: string): LawSpec[] {
  return doc.analysis.plan.laws.filter(
    (l) => l.source.kind === 'run' && l.source.run === run && l.x.length === 1 && l.x[0] === axis,
  );
}

/** Markdown lines for a law's status: each group's fit, or that no fit exists yet. */
export function fitStatusLines(view: StoreView, law: string): string[] {
  const fits = fitsOf(view, law);
  if (fits.length === 0)
    return [
      `No fit yet for \`${law}\`: run the sweep and \`peft fit\` (${view.finishedTrials} finished trial${view.finishedTrials === 1 ? '' : 's'} in the store).`,
    ];
  return fits.map((f) => {
    const head = f.group !== undefined ? `${f.by ?? 'group'} = ${f.group}` : 'fit';
    if (!f.ok)
      return `- ${head}: no fit (${f.diagnostics.map((d) => d.message).join('; ') || 'failed'})`;
    const params = f.params.map((p) => `${p.name} = ${p.value.toPrecision(3)}`).join(', ');
    return `- ${head}: ${params} (n=${f.points.length})`;
  });
}
