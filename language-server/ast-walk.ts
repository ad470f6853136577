/**
 * Generic traversal of the `.peft` syntax tree: the children of any node and the chain of nodes
 * that contain an offset. Features locate the cursor with these instead of re-lexing.
 */
import type { AnyNode, Block, Expr } from '../core/dsl/ast';

/** The direct children of `node`, in source order. Missing (partial) children are skipped. */
export function children(node: AnyNode): AnyNode[] {
  const out: Array<AnyNode | undefined> = [];
  switch (node.kind) {
    case 'File':
      out.push(...node.declarations);
      break;
    case 'BlockDecl':
      out.push(node.name, node.value, node.body);
      break;
    case 'LawDecl':
      out.push(
        node.name,
        node.form,
        node.expression,
        node.relation,
        node.by,
        node.from,
        node.options,
      );
      break;
    case 'PredictDecl':
      out.push(node.law, ...node.points);
      break;
    case 'Assignment':
      out.push(node.key, node.value);
      break;
    case 'NamedArg':
      out.push(node.name, node.value);
      break;
    case 'Reference':
      out.push(...node.path);
      break;
    case 'List':
      out.push(...node.items);
      break;
    case 'Binary':
      out.push(node.left, node.right);
      break;
    case 'Unary':
      out.push(node.operand);
      break;
    case 'Range':
      out.push(node.from, node.to);
      break;
    case 'Call':
      out.push(node.callee, ...node.args);
      break;
    case 'Sweep':
      out.push(node.values);
      break;
    case 'Isoflop':
      out.push(node.budgets, node.options);
      break;
    case 'Construct':
      out.push(node.head, node.arg, node.body);
      break;
    case 'Relation':
      out.push(node.y, ...node.x);
      break;
    case 'Paren':
      out.push(node.inner);
      break;
    case 'Block':
      out.push(...node.entries);
      break;
    default:
      break;
  }
  return out.filter((n): n is AnyNode => n !== undefined);
}

/**
 * The nodes containing `offset`, outermost first (the File is always first). A node contains the
 * offsets `[start, end]` inclusive of its end, so a cursor right after an identifier is "on" it.
 */
export function nodePath(root: AnyNode, offset: number): AnyNode[] {
  const path: AnyNode[] = [root];
  let current: AnyNode = root;
  for (;;) {
    const next = children(current).find(
      (c) => c.start <= offset && offset <= c.end && c.end > c.start,
    );
    if (!next) return path;
    path.push(next);
    current = next;
  }
}

/** Calls `visit` on every node below `root` (pre-order). */
export function walk(
  root: AnyNode,
  visit: (node: AnyNode, parent: AnyNode | undefined) => void,
): void {
  const stack: Array<[AnyNode, AnyNode | undefined]> = [[root, undefined]];
  while (stack.length > 0) {
    const [node, parent] = stack.pop()!;
    visit(node, parent);
    const kids = children(node);
    for (let i = kids.length - 1; i >= 0; i--) stack.push([kids[i]!, node]);
  }
}

/** True for the expression kinds that carry a `{ … }` body. */
export function isBlock(node: AnyNode): node is Block {
  return node.kind === 'Block';
}

/** The dotted name of a Reference expression (`lora.r`), or undefined for other expressions. */
export function referenceName(expr: Expr | undefined): string | undefined {
  return expr?.kind === 'Reference' ? expr.path.map((p) => p.name).join('.') : undefined;
}
