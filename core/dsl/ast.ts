/**
 * The `.peft` syntax tree. Every node carries exact source offsets `[start, end)` into the text
 * (UTF-16 code units, the same units as JS string indexes and LSP positions), so the language
 * server can map any node back to a range without re-lexing.
 *
 * Nodes may be partial: a parser that never fails must still hand back a tree for `model tiny =`
 * or `r = sweep [2, 4`. Missing children are `undefined` (or an `ErrorExpr` where a value was
 * required), and `closed: false` marks a list/block/call whose closing bracket never came.
 *
 * Node kinds are a closed union discriminated by `kind`; switch on it exhaustively.
 */

/** A half-open source span `[start, end)` in UTF-16 offsets. */
export interface Span {
  start: number;
  end: number;
}

/** A `# …` comment, kept so the formatter can reprint it and folding can see it. */
export interface Comment extends Span {
  kind: 'Comment';
  /** The text after `#`, untrimmed. */
  text: string;
  /** True when code precedes the comment on the same line (a trailing comment). */
  trailing: boolean;
}

export interface Identifier extends Span {
  kind: 'Identifier';
  name: string;
}

// ───────────────────────────── expressions ─────────────────────────────

/** A number after applying its suffix: `10%` → 0.1, `1.5k` → 1500, `3M` → 3e6, `2B` → 2e9. */
export interface NumberLiteral extends Span {
  kind: 'Number';
  value: number;
  /** The source text, e.g. `1.5k`, so the formatter reprints what the user wrote. */
  raw: string;
  /** The suffix as written, if any: `%`, `k`, `K`, `M`, `B`, `G`, `T`. */
  suffix?: string;
}

export interface StringLiteral extends Span {
  kind: 'String';
  /** The decoded contents (escapes `\"`, `\\`, `\n`, `\t` resolved). */
  value: string;
  raw: string;
  /** False when the closing quote is missing (the string ends at the line end). */
  terminated: boolean;
}

export interface BooleanLiteral extends Span {
  kind: 'Boolean';
  value: boolean;
}

/**
 * A bare or dotted name: `q`, `bytes`, `adamw`, `lora.target_modules`, `ranks.eval_loss`.
 * Whether it names a block, a parameter or an enum symbol is decided by analysis.
 */
export interface Reference extends Span {
  kind: 'Reference';
  /** One identifier per dotted segment; a trailing `.` while typing gives a final empty name. */
  path: Identifier[];
}

export interface ListExpr extends Span {
  kind: 'List';
  items: Expr[];
  closed: boolean;
}

export type BinaryOperator = '+' | '-' | '*' | '/' | '^';

export interface BinaryExpr extends Span {
  kind: 'Binary';
  op: BinaryOperator;
  left: Expr;
  right: Expr;
}

export interface UnaryExpr extends Span {
  kind: 'Unary';
  op: '-' | '+';
  operand: Expr;
}

/** `a .. b`, used by `log(…)`, `lin(…)` and random distributions. */
export interface RangeExpr extends Span {
  kind: 'Range';
  from: Expr;
  to: Expr;
}

/** A named argument inside a call: `n = 8`, `seed = 1`, `r = [4, 8]` in `zip(…)`. */
export interface NamedArg extends Span {
  kind: 'NamedArg';
  name: Identifier;
  value: Expr;
}

/**
 * A function-style form: `log(1e-4 .. 1e-2, 5)`, `lin(0 .. 1, 3)`, `zip(r = […], lora_alpha = […])`,
 * `random(loguniform(1e-4 .. 1e-2), n = 8, seed = 1)`, `power(ranks.eval_loss ~ r)`.
 */
export interface CallExpr extends Span {
  kind: 'Call';
  callee: Identifier;
  args: Array<Expr | NamedArg>;
  closed: boolean;
}

/** `sweep [a, b, c]`: an explicit grid axis. */
export interface SweepExpr extends Span {
  kind: 'Sweep';
  keyword: Span;
  values: ListExpr | ErrorExpr;
}

/** `isoflop [1e15, 3e15] { … }`: one trial per budget; steps chosen so 6·N·D meets the budget. */
export interface IsoflopExpr extends Span {
  kind: 'Isoflop';
  keyword: Span;
  budgets: ListExpr | ErrorExpr;
  options?: Block;
}

/**
 * A constructor: a head name, an optional argument, an optional body.
 * `transformer { … }`, `lora { … }`, `adamw { lr = 3e-4 }`, `corpus "sotu" { holdout = 10% }`,
 * `csv "results.csv"`.
 */
export interface ConstructExpr extends Span {
  kind: 'Construct';
  head: Identifier;
  arg?: Expr;
  body?: Block;
}

/** `y ~ x1, x2`: the response and inputs of a law (inside a law form's parentheses). */
export interface RelationExpr extends Span {
  kind: 'Relation';
  y: Expr;
  x: Expr[];
}

/** `( expr )` kept so the formatter and ranges stay faithful. */
export interface ParenExpr extends Span {
  kind: 'Paren';
  inner: Expr;
  closed: boolean;
}

/** Stands in for a missing or unparsable value; the parser has reported why. */
export interface ErrorExpr extends Span {
  kind: 'Error';
}

export type Expr =
  | NumberLiteral
  | StringLiteral
  | BooleanLiteral
  | Reference
  | ListExpr
  | BinaryExpr
  | UnaryExpr
  | RangeExpr
  | CallExpr
  | SweepExpr
  | IsoflopExpr
  | ConstructExpr
  | RelationExpr
  | ParenExpr
  | Block
  | ErrorExpr;

// ───────────────────────────── blocks and entries ─────────────────────────────

/** `key = value` or a nested block `pretrain { … }` (then `value` is the Block, `equals` absent). */
export interface Assignment extends Span {
  kind: 'Assignment';
  /** Usually one segment; dotted keys (`lora.r = 4`) override a field of a referenced block. */
  key: Reference;
  /** Offset of `=`, when written. */
  equals?: number;
  value: Expr;
}

/** `{ entries }`. */
export interface Block extends Span {
  kind: 'Block';
  entries: Assignment[];
  closed: boolean;
}

// ───────────────────────────── top-level declarations ─────────────────────────────

export type DeclKeyword = 'data' | 'model' | 'adapter' | 'run' | 'law' | 'predict';

/**
 * `data NAME = VALUE`, `model NAME = VALUE`, `adapter NAME = VALUE`, `run NAME { … }`.
 * `value` is usually a ConstructExpr; for `run` it is absent and `body` holds the entries.
 */
export interface BlockDecl extends Span {
  kind: 'BlockDecl';
  keyword: 'data' | 'model' | 'adapter' | 'run';
  keywordSpan: Span;
  name?: Identifier;
  value?: Expr;
  /** For `run NAME { … }`; for the others the body lives in `value` (a ConstructExpr). */
  body?: Block;
}

/**
 * A law:
 *   `law rank_law = power(ranks.eval_loss ~ r) by adapter { loss = huber }`
 *   `law l = fit "E + A*N^-a + B*D^-b" (run.eval_loss ~ N, D) { … }`
 *   `law l = chinchilla(loss ~ N, D) from csv "results.csv"`
 * The expression string of `fit` stays a string: core/laws parses the math.
 */
export interface LawDecl extends Span {
  kind: 'LawDecl';
  keyword: 'law';
  keywordSpan: Span;
  name?: Identifier;
  /** Built-in form name (`power`, `chinchilla`, …) or `fit` for a custom expression. */
  form?: Identifier;
  /** The math of `fit "…"`. */
  expression?: StringLiteral;
  relation?: RelationExpr;
  /** `by adapter`: group trials by this axis/config key. */
  by?: Reference;
  /** `from csv "file.csv"` or `from RUN`. */
  from?: Expr;
  options?: Block;
}

/** `predict LAW at r = [64, 128]` or `predict LAW at N = [1e6, 1e7], D = [1e8, 1e9]` (zipped). */
export interface PredictDecl extends Span {
  kind: 'PredictDecl';
  keyword: 'predict';
  keywordSpan: Span;
  law?: Reference;
  points: NamedArg[];
}

export type Declaration = BlockDecl | LawDecl | PredictDecl;

export interface PeftFile extends Span {
  kind: 'File';
  declarations: Declaration[];
  /** Every comment in source order (not attached to nodes; use offsets to place them). */
  comments: Comment[];
}

export type AnyNode = PeftFile | Declaration | Assignment | NamedArg | Identifier | Comment | Expr;
