/**
 * Expression evaluation in a scope. A scope is the entries of one block (`adapter lora = lora { … }`)
 * plus per-trial overrides from the run's axes, so `lora_alpha = 2 * r` follows a swept `r`.
 * Problems are reported (deduplicated) and evaluate to `undefined`; nothing throws.
 */
import type { Block, Expr, Reference, Span } from '../dsl/ast';
import {
  DiagnosticCodes,
  diagnostic,
  type Diagnostic,
  type DiagnosticCode,
  type QuickFix,
} from '../dsl/diagnostics';
import { closestName } from '../dsl/suggest';
import { evalCall } from './axes';
import { isAxis, isConstruct, show, type ConstructValue, type Value } from './values';

export interface Entry {
  expr: Expr;
  key: Span;
}

export interface Scope {
  id: string;
  entries: Map<string, Entry>;
  overrides?: Map<string, Value>;
  cache: Map<string, Value>;
  /** What computing a cached value reported: replayed on a cache hit (see Evaluator.attempts). */
  reports?: Map<string, Diagnostic[]>;
  parent?: Scope;
}

export function newScope(
  id: string,
  entries: Map<string, Entry>,
  overrides?: Map<string, Value>,
  parent?: Scope,
): Scope {
  const s: Scope = { id, entries, cache: new Map() };
  if (overrides) s.overrides = overrides;
  if (parent) s.parent = parent;
  return s;
}

/** Entries of a block by key (last wins; duplicates are reported by the caller via `collectEntries`). */
export function collectEntries(
  block: Block | undefined,
  report: (d: Diagnostic) => void,
): Map<string, Entry> {
  const out = new Map<string, Entry>();
  for (const a of block?.entries ?? []) {
    const name = a.key.path.map((s) => s.name).join('.');
    const prev = out.get(name);
    if (prev) {
      const d = diagnostic(
        DiagnosticCodes.duplicateKey,
        'error',
        `'${name}' is set twice in this block; remove one.`,
        a.key,
        { kind: 'remove', title: `Remove this '${name}'`, range: { start: a.start, end: a.end } },
      );
      d.related = [{ message: 'first set here', range: prev.key }];
      report(d);
    }
    out.set(name, { expr: a.value, key: { start: a.key.start, end: a.key.end } });
  }
  return out;
}

export interface EvalHost {
  /** Named top-level blocks (any kind). */
  isBlock(name: string): boolean;
  blockNames(): string[];
  /** A field of a named block (`lora.r`), evaluated in that block's own scope; undefined + report when absent. */
  blockField(name: string, field: string, at: Span): Value;
}

/**
 * Evaluation steps one analysis may take: a safety net only. Blocks re-entering themselves (the
 * case that once needed it) are caught in constructToObject; real files take a few thousand steps.
 */
const MAX_EVAL_STEPS = 2_000_000;

/**
 * Nesting of evaluation (operators, then references into other values' expressions). The parser
 * caps one expression at MAX_OPERATORS; chains of references could still stack them, so the
 * evaluator stops at this depth with a diagnostic instead of overflowing the call stack.
 */
const MAX_EVAL_DEPTH = 2_000;

export class Evaluator {
  readonly diagnostics: Diagnostic[] = [];
  /**
   * Every report made, before deduplication. A slice of it is what one piece of work reported,
   * whatever was reported earlier: cached values replay theirs on a hit, and the run cache
   * (run-cache.ts) stores a run's slice, so its diagnostics do not depend on which run came first.
   */
  readonly attempts: Diagnostic[] = [];
  private readonly seen = new Set<string>();
  private readonly active = new Set<string>();
  private steps = 0;
  /** Expressions evaluated so far: tests bound work with it instead of with time. */
  get evalSteps(): number {
    return this.steps;
  }
  private depth = 0;
  /** Constructs being turned into objects, innermost last: meeting one again is a cycle. */
  private readonly building = new Set<Expr>();
  constructor(readonly host: EvalHost) {}

  report(d: Diagnostic): void {
    this.attempts.push(d);
    const key = `${d.code}@${d.range.start}:${d.range.end}`;
    if (this.seen.has(key)) return;
    this.seen.add(key);
    this.diagnostics.push(d);
  }
  error(code: DiagnosticCode, message: string, range: Span, data?: QuickFix): void {
    this.report(diagnostic(code, 'error', message, range, data));
  }

  /** The value of entry `name` in `scope` (override first), with cycle detection; undefined when absent. */
  lookup(scope: Scope, name: string, at?: Span): Value {
    if (scope.overrides?.has(name)) return scope.overrides.get(name);
    if (scope.cache.has(name)) {
      const replay = scope.reports?.get(name);
      if (replay) for (const d of replay) this.report(d);
      return scope.cache.get(name);
    }
    const entry = scope.entries.get(name);
    if (!entry) return scope.parent ? this.lookup(scope.parent, name, at) : undefined;
    const key = `${scope.id}:${name}`;
    if (this.active.has(key)) {
      this.error(
        DiagnosticCodes.cyclicReference,
        `'${name}' depends on itself; break the cycle by giving one value a number.`,
        at ?? entry.key,
      );
      return undefined;
    }
    this.active.add(key);
    const mark = this.attempts.length;
    const v = this.eval(entry.expr, scope);
    this.active.delete(key);
    scope.cache.set(name, v);
    if (this.attempts.length > mark)
      (scope.reports ??= new Map()).set(name, this.attempts.slice(mark));
    return v;
  }

  has(scope: Scope, name: string): boolean {
    return (
      !!scope.overrides?.has(name) ||
      scope.entries.has(name) ||
      (!!scope.parent && this.has(scope.parent, name))
    );
  }

  eval(e: Expr, scope: Scope): Value {
    if (++this.steps > MAX_EVAL_STEPS) {
      if (this.steps === MAX_EVAL_STEPS + 1) {
        this.error(
          DiagnosticCodes.cyclicReference,
          'These values refer back into themselves through nested blocks; evaluation stopped. Check the references near here.',
          e,
        );
      }
      return undefined;
    }
    if (this.depth >= MAX_EVAL_DEPTH) {
      // Operators are capped by the parser (MAX_OPERATORS), so this depth means references re-entering blocks.
      this.error(
        DiagnosticCodes.cyclicReference,
        `Values refer through more than ${MAX_EVAL_DEPTH} levels (a reference re-entering its own block, or a very long chain); evaluation stopped here.`,
        e,
      );
      return undefined;
    }
    this.depth++;
    try {
      return this.evalNode(e, scope);
    } finally {
      this.depth--;
    }
  }

  private evalNode(e: Expr, scope: Scope): Value {
    switch (e.kind) {
      case 'Number':
      case 'String':
      case 'Boolean':
        return e.value;
      case 'Reference':
        return this.reference(e, scope);
      case 'List': {
        const items = e.items.map((i) => this.eval(i, scope));
        if (items.some(isAxis))
          this.error(
            DiagnosticCodes.invalidSweep,
            'A sweep cannot sit inside a list; sweep the whole value instead.',
            e,
          );
        return items.map((v) => (isAxis(v) ? undefined : v)) as Value;
      }
      case 'Paren':
        return this.eval(e.inner, scope);
      case 'Unary': {
        const v = this.eval(e.operand, scope);
        if (v === undefined) return undefined;
        if (typeof v !== 'number') return this.mismatch(e.operand, v);
        return e.op === '-' ? -v : v;
      }
      case 'Binary':
        return this.binary(e.op, e.left, e.right, scope, e);
      case 'Range':
        this.error(
          DiagnosticCodes.invalidSweep,
          "A range 'a .. b' only works inside log(…), lin(…) or a random distribution.",
          e,
        );
        return undefined;
      case 'Call':
        return evalCall(this, e, scope);
      case 'Sweep':
      case 'Isoflop': {
        const list = e.kind === 'Sweep' ? e.values : e.budgets;
        const values = list.kind === 'List' ? list.items.map((i) => this.eval(i, scope)) : [];
        if (values.length === 0)
          this.error(
            DiagnosticCodes.emptySweep,
            `This ${e.kind === 'Sweep' ? 'sweep' : 'isoflop'} has no values; list at least one.`,
            e,
          );
        if (e.kind === 'Isoflop' && values.some((v) => typeof v !== 'number' || v <= 0)) {
          this.error(
            DiagnosticCodes.invalidSweep,
            'isoflop budgets must be positive FLOP counts, e.g. isoflop [1e15, 3e15].',
            list,
          );
        }
        return { $kind: 'axis', form: e.kind === 'Sweep' ? 'sweep' : 'isoflop', values, node: e };
      }
      case 'Construct':
      case 'Block':
        return this.construct(e, scope);
      case 'Relation':
        this.error(
          DiagnosticCodes.invalidLaw,
          "'y ~ x' only appears in a law, e.g. law l = power(run.eval_loss ~ r).",
          e,
        );
        return undefined;
      case 'Error':
        return undefined;
    }
  }

  private construct(e: Expr & { kind: 'Construct' | 'Block' }, scope: Scope): ConstructValue {
    const body = e.kind === 'Block' ? e : e.body;
    const entries = collectEntries(body, (d) => this.report(d));
    const cv: ConstructValue = {
      $kind: 'construct',
      head: e.kind === 'Construct' ? e.head.name : '',
      entries,
      node: e,
    };
    if (e.kind === 'Construct' && e.arg) cv.arg = this.eval(e.arg, scope);
    void scope;
    return cv;
  }

  /**
   * Evaluates a constructor's entries into a plain object (nested constructs become objects). A
   * nested block whose entry names the block itself (`pretrain { data = pretrain }`) would rebuild
   * it inside itself; each rebuild gets a fresh scope, so the per-scope cycle check cannot see it,
   * and two such entries double the work per level. The set of blocks being built catches the
   * re-entry at the first step.
   */
  constructToObject(cv: ConstructValue, parent?: Scope, depth = 0): Record<string, Value> {
    if (depth > 32) return {};
    if (this.building.has(cv.node)) {
      this.error(
        DiagnosticCodes.cyclicReference,
        'This block contains itself through one of its entries; give that entry a value or another block.',
        cv.node,
      );
      return {};
    }
    this.building.add(cv.node);
    try {
      const scope = newScope(`${cv.node.start}`, cv.entries, undefined, parent);
      const out: Record<string, Value> = {};
      for (const k of cv.entries.keys()) {
        const v = this.lookup(scope, k);
        out[k] =
          isConstruct(v) && v.head === ''
            ? (this.constructToObject(v, scope, depth + 1) as Value)
            : v;
      }
      return out;
    } finally {
      this.building.delete(cv.node);
    }
  }

  private reference(e: Reference, scope: Scope): Value {
    const first = e.path[0]!;
    if (e.path.length === 1) {
      // Own entries first, then top-level blocks, then enclosing blocks' entries.
      if (scope.entries.has(first.name) || scope.overrides?.has(first.name))
        return this.lookup(scope, first.name, first);
      if (this.host.isBlock(first.name)) return { $kind: 'ref', name: first.name };
      if (this.has(scope, first.name)) return this.lookup(scope, first.name, first);
      return first.name; // a symbol (enum value, module name); type checks decide if it is valid
    }
    if (this.host.isBlock(first.name)) {
      const field = e.path
        .slice(1)
        .map((s) => s.name)
        .join('.');
      return this.host.blockField(first.name, field, { start: e.path[1]!.start, end: e.end });
    }
    const guess = closestName(first.name, this.host.blockNames());
    this.error(
      DiagnosticCodes.undefinedReference,
      `No block named '${first.name}'${guess ? `; did you mean '${guess}'?` : '; declare it or fix the name.'}`,
      first,
      guess ? { kind: 'replace', text: guess, title: `Change to '${guess}'` } : undefined,
    );
    return undefined;
  }

  private mismatch(at: Span, v: Value): undefined {
    this.error(
      DiagnosticCodes.typeMismatch,
      `Arithmetic needs numbers, but this is ${show(v)}.`,
      at,
    );
    return undefined;
  }

  private binary(op: string, l: Expr, r: Expr, scope: Scope, whole: Span): Value {
    const a = this.eval(l, scope);
    const b = this.eval(r, scope);
    if (a === undefined || b === undefined) return undefined;
    if (isAxis(a) || isAxis(b)) {
      this.error(
        DiagnosticCodes.invalidSweep,
        'Arithmetic on a sweep is not supported; put the arithmetic in the swept values or derive from the swept parameter.',
        whole,
      );
      return undefined;
    }
    if (typeof a !== 'number') return this.mismatch(l, a);
    if (typeof b !== 'number') return this.mismatch(r, b);
    switch (op) {
      case '+':
        return a + b;
      case '-':
        return a - b;
      case '*':
        return a * b;
      case '^':
        return a ** b;
      default:
        if (b === 0) {
          this.error(
            DiagnosticCodes.divisionByZero,
            'Division by zero; the divisor evaluates to 0.',
            r,
          );
          return undefined;
        }
        return a / b;
    }
  }
}
