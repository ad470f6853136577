/** Re-exports of the core syntax-tree types under the names the server's features use. */
export type {
  AnyNode,
  Block,
  ConstructExpr as Construct,
  Declaration,
  Expr,
  PeftFile,
  Span,
} from '../core/dsl/ast';
