/**
 * The canonical formatter. Layout depends only on the tree (never on the input's spacing), which
 * is what makes it idempotent: top-level bodies one entry per line with two-space indents; nested
 * blocks inline when small (≤ 3 simple entries, ≤ 80 columns, no comments); one blank line kept
 * between declarations where the input had any. Comments are kept: own-line comments before the
 * item they precede, trailing comments after the line they end.
 */
import type { Assignment, Block, Comment, Declaration, Expr, PeftFile } from './ast';
import type { Diagnostic } from './diagnostics';
import { parse } from './parser';

export interface FormatResult {
  /** The formatted text, or the input unchanged when it has syntax errors. */
  text: string;
  /** Syntax errors that stopped formatting (empty on success). */
  errors: Diagnostic[];
  changed: boolean;
}

const INDENT = '  ';
const MAX_INLINE = 80;

/** Formats `.peft` source. Never throws; refuses (returns the input) when the file does not parse. */
export function format(text: string): FormatResult {
  const { ast, errors } = parse(text);
  if (errors.length > 0) return { text, errors, changed: false };
  const out = new Printer(text, ast).print();
  return { text: out, errors: [], changed: out !== text };
}

class Printer {
  private readonly lines: string[] = [];
  private next = 0; // index of the first comment not yet printed
  constructor(
    private readonly src: string,
    private readonly ast: PeftFile,
  ) {}

  print(): string {
    let prevEnd = -1;
    for (const d of this.ast.declarations) {
      if (prevEnd >= 0 && this.blankBetween(prevEnd, this.firstCommentOr(d.start)))
        this.lines.push('');
      this.leading(d.start, '');
      this.emitItem(this.declLines(d), d.end, '');
      prevEnd = d.end;
    }
    this.leading(this.src.length + 1, '');
    while (this.lines.length > 0 && this.lines[this.lines.length - 1] === '') this.lines.pop();
    return this.lines.length ? this.lines.join('\n') + '\n' : '';
  }

  private get comments(): Comment[] {
    return this.ast.comments;
  }
  private firstCommentOr(offset: number): number {
    const c = this.comments[this.next];
    return c && c.start < offset ? c.start : offset;
  }
  private blankBetween(a: number, b: number): boolean {
    return /\n[ \t\r]*\n/.test(this.src.slice(a, b));
  }

  /** Prints own-line comments that start before `offset`. */
  private leading(offset: number, indent: string): void {
    while (this.next < this.comments.length && this.comments[this.next]!.start < offset) {
      const c = this.comments[this.next++]!;
      this.lines.push(`${indent}#${c.text.trimEnd()}`);
    }
  }

  /** Appends an item's lines, then a trailing comment on its last line, then any comment it swallowed. */
  private emitItem(itemLines: string[], end: number, indent: string): void {
    this.lines.push(...itemLines.map((l, i) => (i === 0 ? indent + l : l)));
    const c = this.comments[this.next];
    if (c && c.start >= end && /^[ \t]*$/.test(this.src.slice(end, c.start))) {
      this.lines[this.lines.length - 1] += `  #${c.text.trimEnd()}`;
      this.next++;
    }
    this.leading(end, indent); // comments inside inline expressions move below the item
  }

  private hasComment(start: number, end: number): boolean {
    return this.comments.some((c) => c.start >= start && c.start < end);
  }

  private declLines(d: Declaration): string[] {
    if (d.kind === 'BlockDecl') {
      const head = `${d.keyword} ${d.name?.name ?? ''}`;
      if (d.keyword === 'run') return this.withBody(head, d.body, 0);
      return d.value ? this.joinValue(`${head} = `, d.value, 0, true) : [head];
    }
    if (d.kind === 'LawDecl') {
      let s = `law ${d.name?.name ?? ''} = ${d.form?.name ?? ''}`;
      if (d.expression) s += ` ${d.expression.raw}`;
      if (d.relation) s += `${d.expression ? ' ' : ''}(${this.inline(d.relation)})`;
      if (d.by) s += ` by ${this.inline(d.by)}`;
      if (d.from) s += ` from ${this.inline(d.from)}`;
      return d.options ? this.withBody(s, d.options, 0, true) : [s];
    }
    const points = d.points.map((p) => `${p.name.name} = ${this.inline(p.value)}`).join(', ');
    return [`predict ${d.law ? this.inline(d.law) : ''} at ${points}`];
  }

  /** `prefix` followed by a value that may span lines. */
  private joinValue(prefix: string, e: Expr, depth: number, top = false): string[] {
    if (e.kind === 'Construct' && e.body) {
      const head = `${prefix}${e.head.name}${e.arg ? ` ${this.inline(e.arg)}` : ''}`;
      return this.withBody(head, e.body, depth, !top);
    }
    if (e.kind === 'Block') return this.withBody(prefix.trimEnd(), e, depth, !top);
    if (
      e.kind === 'List' &&
      (this.hasComment(e.start, e.end) || prefix.length + this.inline(e).length > MAX_INLINE + 20)
    ) {
      const pad = INDENT.repeat(depth + 1);
      const inner: string[] = [];
      for (const item of e.items) {
        const mark = this.lines.length;
        this.leading(item.start, pad);
        inner.push(...this.lines.splice(mark));
        inner.push(`${pad}${this.inline(item)},`);
      }
      const mark = this.lines.length;
      this.leading(e.end, pad);
      inner.push(...this.lines.splice(mark));
      return [`${prefix}[`, ...inner, `${INDENT.repeat(depth)}]`];
    }
    return [prefix + this.inline(e)];
  }

  /** `head {` entries `}`, or `head { a = 1  b = 2 }` when small enough and `mayInline`. */
  private withBody(
    head: string,
    body: Block | undefined,
    depth: number,
    mayInline = false,
  ): string[] {
    const entries = body?.entries ?? [];
    if (!body) return [head];
    if (entries.length === 0 && !this.hasComment(body.start, body.end)) return [`${head} {}`];
    if (mayInline && this.inlineable(body)) {
      const one = `${head} { ${entries.map((a) => `${this.key(a)} = ${this.inline(a.value)}`).join('  ')} }`;
      if (one.length + INDENT.length * depth <= MAX_INLINE) return [one];
    }
    const pad = INDENT.repeat(depth + 1);
    const mark = this.lines.length;
    for (const a of entries) {
      this.leading(a.start, pad);
      const prefix =
        a.equals === undefined && a.value.kind === 'Block'
          ? `${this.key(a)} `
          : `${this.key(a)} = `;
      this.emitItem(this.joinValue(prefix, a.value, depth + 1), a.end, pad);
    }
    this.leading(body.end, pad);
    const inner = this.lines.splice(mark);
    return [`${head} {`, ...inner, `${INDENT.repeat(depth)}}`];
  }

  private inlineable(b: Block): boolean {
    return (
      b.entries.length <= 3 &&
      !this.hasComment(b.start, b.end) &&
      b.entries.every(
        (a) => a.value.kind !== 'Block' && !(a.value.kind === 'Construct' && a.value.body),
      )
    );
  }

  private key(a: Assignment): string {
    return a.key.path.map((s) => s.name).join('.');
  }

  /** Single-line rendering of an expression. */
  inline(e: Expr): string {
    switch (e.kind) {
      case 'Number':
        return e.raw;
      case 'String':
        return e.raw;
      case 'Boolean':
        return String(e.value);
      case 'Reference':
        return e.path.map((s) => s.name).join('.');
      case 'List':
        return `[${e.items.map((i) => this.inline(i)).join(', ')}]`;
      case 'Binary':
        return e.op === '^'
          ? `${this.inline(e.left)}^${this.inline(e.right)}`
          : `${this.inline(e.left)} ${e.op} ${this.inline(e.right)}`;
      case 'Unary':
        return `${e.op}${this.inline(e.operand)}`;
      case 'Range':
        return `${this.inline(e.from)} .. ${this.inline(e.to)}`;
      case 'Call':
        return `${e.callee.name}(${e.args.map((a) => (a.kind === 'NamedArg' ? `${a.name.name} = ${this.inline(a.value)}` : this.inline(a))).join(', ')})`;
      case 'Sweep':
        return `sweep ${this.inline(e.values)}`;
      case 'Isoflop':
        return `isoflop ${this.inline(e.budgets)}${e.options ? ` ${this.inlineBlock(e.options)}` : ''}`;
      case 'Construct':
        return `${e.head.name}${e.arg ? ` ${this.inline(e.arg)}` : ''}${e.body ? ` ${this.inlineBlock(e.body)}` : ''}`;
      case 'Relation':
        return `${this.inline(e.y)} ~ ${e.x.map((x) => this.inline(x)).join(', ')}`;
      case 'Paren':
        return `(${this.inline(e.inner)})`;
      case 'Block':
        return this.inlineBlock(e);
      case 'Error':
        return '';
    }
  }

  private inlineBlock(b: Block): string {
    return b.entries.length
      ? `{ ${b.entries.map((a) => `${this.key(a)} = ${this.inline(a.value)}`).join('  ')} }`
      : '{}';
  }
}
