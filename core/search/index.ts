/**
 * core/search: early-stopping pruners (ASHA, Hyperband, median), TPE with a JSON state and
 * batched suggestions, and law-guided design of the next trials (`suggestTrials` writes them as a
 * run block for `peft suggest` and the editor). Pure TypeScript, no I/O (docs/search.md).
 */
export type * from './types';
export { ashaDecide, ashaRungs, promotable, type AshaOptions } from './asha';
export { hyperbandDecide, hyperbandBrackets, bracketOf, type HyperbandOptions } from './hyperband';
export { medianDecide, median, type MedianOptions } from './median';
export { validateSpace, sampleUniform, type Axis, type Params } from './space';
export {
  createTpe,
  suggest,
  tell,
  DEFAULT_TPE_OPTIONS,
  type TpeOptions,
  type TpeState,
  type TpeTrial,
} from './tpe';
export { serializeTpe, reviveTpe } from './tpe-state';
export {
  axisImportance,
  ranks,
  type AxisImportance,
  type AxisScalar,
  type ImportanceTrial,
} from './importance';
export {
  proposeTrials,
  predictionWidth,
  trainingFlops,
  type DesignCandidate,
  type DesignRequest,
  type DesignPick,
} from './design';
export { decideEarlyStop, earlyStopRungs, prunerValue } from './spec';
export { candidatePlans } from './design-plans';
export {
  suggestTrials,
  SuggestError,
  type SuggestInput,
  type SuggestOptions,
  type Suggestion,
  type SuggestedTrial,
} from './suggest';
