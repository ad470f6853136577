/**
 * A run's axes as a search space (docs/search.md, "Search space"):
 * - `log(a .. b, n)` → a log axis over [a, b], `lin(a .. b, n)` → a linear one (n is ignored by
 *   the search; the sample for the estimate uses the n written points);
 * - `random(loguniform(a .. b))`, `uniform`, `int_uniform` → log, linear, whole-number axes over
 *   the distribution's range; `random(choice([…]))` → a categorical axis of the list;
 * - a list `[…]` (a sweep) → a categorical axis of exactly the written values (unordered);
 * - `zip(…)` → a categorical axis of its positions (the zipped values move together);
 * - a numeric axis whose written values are all whole numbers is searched over whole numbers;
 * - `seeds` / a `seed` axis are replicates of every suggestion, never searched;
 * - `isoflop` cannot be searched (its steps follow the budget): an error.
 */
import type { CallExpr, Expr, Span } from '../dsl/ast';
import { DiagnosticCodes } from '../dsl/diagnostics';
import { mulberry32 } from '../random';
import type { Evaluator, Scope } from './evaluate';
import { isRef, type AxisValue, type Value } from './values';
import type { SearchAxis } from '../types/plan';

/** One axis of a run as run.ts collects it. */
export interface RunAxis {
  key: string;
  at: Span;
  length: number;
  axis: AxisValue;
}

/** A searched axis: its space axis plus what maps a suggested value back to a written value. */
export interface SearchDim {
  axis: SearchAxis;
  /** The values as written (categorical: one per choice; numeric: the sample for estimates). */
  written: Value[];
  /** For a zip axis: the zipped lists (a choice is a position). */
  zipped?: Record<string, Value[]>;
}

/** The most grid points expanded for the static estimate of a search run. */
export const SAMPLE_POINTS = 32;

const label = (v: Value): string | number =>
  typeof v === 'number' || typeof v === 'string'
    ? v
    : isRef(v)
      ? v.name
      : JSON.stringify(v ?? null);
const whole = (vs: Value[]): boolean =>
  vs.every((v) => typeof v === 'number' && Number.isInteger(v));

/** The distribution of a `random(DIST, …)` axis; undefined when it cannot be read. */
function randomDim(ev: Evaluator, a: RunAxis, scope: Scope): SearchDim | undefined {
  const call = a.axis.node as CallExpr;
  const dist = call.kind === 'Call' ? call.args[0] : undefined;
  if (!dist || dist.kind !== 'Call') return undefined;
  const first = dist.args[0] as Expr | undefined;
  if (dist.callee.name === 'choice') {
    const list = first ? ev.eval(first, scope) : undefined;
    if (!Array.isArray(list)) return undefined;
    return { axis: { name: a.key, kind: 'categorical', choices: list.map(label) }, written: list };
  }
  if (!first || first.kind !== 'Range') return undefined;
  const low = ev.eval(first.from, scope);
  const high = ev.eval(first.to, scope);
  if (typeof low !== 'number' || typeof high !== 'number' || !(low < high)) return undefined;
  const kind = dist.callee.name === 'loguniform' ? 'log' : 'linear';
  const integer = dist.callee.name === 'int_uniform';
  return {
    axis: { name: a.key, kind, low, high, ...(integer ? { integer } : {}) },
    written: a.axis.values,
  };
}

/** The space of `axes` (seeds excluded by the caller); undefined (reported) when not searchable. */
export function searchSpace(
  ev: Evaluator,
  axes: readonly RunAxis[],
  scope: Scope,
  at: Span,
): SearchDim[] | undefined {
  if (axes.length === 0) {
    ev.error(
      DiagnosticCodes.invalidSearch,
      'A search needs axes to search: write ranges such as lr = log(1e-4 .. 1e-2, 5) or lists such as r = [4, 8, 16] in the run.',
      at,
    );
    return undefined;
  }
  const dims: SearchDim[] = [];
  for (const a of axes) {
    const vs = a.axis.values;
    const form = a.axis.form;
    if (form === 'isoflop') {
      ev.error(
        DiagnosticCodes.invalidSearch,
        `isoflop axes cannot be searched (their steps follow the budget); run '${a.key}' as a grid.`,
        a.at,
      );
      return undefined;
    }
    if (form === 'zip') {
      const choices = vs.map((_, i) => i);
      dims.push({
        axis: { name: a.key, kind: 'categorical', choices },
        written: vs,
        zipped: a.axis.zipped!,
      });
    } else if ((form === 'log' || form === 'lin') && vs.length > 1) {
      const nums = vs.filter((v): v is number => typeof v === 'number');
      const low = Math.min(...nums);
      const high = Math.max(...nums);
      const kind = form === 'log' ? 'log' : 'linear';
      dims.push({
        axis: { name: a.key, kind, low, high, ...(whole(vs) ? { integer: true } : {}) },
        written: vs,
      });
    } else if (form === 'random') {
      const d = randomDim(ev, a, scope);
      if (!d) {
        ev.error(
          DiagnosticCodes.invalidSearch,
          `Cannot read the distribution of '${a.key}' to search it.`,
          a.at,
        );
        return undefined;
      }
      dims.push(d);
    } else {
      dims.push({
        axis: { name: a.key, kind: 'categorical', choices: vs.map(label) },
        written: vs,
      });
    }
  }
  return dims;
}

/** Rounds a suggestion the way the file's values are kept: whole numbers, or 6 significant digits. */
export function quantize(axis: SearchAxis, v: string | number): string | number {
  if (axis.kind === 'categorical' || typeof v !== 'number') return v;
  const r = axis.integer ? Math.round(v) : Number(v.toPrecision(6));
  return Math.min(axis.high, Math.max(axis.low, r));
}

/** One point (axis name → suggested value) as the written values each run key takes. */
function picksOf(
  dims: readonly SearchDim[],
  point: Record<string, string | number>,
): Map<string, Value> {
  const out = new Map<string, Value>();
  for (const d of dims) {
    const v = point[d.axis.name];
    if (v === undefined) throw new Error(`search point lacks axis '${d.axis.name}'`);
    if (d.axis.kind !== 'categorical') {
      out.set(d.axis.name, quantize(d.axis, v));
      continue;
    }
    const i = d.axis.choices.indexOf(v);
    if (i < 0)
      throw new Error(
        `search point value ${JSON.stringify(v)} is not a choice of '${d.axis.name}'`,
      );
    if (d.zipped) for (const [k, list] of Object.entries(d.zipped)) out.set(k, list[i]);
    else out.set(d.axis.name, d.written[i]);
  }
  return out;
}

/** One `zip` axis over the given points: expanding it builds exactly those trials. */
function zipAxis(rows: Array<Map<string, Value>>, at: Span, node: Expr): RunAxis {
  const zipped: Record<string, Value[]> = {};
  for (const k of rows[0]?.keys() ?? []) zipped[k] = rows.map((r) => r.get(k));
  const values = rows.map((_, i) => i);
  return {
    key: '$search',
    at,
    length: rows.length,
    axis: { $kind: 'axis', form: 'zip', values, zipped, node },
  };
}

/** The axis of the suggested points, in order (none: an empty axis, so nothing expands). */
export function pointsAxis(
  dims: readonly SearchDim[],
  points: ReadonlyArray<Record<string, string | number>>,
  at: Span,
  node: Expr,
): RunAxis {
  return zipAxis(
    points.map((p) => picksOf(dims, p)),
    at,
    node,
  );
}

/**
 * The axis of a sample of the written grid (all of it up to SAMPLE_POINTS points, else that many
 * seeded draws of one written value per axis), expanded only for the checks and the estimate.
 */
export function sampleAxis(dims: readonly SearchDim[], at: Span, node: Expr): RunAxis {
  const sizes = dims.map((d) => d.written.length);
  const total = sizes.reduce((a, b) => a * b, 1);
  const rand = mulberry32(7);
  const rows: Array<Map<string, Value>> = [];
  for (let t = 0; t < Math.min(total, SAMPLE_POINTS); t++) {
    let rest = t;
    const point: Record<string, string | number> = {};
    dims.forEach((d, k) => {
      const i = total <= SAMPLE_POINTS ? rest % sizes[k]! : Math.floor(rand() * sizes[k]!);
      rest = Math.floor(rest / sizes[k]!);
      point[d.axis.name] =
        d.axis.kind === 'categorical' ? d.axis.choices[i]! : (d.written[i] as number);
    });
    rows.push(picksOf(dims, point));
  }
  return zipAxis(rows, at, node);
}
