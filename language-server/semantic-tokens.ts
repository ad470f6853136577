/**
 * Semantic tokens from the syntax tree: declaration keywords and names, parameter keys, catalog
 * heads, references to named blocks, numbers, strings and comments. Colouring that the TextMate
 * grammar cannot know (is `lora` a block name or a method here?) comes from this.
 */
import type { SemanticTokens, SemanticTokensLegend } from 'vscode-languageserver';
import type { Span } from '../core/dsl/ast';
import type { AnalyzedDocument } from './analysis';
import { walk } from './ast-walk';

export const TOKEN_TYPES = [
  'keyword',
  'variable',
  'property',
  'type',
  'function',
  'number',
  'string',
  'comment',
  'parameter',
  'enumMember',
] as const;
export const TOKEN_MODIFIERS = ['declaration', 'readonly', 'defaultLibrary'] as const;
export type TokenType = (typeof TOKEN_TYPES)[number];

export const SEMANTIC_LEGEND: SemanticTokensLegend = {
  tokenTypes: [...TOKEN_TYPES],
  tokenModifiers: [...TOKEN_MODIFIERS],
};

export interface RawToken extends Span {
  type: TokenType;
  /** Bit set over TOKEN_MODIFIERS. */
  modifiers: number;
}

const DECLARATION = 1;
const DEFAULT_LIBRARY = 4;

/** The tokens of a document in source order, before LSP's relative encoding (tests read these). */
export function rawTokens(doc: AnalyzedDocument): RawToken[] {
  const out: RawToken[] = [];
  const add = (s: Span | undefined, type: TokenType, modifiers = 0): void => {
    if (s && s.end > s.start) out.push({ start: s.start, end: s.end, type, modifiers });
  };
  const blocks = doc.analysis.symbols.byName;
  walk(doc.analysis.ast, (node, parent) => {
    switch (node.kind) {
      case 'BlockDecl':
      case 'LawDecl':
      case 'PredictDecl':
        add(node.keywordSpan, 'keyword');
        if (node.kind !== 'PredictDecl') add(node.name, 'variable', DECLARATION);
        if (node.kind === 'LawDecl') add(node.form, 'function', DEFAULT_LIBRARY);
        break;
      case 'Sweep':
      case 'Isoflop':
        add(node.keyword, 'keyword');
        break;
      case 'Construct':
        add(node.head, 'type', DEFAULT_LIBRARY);
        break;
      case 'Call':
        add(node.callee, 'function', DEFAULT_LIBRARY);
        break;
      case 'NamedArg':
        add(node.name, 'parameter');
        break;
      case 'Assignment':
        for (const seg of node.key.path) add(seg, 'property');
        break;
      case 'Reference': {
        if (parent?.kind === 'Assignment' && parent.key === node) break;
        const [first, ...rest] = node.path;
        if (first && first.name in blocks) {
          add(first, 'variable', 0);
          for (const seg of rest) add(seg, 'property');
        } else for (const seg of node.path) add(seg, 'enumMember');
        break;
      }
      case 'Number':
        add(node, 'number');
        break;
      case 'String':
        add(node, 'string');
        break;
      default:
        break;
    }
  });
  for (const c of doc.analysis.ast.comments) add(c, 'comment');
  out.sort((a, b) => a.start - b.start);
  // Tokens may not overlap or span lines: keep the first of overlapping ones, cut at line ends.
  const clean: RawToken[] = [];
  let lastEnd = -1;
  for (const t of out) {
    if (t.start < lastEnd) continue;
    const line = doc.lines.positionAt(t.start).line;
    const nextLine = doc.lines.lineStarts[line + 1];
    const end = nextLine !== undefined && t.end > nextLine ? nextLine - 1 : t.end;
    if (end <= t.start) continue;
    clean.push({ ...t, end });
    lastEnd = end;
  }
  return clean;
}

/** LSP-encoded semantic tokens for the whole document. */
export function semanticTokens(doc: AnalyzedDocument): SemanticTokens {
  const data: number[] = [];
  let prevLine = 0;
  let prevChar = 0;
  for (const t of rawTokens(doc)) {
    const p = doc.lines.positionAt(t.start);
    const deltaLine = p.line - prevLine;
    const deltaChar = deltaLine === 0 ? p.character - prevChar : p.character;
    data.push(deltaLine, deltaChar, t.end - t.start, TOKEN_TYPES.indexOf(t.type), t.modifiers);
    prevLine = p.line;
    prevChar = p.character;
  }
  return { data };
}
