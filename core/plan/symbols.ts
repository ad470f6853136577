/**
 * The symbol table for the language server: named blocks (outline, go-to-definition, rename) and
 * every reference to one (find references, rename, hover).
 */
import type { Declaration, Expr, PeftFile } from '../dsl/ast';
import type { ReferenceInfo, SymbolInfo, SymbolTable } from './analysis-types';

/** Every sub-expression of `e`, depth-first (including `e`). */
export function walkExpr(e: Expr | undefined, visit: (e: Expr) => void): void {
  if (!e) return;
  visit(e);
  switch (e.kind) {
    case 'List':
      for (const i of e.items) walkExpr(i, visit);
      break;
    case 'Binary':
      walkExpr(e.left, visit);
      walkExpr(e.right, visit);
      break;
    case 'Unary':
      walkExpr(e.operand, visit);
      break;
    case 'Range':
      walkExpr(e.from, visit);
      walkExpr(e.to, visit);
      break;
    case 'Call':
      for (const a of e.args) walkExpr(a.kind === 'NamedArg' ? a.value : a, visit);
      break;
    case 'Sweep':
      walkExpr(e.values, visit);
      break;
    case 'Isoflop':
      walkExpr(e.budgets, visit);
      walkExpr(e.options, visit);
      break;
    case 'Construct':
      walkExpr(e.arg, visit);
      walkExpr(e.body, visit);
      break;
    case 'Relation':
      walkExpr(e.y, visit);
      for (const x of e.x) walkExpr(x, visit);
      break;
    case 'Paren':
      walkExpr(e.inner, visit);
      break;
    case 'Block':
      for (const a of e.entries) walkExpr(a.value, visit);
      break;
    default:
      break;
  }
}

/** The expressions directly under a declaration. */
export function declExprs(d: Declaration): Expr[] {
  if (d.kind === 'BlockDecl') return [d.value, d.body].filter((x): x is Expr => !!x);
  if (d.kind === 'LawDecl')
    return [d.relation, d.by, d.from, d.options].filter((x): x is Expr => !!x);
  return [d.law, ...d.points.map((p) => p.value)].filter((x): x is Expr => !!x);
}

/** Builds the table; the first declaration of a name wins (duplicates are diagnosed elsewhere). */
export function buildSymbols(ast: PeftFile): SymbolTable {
  const declarations: SymbolInfo[] = [];
  const byName: Record<string, SymbolInfo> = {};
  for (const d of ast.declarations) {
    const nameNode = d.kind === 'PredictDecl' ? undefined : d.name;
    const info: SymbolInfo = {
      kind: d.keyword,
      name:
        nameNode?.name ??
        (d.kind === 'PredictDecl' && d.law
          ? `predict ${d.law.path.map((s) => s.name).join('.')}`
          : ''),
      nameRange: nameNode
        ? { start: nameNode.start, end: nameNode.end }
        : { start: d.keywordSpan.start, end: d.keywordSpan.end },
      range: { start: d.start, end: d.end },
      decl: d,
    };
    declarations.push(info);
    if (nameNode && !Object.prototype.hasOwnProperty.call(byName, nameNode.name))
      byName[nameNode.name] = info;
  }
  const references: ReferenceInfo[] = [];
  for (const d of ast.declarations) {
    for (const root of declExprs(d)) {
      walkExpr(root, (e) => {
        if (e.kind !== 'Reference') return;
        const first = e.path[0]!;
        if (!Object.prototype.hasOwnProperty.call(byName, first.name)) return;
        const ref: ReferenceInfo = {
          range: { start: first.start, end: first.end },
          target: first.name,
        };
        if (e.path.length > 1)
          ref.field = e.path
            .slice(1)
            .map((s) => s.name)
            .join('.');
        references.push(ref);
      });
    }
  }
  references.sort((a, b) => a.range.start - b.range.start);
  return { declarations, byName, references };
}
