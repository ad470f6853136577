/**
 * Custom laws written as math in the file (`fit "E + A*N^-a + B*D^-b"`): parsed by our own
 * parser, differentiated by forward-mode AD, never `eval`ed. Parameters are every identifier that
 * is not a bound variable; they start from a small grid (wider for coefficients than exponents)
 * unless the file gives starts and bounds.
 */
import type { ExprError, ExprNode } from './expr/ast';
import { compileExpression, freeParameters } from './expr/compile';
import { parseExpression } from './expr/parse';
import type { LawModel, ParamSpec } from './types';

/** Names that appear inside an exponent (right of ^ or inside exp()): they get exponent-sized starts. */
function exponentNames(node: ExprNode, inExponent: boolean, out: Set<string>): Set<string> {
  switch (node.kind) {
    case 'id':
      if (inExponent) out.add(node.name);
      break;
    case 'neg':
      exponentNames(node.arg, inExponent, out);
      break;
    case 'bin':
      exponentNames(node.left, inExponent, out);
      exponentNames(node.right, inExponent || node.op === '^', out);
      break;
    case 'call':
      for (const a of node.args) exponentNames(a, inExponent || node.fn === 'exp', out);
      break;
    default:
      break;
  }
  return out;
}

/**
 * Builds a law from `expression` over `variables`. Returns `errors` (with offsets into the
 * expression) when it does not parse, names unknown functions, or has no free parameter.
 */
export function customLaw(
  expression: string,
  variables: readonly string[],
): { model?: LawModel; errors: ExprError[] } {
  const parsed = parseExpression(expression);
  if (!parsed.ast) return { errors: parsed.errors };
  const ast = parsed.ast;
  const names = freeParameters(ast, variables);
  if (names.length === 0)
    return {
      errors: [
        {
          message: `the law has no free parameter: every name is a variable (${variables.join(', ')})`,
          start: 0,
          end: expression.length,
        },
      ],
    };
  const compiled = compileExpression(ast, variables, names);
  if (!compiled.fn) return { errors: compiled.errors };
  const fn = compiled.fn;
  const inExp = exponentNames(ast, false, new Set());
  const params: ParamSpec[] = names.map((name) => ({
    name,
    doc: inExp.has(name) ? 'exponent (custom law)' : 'coefficient (custom law)',
    lower: -Infinity,
    upper: Infinity,
    log: false,
    grid: inExp.has(name) ? [0.1, 0.3, 0.6, 1] : [0.1, 1, 10, 100, 1000],
  }));
  const p = names.length;
  const model: LawModel = {
    form: 'custom',
    expression,
    doc: 'Custom law',
    variables: [...variables],
    positive: variables.map(() => false),
    params,
    bind(columns) {
      const n = columns[0]?.length ?? 0;
      const rows = Array.from({ length: n }, (_, i) => columns.map((c) => c[i]!));
      const g = new Float64Array(p);
      return {
        n,
        eval(theta, out, jac) {
          for (let i = 0; i < n; i++) {
            out[i] = fn(theta, rows[i]!, jac ? g : null);
            if (jac) jac.set(g, i * p);
          }
        },
      };
    },
  };
  return { model, errors: [] };
}
