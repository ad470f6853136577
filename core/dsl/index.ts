/**
 * Public API of the `.peft` language core. Import from here, not from the files.
 */
export type * from './ast';
export type { Diagnostic, Severity, QuickFix, RelatedInfo, DiagnosticCode } from './diagnostics';
export { DiagnosticCodes, diagnostic } from './diagnostics';
export type { Position, LineMap } from './positions';
export { createLineMap, computeLineStarts, offsetToPosition, positionToOffset } from './positions';
