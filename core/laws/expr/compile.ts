/**
 * Compiles an expression tree into a closure that evaluates the law and, in the same pass, its
 * gradient with respect to the parameters (forward-mode automatic differentiation: every node
 * owns a scratch gradient buffer allocated once at compile time, so evaluation allocates nothing).
 */
import type { ExprError, ExprNode } from './ast';
import { identifiers } from './ast';

/**
 * Evaluates at parameters `theta` (natural units, in `params` order) and variables `x` (in
 * `variables` order). When `grad` is given it receives ∂f/∂θ_j. Non-finite results are returned
 * as they are (the fitter rejects them).
 */
export type CompiledExpr = (
  theta: ArrayLike<number>,
  x: ArrayLike<number>,
  grad: Float64Array | null,
) => number;

type Node = (theta: ArrayLike<number>, x: ArrayLike<number>, g: Float64Array | null) => number;

/** Compiles `ast`. Identifiers must be in `variables` or `params`; otherwise `errors` name them. */
export function compileExpression(
  ast: ExprNode,
  variables: readonly string[],
  params: readonly string[],
): { fn?: CompiledExpr; errors: ExprError[] } {
  const errors: ExprError[] = [];
  const p = params.length;
  const build = (node: ExprNode): Node => {
    switch (node.kind) {
      case 'num': {
        const v = node.value;
        return (_t, _x, g) => {
          if (g) g.fill(0);
          return v;
        };
      }
      case 'id': {
        const vi = variables.indexOf(node.name);
        if (vi >= 0)
          return (_t, x, g) => {
            if (g) g.fill(0);
            return x[vi]!;
          };
        const pi = params.indexOf(node.name);
        if (pi < 0) {
          errors.push({
            message: `unknown name '${node.name}': not a variable (${variables.join(', ') || 'none'}) or parameter`,
            start: node.start,
            end: node.end,
          });
          return () => NaN;
        }
        return (t, _x, g) => {
          if (g) {
            g.fill(0);
            g[pi] = 1;
          }
          return t[pi]!;
        };
      }
      case 'neg': {
        const a = build(node.arg);
        return (t, x, g) => {
          const v = a(t, x, g);
          if (g) for (let j = 0; j < p; j++) g[j] = -g[j]!;
          return -v;
        };
      }
      case 'call':
        return buildCall(node.fn, node.args.map(build), p);
      case 'bin':
        return buildBinary(node.op, build(node.left), build(node.right), p);
    }
  };
  const root = build(ast);
  return errors.length ? { errors } : { fn: root, errors };
}

function buildBinary(op: string, a: Node, b: Node, p: number): Node {
  const ga = new Float64Array(p);
  const gb = new Float64Array(p);
  return (t, x, g) => {
    const u = a(t, x, g ? ga : null);
    const v = b(t, x, g ? gb : null);
    switch (op) {
      case '+':
        if (g) for (let j = 0; j < p; j++) g[j] = ga[j]! + gb[j]!;
        return u + v;
      case '-':
        if (g) for (let j = 0; j < p; j++) g[j] = ga[j]! - gb[j]!;
        return u - v;
      case '*':
        if (g) for (let j = 0; j < p; j++) g[j] = ga[j]! * v + u * gb[j]!;
        return u * v;
      case '/':
        if (g) for (let j = 0; j < p; j++) g[j] = (ga[j]! * v - u * gb[j]!) / (v * v);
        return u / v;
      default: {
        // d(u^v) = v·u^(v−1)·du + u^v·log(u)·dv; the log term only where dv ≠ 0 (u may be ≤ 0 otherwise).
        const w = Math.pow(u, v);
        if (g) {
          const du = v * Math.pow(u, v - 1);
          const lu = Math.log(u);
          for (let j = 0; j < p; j++)
            g[j] = (ga[j] === 0 ? 0 : du * ga[j]!) + (gb[j] === 0 ? 0 : w * lu * gb[j]!);
        }
        return w;
      }
    }
  };
}

function buildCall(fn: string, args: Node[], p: number): Node {
  const scratch = args.map(() => new Float64Array(p));
  const a0 = args[0]!;
  const g0 = scratch[0]!;
  if (fn === 'exp' || fn === 'log' || fn === 'sqrt') {
    return (t, x, g) => {
      const u = a0(t, x, g ? g0 : null);
      const v = fn === 'exp' ? Math.exp(u) : fn === 'log' ? Math.log(u) : Math.sqrt(u);
      if (g) {
        const d = fn === 'exp' ? v : fn === 'log' ? 1 / u : 0.5 / v;
        for (let j = 0; j < p; j++) g[j] = d * g0[j]!;
      }
      return v;
    };
  }
  const isMin = fn === 'min';
  return (t, x, g) => {
    let best = 0;
    let bestV = NaN;
    for (let k = 0; k < args.length; k++) {
      const v = args[k]!(t, x, g ? scratch[k]! : null);
      if (k === 0 || (isMin ? v < bestV : v > bestV)) {
        best = k;
        bestV = v;
      }
    }
    if (g) g.set(scratch[best]!);
    return bestV;
  };
}

/** Free parameters of a law expression: every identifier that is not one of `variables`. */
export function freeParameters(ast: ExprNode, variables: readonly string[]): string[] {
  return identifiers(ast).filter((n) => !variables.includes(n));
}
