/**
 * From a law's form (built-in name or "custom" + expression) to a `LawModel`, and evaluation of
 * a model at given parameters. Custom models are compiled once per (expression, variables).
 */
import { builtinLaw } from './builtins';
import { customLaw } from './custom';
import type { ExprError } from './expr/ast';
import type { LawModel } from './types';

const cache = new Map<string, { model?: LawModel; errors: ExprError[] }>();

/**
 * The model of a law: `builtinLaw(form)`, or the compiled `expression` over `variables` when the
 * form is "custom" (or unknown and an expression is given). `errors` (with offsets into the
 * expression, or a whole-string error for an unknown form) when neither works. Never throws.
 */
export function resolveLaw(
  form: string,
  expression: string | undefined,
  variables: readonly string[],
): { model?: LawModel; errors: ExprError[] } {
  const builtin = form === 'custom' ? undefined : builtinLaw(form);
  if (builtin) {
    if (variables.length && variables.length !== builtin.variables.length)
      return {
        errors: [
          {
            message: `${form} takes ${builtin.variables.length} variable(s) (${builtin.variables.join(', ')}), got ${variables.length} (${variables.join(', ')})`,
            start: 0,
            end: 0,
          },
        ],
      };
    return { model: builtin, errors: [] };
  }
  if (expression === undefined)
    return {
      errors: [{ message: `unknown law form '${form}' and no expression`, start: 0, end: 0 }],
    };
  const key = `${expression}\u0000${variables.join(',')}`;
  let hit = cache.get(key);
  if (!hit) {
    hit = customLaw(expression, variables);
    if (cache.size > 256) cache.clear();
    cache.set(key, hit);
  }
  return hit;
}

/** f(x; θ) for one point (θ in natural units, in `model.params` order). NaN if the inputs are out of domain. */
export function evaluateLaw(
  model: LawModel,
  theta: readonly number[],
  constants: Record<string, number>,
  x: readonly number[],
): number {
  const bound = model.bind(
    x.map((v) => Float64Array.of(v)),
    constants,
  );
  const out = new Float64Array(1);
  bound.eval(theta, out, null);
  return out[0]!;
}

/** f at many points at once (columns in variable order). */
export function evaluateMany(
  model: LawModel,
  theta: readonly number[],
  constants: Record<string, number>,
  columns: Float64Array[],
): Float64Array {
  const bound = model.bind(columns, constants);
  const out = new Float64Array(bound.n);
  bound.eval(theta, out, null);
  return out;
}
