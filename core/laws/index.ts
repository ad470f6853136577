/**
 * core/laws: law math, built-in laws, fitting with intervals, predictions, compute-optimal
 * allocation, and law data from plans and CSV files. Pure TypeScript, no I/O.
 */
export type * from './types';
export type { ExprNode, ExprError, ExprSpan } from './expr/ast';
export { parseExpression, type ExprParseResult } from './expr/parse';
export { compileExpression, freeParameters, type CompiledExpr } from './expr/compile';
export { BUILTIN_LAWS, builtinLaw, annealingAreas, scaleLearningRate } from './builtins';
export { customLaw } from './custom';
export { resolveLaw, evaluateLaw, evaluateMany } from './resolve';
export { fitLaw, DEFAULT_FIT_OPTIONS, type FitRequest } from './fit';
export { predict, curveSamples } from './predict';
export {
  chinchillaOptimal,
  chinchillaOptimalNumeric,
  chinchillaParamsOf,
  computeOptimalFor,
  type ChinchillaParams,
} from './compute-optimal';
export {
  pointsFromTrials,
  trialValue,
  groupLabel,
  type TrialResults,
  type GroupedPoints,
} from './points';
export { annealingPoints } from './curve-points';
export { parseCsv, pointsFromCsv, type CsvTable } from './csv';
export { fitPlanLaws, fitOptionsFromSpec, type FitPlanOptions } from './fit-plan';
export { makeRng, quantile } from './bootstrap';
export { reviveFit } from './revive';
export { huber } from './objective';
