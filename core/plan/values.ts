/**
 * Evaluated values. Plain data is a PlanValue; the evaluator also produces three tagged kinds that
 * exist only during analysis: references to named blocks, constructors (`adamw { lr = 1e-3 }`)
 * and axes (sweeps) that the run expansion turns into trials.
 */
import type { Expr, Span } from '../dsl/ast';
import type { PlanValue } from '../types/plan';

export interface BlockRefValue {
  $kind: 'ref';
  name: string;
}
export interface ConstructValue {
  $kind: 'construct';
  head: string;
  arg?: Value;
  /** Entries by key, unevaluated: the owner evaluates them in its own scope. */
  entries: Map<string, { expr: Expr; key: Span }>;
  node: Expr;
}
export interface AxisValue {
  $kind: 'axis';
  form: 'sweep' | 'log' | 'lin' | 'random' | 'zip' | 'isoflop';
  /** For zip: one list per named parameter, equal lengths; otherwise `values`. */
  values: Value[];
  zipped?: Record<string, Value[]>;
  node: Expr;
}
export type Value = PlanValue | BlockRefValue | ConstructValue | AxisValue | undefined;

const tagged = (v: Value): v is BlockRefValue | ConstructValue | AxisValue =>
  v !== null &&
  typeof v === 'object' &&
  !Array.isArray(v) &&
  typeof (v as { $kind?: unknown }).$kind === 'string';

export const isRef = (v: Value): v is BlockRefValue => tagged(v) && v.$kind === 'ref';
export const isConstruct = (v: Value): v is ConstructValue => tagged(v) && v.$kind === 'construct';
export const isAxis = (v: Value): v is AxisValue => tagged(v) && v.$kind === 'axis';

/** Converts to plain JSON: refs become their names, constructs their head, undefined null. */
export function toPlan(v: Value): PlanValue {
  if (v === undefined) return null;
  if (isRef(v)) return v.name;
  if (isConstruct(v)) return v.head;
  if (isAxis(v)) return v.values.map(toPlan);
  if (Array.isArray(v)) return v.map((x) => toPlan(x as Value));
  return v;
}

/** A short human rendering for messages: numbers in shortest form, strings quoted. */
export function show(v: Value): string {
  if (typeof v === 'string') return `"${v}"`;
  if (isRef(v)) return v.name;
  if (isConstruct(v)) return `${v.head} { … }`;
  if (isAxis(v)) return `${v.form}(…)`;
  return JSON.stringify(toPlan(v));
}
