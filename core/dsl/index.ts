/**
 * Public API of the `.peft` language core. Import from here, not from the files.
 */
export type * from './ast';
export type { Diagnostic, Severity, QuickFix, RelatedInfo, DiagnosticCode } from './diagnostics';
export { DiagnosticCodes, diagnostic } from './diagnostics';
export type { Position, LineMap } from './positions';
export { createLineMap, computeLineStarts, offsetToPosition, positionToOffset } from './positions';
export { parse, type ParseResult } from './parser';
export { lex, type Token, type TokenType, type LexResult } from './lexer';
export { closestName, editDistance } from './suggest';
export { format, type FormatResult } from './format';
