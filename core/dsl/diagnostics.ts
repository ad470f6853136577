/**
 * Diagnostics shared by the parser, the analysis and the language server.
 *
 * Every diagnostic has a stable `code` (tests and code actions switch on it, never on the
 * message), a severity, a message that tells the user what to do, an exact `[start, end)` offset
 * range, and optional `data` describing a quick fix. Ranges are UTF-16 offsets into the text
 * (see positions.ts for line/column).
 */
import type { Span } from './ast';

export type Severity = 'error' | 'warning' | 'info' | 'hint';

/**
 * A machine-applicable fix. `range` defaults to the diagnostic's range.
 * - replace: put `text` in place of the range (did-you-mean, alias → PEFT name, nearest valid value)
 * - remove:  delete the range (an incompatible option, a duplicate entry)
 * - insert:  insert `text` at `offset` (default: the range's end), e.g. a missing `}`
 */
export type QuickFix =
  | { kind: 'replace'; text: string; title?: string; range?: Span }
  | { kind: 'remove'; title?: string; range?: Span }
  | { kind: 'insert'; text: string; title?: string; offset?: number };

export interface RelatedInfo {
  message: string;
  range: Span;
}

export interface Diagnostic {
  code: DiagnosticCode;
  severity: Severity;
  message: string;
  range: Span;
  /** The quick fix, when one exists. */
  data?: QuickFix;
  /** Other places that explain this one (the first definition of a duplicate, a cycle's members). */
  related?: RelatedInfo[];
}

/**
 * The stable codes. Parse problems start `parse-`; analysis problems name their concern.
 * Add new codes here (append only; never rename a shipped code).
 */
export const DiagnosticCodes = {
  // lexer / parser
  invalidCharacter: 'parse-invalid-character',
  unterminatedString: 'parse-unterminated-string',
  invalidNumber: 'parse-invalid-number',
  expectedToken: 'parse-expected',
  unexpectedToken: 'parse-unexpected',
  unclosedBracket: 'parse-unclosed',
  unknownDeclaration: 'parse-unknown-declaration',
  // names
  undefinedReference: 'undefined-reference',
  duplicateName: 'duplicate-name',
  duplicateKey: 'duplicate-key',
  cyclicReference: 'cyclic-reference',
  wrongKind: 'wrong-kind',
  // catalog
  unknownParameter: 'unknown-parameter',
  parameterAlias: 'parameter-alias',
  unknownMethod: 'unknown-method',
  unknownModelFamily: 'unknown-model-family',
  unknownCorpus: 'unknown-corpus',
  unknownOptimizer: 'unknown-optimizer',
  unknownSchedule: 'unknown-schedule',
  unknownLawForm: 'unknown-law-form',
  unknownEnumValue: 'unknown-enum-value',
  typeMismatch: 'type-mismatch',
  outOfRange: 'out-of-range',
  notInteger: 'not-integer',
  incompatibleOption: 'incompatible-option',
  missingRequired: 'missing-required',
  notRunnable: 'not-runnable',
  // expressions and sweeps
  divisionByZero: 'division-by-zero',
  invalidSweep: 'invalid-sweep',
  tooManyTrials: 'too-many-trials',
  zipLengthMismatch: 'zip-length-mismatch',
  emptySweep: 'empty-sweep',
  unknownFunction: 'unknown-function',
  estimateFailed: 'estimate-failed',
  // adaptive search (`search = tpe { … }`, core/plan/search.ts)
  invalidSearch: 'invalid-search',
  // early stopping: the run's evals must land on the pruner's rungs (core/plan/early-stop.ts)
  earlyStopRungs: 'early-stop-rungs',
  // laws
  invalidLaw: 'invalid-law',
  invalidPredict: 'invalid-predict',
  // style / advice
  unusedDeclaration: 'unused-declaration',
  largeScale: 'lora-alpha-scale',
  // Hugging Face target_modules against the real module tree (core/plan/checks/hf-targets.ts)
  hfConfigUnreadable: 'hf-config-unreadable',
  hfTargetUnmatched: 'hf-target-unmatched',
  hfTargetNoneMatched: 'hf-target-none-matched',
  hfTargetUnsupported: 'hf-target-unsupported',
  hfTargetInvalid: 'hf-target-invalid',
  hfPatternUnused: 'hf-pattern-unused',
  hfPatternShadowed: 'hf-pattern-shadowed',
  hfAllLinearLayers: 'hf-all-linear-ignores-layers',
  // data files named in the file (core/plan/checks/data-files.ts)
  dataFileUnreadable: 'data-file-unreadable',
  dataFileBadRecord: 'data-file-bad-record',
  dataFileEmpty: 'data-file-empty',
  dataFileNoLabels: 'data-file-no-labels',
  // a bug in the analysis itself, reported on the node it was checking
  internalError: 'internal-error',
  // limits that keep hostile input from hanging or crashing the tools (docs/security.md)
  expressionTooLarge: 'expression-too-large',
} as const;

/** Every code the analysis can report: a closed union, so a misspelt code fails type-checking. */
export type DiagnosticCode = (typeof DiagnosticCodes)[keyof typeof DiagnosticCodes];

/** Builds a diagnostic; a convenience so call sites stay one line. */
export function diagnostic(
  code: DiagnosticCode,
  severity: Severity,
  message: string,
  range: Span,
  data?: QuickFix,
): Diagnostic {
  const d: Diagnostic = { code, severity, message, range: { start: range.start, end: range.end } };
  if (data) d.data = data;
  return d;
}
