/**
 * How much each axis of a sweep or search explains the metric, from the finished trials alone
 * (an fANOVA-lite: no surrogate model). Every score is a fraction of the variance of the metric's
 * ranks that one axis explains, so numeric and categorical axes compare on one scale:
 * - a categorical axis (or one with strings): ω² of a one-way ANOVA on the ranks,
 *   (SS_between − (k−1)·MS_within) / (SS_total + MS_within), clipped at 0 (Hays; unlike η² it
 *   does not grow with the number of categories on noise alone);
 * - a numeric axis: the larger of Spearman's ρ² (monotone effects, whatever the axis scale, so a
 *   log axis needs no special case) and ω² over up to 4 quantile bins of the axis (effects with
 *   an optimum inside the range, as a learning rate has, which ρ misses).
 * `n` is reported so views can say how few trials a score rests on.
 */

export type AxisScalar = string | number | boolean | null;

export interface ImportanceTrial {
  axes: Record<string, AxisScalar>;
  /** The metric (any direction: ranks are symmetric). */
  value: number;
  /** Only `done` trials (or those without a state) count: pruned and failed ones are partial. */
  state?: string;
}

export interface AxisImportance {
  axis: string;
  kind: 'numeric' | 'categorical';
  /** Fraction of the metric's rank variance explained, in [0, 1]. */
  score: number;
  /** score / the sum of all axes' scores (0 when all are 0). */
  share: number;
  /** Numeric axes: Spearman's ρ (its sign says whether the metric rises with the axis). */
  rho?: number;
  /** Trials that count for this axis. */
  n: number;
}

/** Average ranks (1-based), ties sharing their mean rank. */
export function ranks(xs: readonly number[]): number[] {
  const order = xs.map((x, i) => [x, i] as const).sort((a, b) => a[0] - b[0]);
  const out = new Array<number>(xs.length);
  for (let i = 0; i < order.length;) {
    let j = i;
    while (j + 1 < order.length && order[j + 1]![0] === order[i]![0]) j++;
    for (let k = i; k <= j; k++) out[order[k]![1]] = (i + j) / 2 + 1;
    i = j + 1;
  }
  return out;
}

function pearson(a: readonly number[], b: readonly number[]): number {
  const n = a.length;
  const ma = a.reduce((s, x) => s + x, 0) / n;
  const mb = b.reduce((s, x) => s + x, 0) / n;
  let sab = 0;
  let saa = 0;
  let sbb = 0;
  for (let i = 0; i < n; i++) {
    sab += (a[i]! - ma) * (b[i]! - mb);
    saa += (a[i]! - ma) ** 2;
    sbb += (b[i]! - mb) ** 2;
  }
  return saa > 0 && sbb > 0 ? sab / Math.sqrt(saa * sbb) : 0;
}

/** ω² of the ranks `r` grouped by `groups`; raw η² when no within-group degrees of freedom remain. */
function omegaSquared(groups: readonly string[], r: readonly number[]): number {
  const n = r.length;
  const mean = r.reduce((s, x) => s + x, 0) / n;
  const total = r.reduce((s, x) => s + (x - mean) ** 2, 0);
  if (total === 0) return 0;
  const by = new Map<string, number[]>();
  groups.forEach((g, i) => by.set(g, [...(by.get(g) ?? []), r[i]!]));
  let between = 0;
  for (const list of by.values())
    between += list.length * (list.reduce((s, x) => s + x, 0) / list.length - mean) ** 2;
  const k = by.size;
  if (n <= k) return between / total;
  const msWithin = (total - between) / (n - k);
  return Math.max(0, (between - (k - 1) * msWithin) / (total + msWithin));
}

/** Quantile bins (up to 4, at least 2 trials each on average) of a numeric axis, as labels. */
function quantileBins(xs: readonly number[]): string[] {
  const k = Math.min(4, new Set(xs).size, Math.floor(xs.length / 2));
  const rx = ranks(xs);
  return rx.map((q) => String(Math.min(k - 1, Math.floor(((q - 1) / xs.length) * k))));
}

/**
 * The importance of every axis that appears in the counted trials, most important first (ties by
 * name). An axis with one value, or fewer than 3 counted trials, scores 0.
 */
export function axisImportance(trials: readonly ImportanceTrial[]): AxisImportance[] {
  const done = trials.filter(
    (t) => (t.state === undefined || t.state === 'done') && Number.isFinite(t.value),
  );
  const names = [...new Set(done.flatMap((t) => Object.keys(t.axes)))].sort();
  const out: AxisImportance[] = names.map((axis) => {
    const rows = done.filter((t) => t.axes[axis] !== undefined && t.axes[axis] !== null);
    const xs = rows.map((t) => t.axes[axis]!);
    const numeric = xs.every((x) => typeof x === 'number');
    const kind = numeric ? 'numeric' : 'categorical';
    if (rows.length < 3 || new Set(xs.map(String)).size < 2)
      return { axis, kind, score: 0, share: 0, n: rows.length };
    const r = ranks(rows.map((t) => t.value));
    if (numeric) {
      const rho = pearson(ranks(xs), r);
      const binned = omegaSquared(quantileBins(xs), r);
      return { axis, kind, score: Math.max(rho * rho, binned), share: 0, rho, n: rows.length };
    }
    return { axis, kind, score: omegaSquared(xs.map(String), r), share: 0, n: rows.length };
  });
  const sum = out.reduce((s, a) => s + a.score, 0);
  for (const a of out) a.share = sum > 0 ? a.score / sum : 0;
  return out.sort((a, b) => b.score - a.score || a.axis.localeCompare(b.axis));
}
