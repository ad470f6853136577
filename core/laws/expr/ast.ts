/**
 * The law-math expression tree (`"E + A*N^-a + B*D^-b"`). Every node carries the character
 * offsets of its source text so the language server can underline the exact part of a law's string.
 */

export type BinaryOp = '+' | '-' | '*' | '/' | '^';
export type FunctionName = 'exp' | 'log' | 'sqrt' | 'min' | 'max';

/** Offsets are 0-based into the expression string; `end` is exclusive. */
export interface ExprSpan {
  start: number;
  end: number;
}

export type ExprNode =
  | ({ kind: 'num'; value: number } & ExprSpan)
  | ({ kind: 'id'; name: string } & ExprSpan)
  | ({ kind: 'neg'; arg: ExprNode } & ExprSpan)
  | ({ kind: 'bin'; op: BinaryOp; left: ExprNode; right: ExprNode } & ExprSpan)
  | ({ kind: 'call'; fn: FunctionName; args: ExprNode[] } & ExprSpan);

/** A parse or binding error with the offsets of the offending text. */
export interface ExprError extends ExprSpan {
  message: string;
}

/** Number of arguments each built-in function takes (min/max take two or more). */
export const FUNCTION_ARITY: Record<FunctionName, { min: number; max: number }> = {
  exp: { min: 1, max: 1 },
  log: { min: 1, max: 1 },
  sqrt: { min: 1, max: 1 },
  min: { min: 2, max: Infinity },
  max: { min: 2, max: Infinity },
};

/** Identifiers used in an expression, in order of first appearance (function names excluded). */
export function identifiers(node: ExprNode, out: string[] = []): string[] {
  switch (node.kind) {
    case 'num':
      break;
    case 'id':
      if (!out.includes(node.name)) out.push(node.name);
      break;
    case 'neg':
      identifiers(node.arg, out);
      break;
    case 'bin':
      identifiers(node.left, out);
      identifiers(node.right, out);
      break;
    case 'call':
      for (const a of node.args) identifiers(a, out);
      break;
  }
  return out;
}
